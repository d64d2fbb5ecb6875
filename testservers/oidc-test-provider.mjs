// A real OpenID Connect provider (npm oidc-provider) for mcppol's tests: issues JWT access tokens by
// the client credentials grant, bound to one resource (RFC 8707 resource indicator) and carrying the
// client's groups and tenant as claims. Loopback only; the port, issuer and clients come from the
// environment:
//
//   PORT=4000 OIDC_RESOURCES='http://127.0.0.1:8080/mcp,http://127.0.0.1:9/other' \
//   OIDC_CLIENTS='[{"client_id":"alice","client_secret":"...","groups":["analysts"],"tenant":"acme"}]' \
//   node testservers/oidc-test-provider.mjs
//
// It prints "oidc-provider listening on port N" on stderr once it accepts connections. The JWKS is at
// /jwks, the token endpoint at /token (both listed in /.well-known/openid-configuration).
import { generateKeyPairSync } from "node:crypto";
import Provider, { errors } from "oidc-provider";

const port = Number(process.env.PORT || 0);
const issuer = `http://127.0.0.1:${port}`;
const resources = (process.env.OIDC_RESOURCES || "").split(",").filter(Boolean);
const clients = JSON.parse(process.env.OIDC_CLIENTS || "[]");
const byId = new Map(clients.map((c) => [c.client_id, c]));

const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: "jwk" }), kid: "test-rs256", alg: "RS256", use: "sig" };

const provider = new Provider(issuer, {
  jwks: { keys: [jwk] },
  clients: clients.map((c) => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    grant_types: ["client_credentials"],
    redirect_uris: [],
    response_types: [],
    scope: c.scope || "mcp:tools",
    token_endpoint_auth_method: "client_secret_post",
  })),
  scopes: ["mcp:tools", "mcp:admin"],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined,
      useGrantedResource: () => false,
      getResourceServerInfo: (ctx, resourceIndicator) => {
        if (!resources.includes(resourceIndicator)) {
          throw new errors.InvalidTarget();
        }
        return {
          scope: "mcp:tools mcp:admin",
          audience: resourceIndicator,
          accessTokenTTL: 600,
          accessTokenFormat: "jwt",
          jwt: { sign: { alg: "RS256" } },
        };
      },
    },
  },
  extraTokenClaims: (ctx, token) => {
    const c = byId.get(token.clientId);
    if (!c) return undefined;
    const extra = {};
    if (c.groups) extra.groups = c.groups;
    if (c.tenant) extra.tenant = c.tenant;
    return extra;
  },
});
provider.on("server_error", (ctx, err) => console.error("oidc-provider server_error:", err));

const server = provider.listen(port, "127.0.0.1", () => {
  console.error(`oidc-provider listening on port ${server.address().port}`);
});
const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);

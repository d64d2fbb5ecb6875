package dev.mcppol.runtime.proxy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;

/** An issuer made in the test: its RSA key, its JWKS file, and tokens — good ones and forged ones. */
final class TestTokens {
    static final String ISSUER = "https://issuer.test";
    final RSAKey key;
    final RSAKey otherKey;
    final String resource;

    TestTokens(String resource) throws Exception {
        this.key = new RSAKeyGenerator(2048).keyID("k1").generate();
        this.otherKey = new RSAKeyGenerator(2048).keyID("k2").generate();
        this.resource = resource;
    }

    Path writeJwks(Path dir) throws Exception {
        Path f = dir.resolve("jwks.json");
        Files.writeString(f, new JWKSet(key.toPublicJWK()).toString());
        return f;
    }

    JWTClaimsSet.Builder claims(String sub) {
        long now = System.currentTimeMillis();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject(sub).audience(resource)
                .issueTime(new Date(now)).expirationTime(new Date(now + 600_000)).claim("scope", "mcp:tools")
                .claim("groups", List.of("analysts")).claim("tenant", "acme");
    }

    String token(String sub) throws Exception {
        return sign(claims(sub).build(), key, "k1");
    }

    String token(String sub, Consumer<JWTClaimsSet.Builder> change) throws Exception {
        JWTClaimsSet.Builder b = claims(sub);
        change.accept(b);
        return sign(b.build(), key, "k1");
    }

    static String sign(JWTClaimsSet claims, RSAKey with, String kid) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid)
                .type(new JOSEObjectType("at+jwt")).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    /** Every way of forging a token the proxy must refuse, by name. */
    java.util.Map<String, String> forged() throws Exception {
        java.util.Map<String, String> f = new java.util.LinkedHashMap<>();
        long now = System.currentTimeMillis();
        f.put("signed with another key under the issuer's kid", sign(claims("mallory").build(), otherKey, "k1"));
        f.put("alg none", new PlainJWT(claims("mallory").build()).serialize());
        SignedJWT hs = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("k1").build(), claims("mallory").build());
        hs.sign(new MACSigner(key.toPublicKey().getEncoded())); // the issuer's public key used as an HMAC secret
        f.put("HS256 keyed with the public key", hs.serialize());
        f.put("expired", token("mallory", b -> b.issueTime(new Date(now - 3_600_000)).expirationTime(new Date(now - 600_000))));
        f.put("not yet valid", token("mallory", b -> b.notBeforeTime(new Date(now + 600_000))));
        f.put("wrong issuer", token("mallory", b -> b.issuer("https://evil.test")));
        f.put("wrong audience", token("mallory", b -> b.audience("https://somewhere.else/mcp")));
        f.put("unknown kid", sign(claims("mallory").build(), otherKey, "k2"));
        f.put("token for another resource", token("mallory", b -> b.audience(resource + "/other")));
        f.put("no exp", token("mallory", b -> b.expirationTime(null)));
        f.put("no identity claim", token(null));
        String good = token("mallory");
        f.put("tampered payload", good.substring(0, good.indexOf('.') + 1)
                + com.nimbusds.jose.util.Base64URL.encode(claims("admin").build().toString()) + good.substring(good.lastIndexOf('.')));
        f.put("garbage", "not-a-jwt");
        return f;
    }
}

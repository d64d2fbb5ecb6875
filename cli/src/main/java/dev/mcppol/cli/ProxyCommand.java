package dev.mcppol.cli;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.runtime.auth.AuthOptions;
import dev.mcppol.runtime.auth.UpstreamHeader;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.TextRenderer;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.BundleFormatException;
import dev.mcppol.runtime.limit.RedisLimiterOptions;
import dev.mcppol.runtime.handler.ApprovalConfig;
import dev.mcppol.runtime.proxy.BundleSource;
import dev.mcppol.runtime.handler.DriftAction;
import dev.mcppol.runtime.proxy.HttpProxy;
import dev.mcppol.runtime.proxy.ProxyConfig;
import dev.mcppol.runtime.proxy.ProxyRunner;
import dev.mcppol.runtime.proxy.ProxyStartException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "proxy", description = {
    "Enforce a policy on live MCP traffic.",
    "stdio:  mcppol proxy --bundle B -- CMD ARGS...",
    "HTTP:   mcppol proxy --bundle B --listen 127.0.0.1:PORT --upstream URL"})
public final class ProxyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    static final class Source {
        @Option(names = "--bundle", required = true, paramLabel = "FILE", description = "A compiled bundle.")
        Path bundle;

        @Option(names = "--policy", required = true, paramLabel = "FILE", description = "A policy (any format), compiled in memory.")
        Path policy;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Mixin
    PolicyOptions policyOptions;

    @Option(names = "--watch", description = "Reload the bundle (or policy) when its file changes; a bad one is logged and ignored.")
    boolean watch;

    @Option(names = "--identity", paramLabel = "NAME", description = "stdio: who the agent acts for.")
    String identity;

    @Option(names = "--claims", paramLabel = "FILE", description = "stdio: a JSON file of the claims the agent's calls carry (what a verified token gives on HTTP).")
    Path claims;

    @Option(names = "--redact-claim", paramLabel = "PATH", description = "A claim (dotted path) to redact in recordings (repeatable).")
    List<String> redactClaims = new ArrayList<>();

    @Option(names = "--identity-header", paramLabel = "HEADER", description = "HTTP: the request header that names the identity.")
    String identityHeader;

    @Option(names = "--log", paramLabel = "FILE", description = "Append every decision to this JSONL file.")
    Path log;

    @Option(names = "--log-args", description = "Also log the (redacted) arguments, not only their SHA-256.")
    boolean logArgs;

    @Option(names = "--record", paramLabel = "FILE", description = "Record the session as a transcript (v1) with each decision as its expect.")
    Path record;

    @Option(names = "--redact", paramLabel = "PATH", description = "Argument path to redact in recordings and logged arguments, e.g. headers.x-token (repeatable; * matches any key).")
    List<String> redact = new ArrayList<>();

    @Option(names = "--approvals", paramLabel = "MODE", converter = ApprovalModeConverter.class,
            description = "How a person approves what an ask rule stops: auto (ask the user through the client when it"
                    + " supports elicitation, else queue for `mcppol approvals`), queue, or off (default: auto).")
    ApprovalConfig.Mode approvals = ApprovalConfig.Mode.AUTO;

    @Option(names = "--approval-timeout", paramLabel = "DURATION",
            description = "How long a call waits for the user's answer before it is denied (default: 120s).")
    String approvalTimeout;

    @Option(names = "--approvals-dir", paramLabel = "DIR",
            description = "Where queued approvals are kept without --redis (default: $MCPPOL_APPROVALS, else ~/.mcppol/approvals).")
    Path approvalsDir;

    static final class ApprovalModeConverter implements picocli.CommandLine.ITypeConverter<ApprovalConfig.Mode> {
        @Override
        public ApprovalConfig.Mode convert(String value) {
            switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "auto":
                    return ApprovalConfig.Mode.AUTO;
                case "queue":
                    return ApprovalConfig.Mode.QUEUE;
                case "off":
                    return ApprovalConfig.Mode.OFF;
                default:
                    throw new picocli.CommandLine.TypeConversionException("expected auto, queue or off, not '" + value + "'");
            }
        }
    }

    @Option(names = "--on-drift", paramLabel = "ACTION", converter = DriftActionConverter.class,
            description = "When a live tool schema differs from the bundle's: warn or deny (default: warn).")
    DriftAction onDrift = DriftAction.WARN;

    /** Lower-case words on the command line, like every other mcppol option value. */
    static final class DriftActionConverter implements picocli.CommandLine.ITypeConverter<DriftAction> {
        @Override
        public DriftAction convert(String value) {
            switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "warn":
                    return DriftAction.WARN;
                case "deny":
                    return DriftAction.DENY;
                default:
                    throw new picocli.CommandLine.TypeConversionException("expected warn or deny, got '" + value + "'");
            }
        }
    }

    @Option(names = "--max-message-bytes", paramLabel = "N", description = "Largest client message accepted (default: 10 MB).")
    int maxMessageBytes = dev.mcppol.runtime.proxy.MessageGate.DEFAULT_MAX_MESSAGE_BYTES;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "HTTP: where to listen.")
    String listen;

    @Option(names = "--upstream", paramLabel = "URL", description = "HTTP: the server's MCP endpoint, e.g. http://127.0.0.1:3001/mcp.")
    URI upstream;

    @Option(names = "--allow-origin", paramLabel = "ORIGIN", description = "HTTP: a browser Origin to accept besides loopback ones (repeatable).")
    List<String> allowOrigins = new ArrayList<>();

    @Option(names = "--allow-host", paramLabel = "NAME",
            description = "HTTP: a Host name to accept besides IP literals, localhost and the listen host (repeatable; DNS-rebinding defence).")
    List<String> allowHosts = new ArrayList<>();

    @Option(names = "--redis", paramLabel = "URL",
            description = "Keep rate-limit state in Redis, shared by every proxy using it: redis://HOST[:PORT][/DB] (rediss:// for TLS). Default: in memory.")
    String redis;

    @Option(names = "--redis-fail", paramLabel = "MODE", converter = FailModeConverter.class,
            description = "While Redis is unreachable, rate-limited calls are denied (closed, the default) or admitted unchecked (open).")
    RedisLimiterOptions.FailMode redisFail;

    /** closed | open, lower case like every other mcppol option value. */
    static final class FailModeConverter implements picocli.CommandLine.ITypeConverter<RedisLimiterOptions.FailMode> {
        @Override
        public RedisLimiterOptions.FailMode convert(String value) {
            switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "closed":
                    return RedisLimiterOptions.FailMode.CLOSED;
                case "open":
                    return RedisLimiterOptions.FailMode.OPEN;
                default:
                    throw new picocli.CommandLine.TypeConversionException("expected closed or open, got '" + value + "'");
            }
        }
    }

    @Option(names = "--auth-jwks", paramLabel = "URL|FILE",
            description = "HTTP: require bearer JWTs signed by a key of this JWK set (an https URL, cached and refreshed on an unknown kid, or a file).")
    String authJwks;

    @Option(names = "--auth-issuer", paramLabel = "ISS", description = "HTTP: the exact iss every token must carry (the authorization server).")
    String authIssuer;

    @Option(names = "--auth-audience", paramLabel = "URL",
            description = "HTTP: the proxy's own resource URL (RFC 8707); every token's aud must contain it.")
    URI authAudience;

    @Option(names = "--auth-required-scope", paramLabel = "SCOPE", description = "HTTP: a scope every token must carry (repeatable; 403 without).")
    List<String> authScopes = new ArrayList<>();

    @Option(names = "--identity-claim", paramLabel = "CLAIM", description = "HTTP with --auth-*: the claim that is the identity (default: sub).")
    String identityClaim;

    @Option(names = "--auth-clock-skew", paramLabel = "SECONDS", description = "HTTP with --auth-*: tolerance on exp and nbf (default: 30).")
    Integer authSkew;

    @Option(names = "--upstream-header", paramLabel = "NAME=VALUE",
            description = "HTTP: a header set on every request to the server (repeatable): NAME=VALUE, NAME=@FILE or NAME=env:VAR.")
    List<String> upstreamHeaders = new ArrayList<>();

    @Parameters(paramLabel = "CMD", arity = "0..*", description = "stdio: the server command and its arguments, after --.")
    List<String> command = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        String notABundle = source.bundle == null ? null : NotABundle.describe(source.bundle);
        if (notABundle != null) {
            spec.commandLine().getErr().println("mcppol proxy: " + notABundle);
            return ExitCodes.UNUSABLE;
        }
        ProxyConfig config;
        try {
            config = new ProxyConfig().bundle(source.bundle != null
                            ? BundleSource.file(source.bundle, policyOptions.verifyKey())
                            : new PolicySource(source.policy, policyOptions.toOptions()))
                    .watch(watch).identity(identity).identityHeader(identityHeader).decisionLog(log, logArgs)
                    .record(record).redact(redact).onDrift(onDrift).maxMessageBytes(maxMessageBytes)
                    .command(command).allowOrigins(allowOrigins).allowHosts(allowHosts).redis(redis)
                    .approvals(approvals).approvalsDir(approvalsDir);
            if (approvalTimeout != null) {
                long ms = dev.mcppol.runtime.model.Durations.parse(approvalTimeout);
                if (ms <= 0) {
                    throw new IllegalArgumentException("--approval-timeout takes a duration like 30s or 2m, not '"
                            + approvalTimeout + "'");
                }
                config.approvalTimeoutMillis(ms);
            }
            if (redisFail != null) {
                // A fail mode for a store that is not used is a mistake worth saying, not ignoring.
                if (redis == null) {
                    throw new IllegalArgumentException("--redis-fail needs --redis URL");
                }
                config.redisFailMode(redisFail);
            }
            if (authJwks != null || authIssuer != null || authAudience != null) {
                if (authJwks == null || authIssuer == null || authAudience == null) {
                    throw new IllegalArgumentException("--auth-jwks, --auth-issuer and --auth-audience go together");
                }
                config.auth(new AuthOptions(authJwks, authIssuer, authAudience, authScopes, identityClaim,
                        authSkew == null ? AuthOptions.DEFAULT_SKEW_SECONDS : authSkew));
            } else if (!authScopes.isEmpty() || identityClaim != null || authSkew != null) {
                throw new IllegalArgumentException("--auth-required-scope, --identity-claim and --auth-clock-skew need --auth-jwks,"
                        + " --auth-issuer and --auth-audience");
            }
            config.redactClaims(redactClaims);
            if (claims != null) {
                config.claims(ClaimsFile.read(claims));
            }
            List<UpstreamHeader> headers = new ArrayList<>();
            for (String h : upstreamHeaders) {
                headers.add(UpstreamHeader.parse(h, System.getenv()));
            }
            config.upstreamHeaders(headers);
            if (listen != null) {
                config.listen(listen);
            }
            if (upstream != null) {
                config.upstream(upstream);
            }
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("mcppol proxy: " + e.getMessage());
            return ExitCodes.UNUSABLE;
        }
        try (ProxyRunner runner = ProxyRunner.prepare(config, System.err)) {
            if (!config.isHttp()) {
                // stdout belongs to the JSON-RPC stream: nothing else is ever printed there.
                return runner.runStdio();
            }
            HttpProxy http = runner.startHttp();
            Runtime.getRuntime().addShutdownHook(new Thread(http::close, "mcppol-proxy-shutdown"));
            http.join();
            return ExitCodes.OK;
        } catch (ProxyStartException e) {
            spec.commandLine().getErr().println("mcppol proxy: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return ExitCodes.UNUSABLE;
        }
    }

    /** {@code --policy}: the policy compiled in memory, its diagnostics as the failure message. */
    static final class PolicySource implements BundleSource {
        private final Path policy;
        private final PolicyCompiler.Options options;

        PolicySource(Path policy, PolicyCompiler.Options options) {
            this.policy = policy;
            this.options = options;
        }

        @Override
        public Bundle load() throws BundleFormatException {
            CompileResult r = new PolicyCompiler().compile(policy, options);
            if (!r.ok() || r.bundle() == null) {
                throw new BundleFormatException(policy + " does not compile:\n"
                        + new TextRenderer(r.sources()).render(r.diagnostics().sorted()).stripTrailing());
            }
            return r.bundle();
        }

        @Override
        public Path file() {
            return policy;
        }
    }
}

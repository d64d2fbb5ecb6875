package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.handler.ApprovalConfig;
import dev.mcppol.runtime.handler.DriftAction;
import dev.mcppol.runtime.limit.RedisLimiterOptions;
import dev.mcppol.runtime.limit.RedisUrl;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything {@code mcppol proxy} is configured with; the CLI maps its options onto this one-to-one.
 * Fluent setters, since most options have defaults and a constructor with twenty parameters reads badly.
 */
public final class ProxyConfig {
    BundleSource bundle;
    boolean watch;
    long watchIntervalMillis = 500;
    String identity;
    String identityHeader;
    Path decisionLog;
    boolean logArguments;
    Path record;
    final List<String> redact = new ArrayList<>();
    DriftAction onDrift = DriftAction.WARN;
    int maxMessageBytes = MessageGate.DEFAULT_MAX_MESSAGE_BYTES;
    final List<String> command = new ArrayList<>();
    long graceMillis = 2000;
    String listenHost;
    int listenPort;
    URI upstream;
    final List<String> allowedOrigins = new ArrayList<>();
    final List<String> allowedHosts = new ArrayList<>();
    String redisUrl;
    ApprovalConfig.Mode approvals = ApprovalConfig.Mode.AUTO;
    long approvalTimeoutMillis = ApprovalConfig.DEFAULT_TIMEOUT_MILLIS;
    Path approvalsDir;
    RedisLimiterOptions.FailMode redisFailMode = RedisLimiterOptions.FailMode.CLOSED;
    dev.mcppol.runtime.auth.AuthOptions auth;
    final List<dev.mcppol.runtime.auth.UpstreamHeader> upstreamHeaders = new ArrayList<>();
    tools.jackson.databind.JsonNode claims;
    final List<String> redactClaims = new ArrayList<>();

    public ProxyConfig bundle(BundleSource source) {
        this.bundle = source;
        return this;
    }

    public ProxyConfig watch(boolean on) {
        this.watch = on;
        return this;
    }

    public ProxyConfig watchIntervalMillis(long ms) {
        this.watchIntervalMillis = ms;
        return this;
    }

    /** stdio: who the agent acts for. */
    public ProxyConfig identity(String id) {
        this.identity = id;
        return this;
    }

    /** HTTP: the request header that carries the identity. */
    public ProxyConfig identityHeader(String header) {
        this.identityHeader = header;
        return this;
    }

    /** stdio: the claims the agent's calls carry (an object), as a verified token would give them on HTTP. */
    public ProxyConfig claims(tools.jackson.databind.JsonNode verifiedClaims) {
        if (verifiedClaims != null && !verifiedClaims.isObject()) {
            throw new IllegalArgumentException("--claims must hold a JSON object (claim names to values)");
        }
        this.claims = verifiedClaims;
        return this;
    }

    /** Claim paths replaced by a marker in recordings. */
    public ProxyConfig redactClaims(List<String> claimPaths) {
        this.redactClaims.addAll(claimPaths);
        return this;
    }

    public ProxyConfig decisionLog(Path file, boolean withArguments) {
        this.decisionLog = file;
        this.logArguments = withArguments;
        return this;
    }

    public ProxyConfig record(Path file) {
        this.record = file;
        return this;
    }

    public ProxyConfig redact(List<String> argumentPaths) {
        this.redact.addAll(argumentPaths);
        return this;
    }

    public ProxyConfig onDrift(DriftAction action) {
        this.onDrift = action;
        return this;
    }

    public ProxyConfig maxMessageBytes(int bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("--max-message-bytes must be positive");
        }
        this.maxMessageBytes = bytes;
        return this;
    }

    /** stdio: the server command and its arguments. */
    public ProxyConfig command(List<String> cmd) {
        this.command.addAll(cmd);
        return this;
    }

    /** stdio: how long the server gets after its stdin closes, and again after SIGTERM. */
    public ProxyConfig graceMillis(long ms) {
        this.graceMillis = ms;
        return this;
    }

    /** HTTP: {@code HOST:PORT} to listen on (port 0: any free port). */
    public ProxyConfig listen(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("--listen needs HOST:PORT, e.g. 127.0.0.1:8080 (got '" + hostPort + "')");
        }
        try {
            this.listenPort = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--listen: '" + hostPort.substring(colon + 1) + "' is not a port number");
        }
        if (listenPort < 0 || listenPort > 65535) {
            throw new IllegalArgumentException("--listen: port " + listenPort + " is out of range");
        }
        this.listenHost = hostPort.substring(0, colon).replace("[", "").replace("]", "");
        return this;
    }

    public ProxyConfig upstream(URI url) {
        if (url.getScheme() == null || !(url.getScheme().equals("http") || url.getScheme().equals("https"))
                || url.getHost() == null) {
            throw new IllegalArgumentException("--upstream needs an http(s) URL such as http://127.0.0.1:3001/mcp (got '"
                    + url + "')");
        }
        this.upstream = url;
        return this;
    }

    /** HTTP: {@code Host} names accepted besides IP literals, localhost and the listen host ({@code *}: any). */
    public ProxyConfig allowHosts(List<String> names) {
        this.allowedHosts.addAll(names);
        return this;
    }

    /** HTTP: browser origins allowed besides the loopback ones ({@code *} allows any). */
    public ProxyConfig allowOrigins(List<String> origins) {
        this.allowedOrigins.addAll(origins);
        return this;
    }

    /**
     * Keep rate-limit state in this Redis (shared by every replica pointed at it) instead of in
     * memory. Parsed here, so a bad URL stops the proxy before it starts rather than at the first call.
     */
    public ProxyConfig redis(String url) {
        if (url != null) {
            try {
                RedisUrl.parse(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--redis: " + e.getMessage(), e);
            }
        }
        this.redisUrl = url;
        return this;
    }

    /** What a rate-limited call gets while Redis is unreachable: refused (closed, the default) or admitted unchecked. */
    public ProxyConfig redisFailMode(RedisLimiterOptions.FailMode mode) {
        this.redisFailMode = java.util.Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** HTTP: act as an OAuth 2.1 resource server; the identity comes from verified tokens only. */
    public ProxyConfig auth(dev.mcppol.runtime.auth.AuthOptions options) {
        this.auth = options;
        return this;
    }

    /** HTTP: headers set on every upstream request (the proxy's own credential towards the server). */
    public ProxyConfig upstreamHeaders(List<dev.mcppol.runtime.auth.UpstreamHeader> headers) {
        this.upstreamHeaders.addAll(headers);
        return this;
    }

    /** How asks are approved: auto (elicitation when the client can, else the queue), queue, or off. */
    public ProxyConfig approvals(ApprovalConfig.Mode mode) {
        this.approvals = java.util.Objects.requireNonNull(mode, "mode");
        return this;
    }

    /** How long a call held for the user's approval waits before it is denied. */
    public ProxyConfig approvalTimeoutMillis(long ms) {
        if (ms <= 0) {
            throw new IllegalArgumentException("--approval-timeout must be longer than 0");
        }
        this.approvalTimeoutMillis = ms;
        return this;
    }

    /** The approvals store's directory (without --redis); default: $MCPPOL_APPROVALS or ~/.mcppol/approvals. */
    public ProxyConfig approvalsDir(Path dir) {
        this.approvalsDir = dir;
        return this;
    }

    public boolean isHttp() {
        return listenHost != null;
    }
}

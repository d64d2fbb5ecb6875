package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.auth.ResourceGuard;
import dev.mcppol.runtime.auth.TokenVerifier;
import dev.mcppol.runtime.approval.ApprovalStore;
import dev.mcppol.runtime.approval.ApprovalStores;
import dev.mcppol.runtime.approval.Approvals;
import dev.mcppol.runtime.handler.ApprovalConfig;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.handler.Caller;
import dev.mcppol.runtime.handler.SessionState;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.limit.Limiter;
import dev.mcppol.runtime.limit.RedisLimiter;
import dev.mcppol.runtime.limit.RedisLimiterOptions;
import dev.mcppol.runtime.log.DecisionLog;
import dev.mcppol.runtime.log.Redactor;
import dev.mcppol.runtime.log.TranscriptRecorder;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Assembles a proxy from a {@link ProxyConfig}: loads and verifies the bundle, opens the logs, starts
 * the watcher, then runs stdio or starts HTTP. Everything that can make the proxy unable to start is
 * checked here and reported as a {@link ProxyStartException} (exit code 2) before any traffic flows.
 */
public final class ProxyRunner implements AutoCloseable {
    private final ProxyConfig config;
    private final ProxyLog log;
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final PolicyHolder policy;
    private final DecisionLog decisionLog;
    private final TranscriptRecorder recorder;
    private final BundleWatcher watcher;
    private final SessionState stdioSession;
    private final MessageGate gate;
    private final RedisLimiter redis;
    private final LimiterLogBridge redisLog;
    private final HttpAuthentication httpAuth;
    private final ApprovalStore approvalStore;

    private ProxyRunner(ProxyConfig config, OutputStream err) throws ProxyStartException {
        this.config = config;
        this.log = new ProxyLog(err);
        if (config.bundle == null) {
            throw new ProxyStartException("no bundle: give --bundle FILE or --policy FILE");
        }
        if (config.isHttp() && !config.command.isEmpty()) {
            throw new ProxyStartException("give either --listen/--upstream (HTTP) or a server command after -- (stdio), not both");
        }
        if (!config.isHttp() && config.command.isEmpty()) {
            throw new ProxyStartException("no server: give a command after -- (stdio) or --listen and --upstream (HTTP)");
        }
        if (config.isHttp() && config.upstream == null) {
            throw new ProxyStartException("--listen needs --upstream URL");
        }
        if (config.auth != null && !config.isHttp()) {
            throw new ProxyStartException("--auth-* flags need the HTTP proxy (--listen and --upstream); on stdio use --identity");
        }
        if (config.auth != null && config.identityHeader != null) {
            // A header any client can set would undo the point of verifying tokens.
            throw new ProxyStartException("--identity-header cannot be combined with --auth-*: the identity comes from the"
                    + " verified token (--identity-claim)");
        }
        if (config.claims != null && config.isHttp()) {
            throw new ProxyStartException("--claims is for stdio; on HTTP the claims come from verified tokens (--auth-*)");
        }
        if (!config.upstreamHeaders.isEmpty() && !config.isHttp()) {
            throw new ProxyStartException("--upstream-header needs the HTTP proxy (--listen and --upstream)");
        }
        HttpAuthentication httpAuth;
        try {
            httpAuth = config.auth == null && config.upstreamHeaders.isEmpty() ? HttpAuthentication.NONE
                    : new HttpAuthentication(config.auth == null ? null
                    : new ResourceGuard(new TokenVerifier(config.auth)), config.upstreamHeaders);
        } catch (IllegalArgumentException e) {
            throw new ProxyStartException(e.getMessage(), e);
        }
        this.httpAuth = httpAuth;
        Bundle bundle;
        try {
            bundle = config.bundle.load();
        } catch (Exception e) {
            throw new ProxyStartException(e.getMessage(), e);
        }
        Redactor redactor;
        try {
            redactor = new Redactor(config.redact, config.redactClaims);
        } catch (IllegalArgumentException e) {
            throw new ProxyStartException(e.getMessage());
        }
        // stdio serves one agent for the life of the process: that is its session.
        this.stdioSession = config.isHttp() ? null
                : new SessionState(StdioSessionIds.next(), config.identity).as(Caller.of(config.identity, config.claims));
        try {
            this.decisionLog = config.decisionLog == null ? null
                    : new DecisionLog(config.decisionLog, config.logArguments, redactor);
            this.recorder = config.record == null ? null
                    : new TranscriptRecorder(config.record, redactor, System.currentTimeMillis(),
                    stdioSession == null ? null : stdioSession.session(), config.identity, config.claims,
                    config.approvals == ApprovalConfig.Mode.OFF ? 0 : config.approvalTimeoutMillis);
        } catch (IOException e) {
            throw new ProxyStartException("cannot open " + e.getMessage(), e);
        }
        // Opened after every check that can refuse the start, so a refused start leaves no Redis pool behind.
        if (config.redisUrl != null) {
            // One prefix per policy, fixed at start: a reload under another name keeps counting in the
            // same keys, as the in-memory counters survive a reload.
            this.redisLog = new LimiterLogBridge(log);
            this.redis = new RedisLimiter(RedisLimiterOptions.of(config.redisUrl, RedisLimiter.policyPrefix(bundle.policyName()))
                    .withFailMode(config.redisFailMode));
        } else {
            this.redisLog = null;
            this.redis = null;
        }
        Limiter limiter = redis == null ? new InMemoryLimiter() : new CallerClockLimiter(redis);
        this.policy = new PolicyHolder(bundle, limiter, metrics);
        this.approvalStore = config.approvals == ApprovalConfig.Mode.OFF ? null
                : ApprovalStores.open(config.approvalsDir, config.redisUrl, null);
        ApprovalConfig approvals = approvalStore == null ? ApprovalConfig.off()
                : new ApprovalConfig(config.approvals, new Approvals(approvalStore, Approvals.Settings.defaults()),
                config.approvalTimeoutMillis, true, redactor);
        this.gate = new MessageGate(policy, new MessageGate.Options(config.maxMessageBytes, config.onDrift), approvals,
                log, decisionLog, recorder, System::currentTimeMillis);
        this.watcher = config.watch ? new BundleWatcher(config.bundle, policy, log, config.watchIntervalMillis) : null;
        log.info("enforcing policy " + bundle.policyName() + " (bundle sha256 " + bundle.sha256().substring(0, 12) + ")");
        if (redis != null) {
            RedisLimiterOptions o = redis.options();
            log.info("rate limits shared through " + o.url() + " under " + o.prefix() + " (fail "
                    + o.failMode().name().toLowerCase(java.util.Locale.ROOT) + ")");
            // Not a reason to refuse to start: Redis may come up after the proxy, and until then the
            // fail mode answers. The probe only makes the loss visible in the log right away.
            redis.probe();
        }
    }

    public static ProxyRunner prepare(ProxyConfig config, OutputStream err) throws ProxyStartException {
        return new ProxyRunner(config, err);
    }

    public PolicyHolder policy() {
        return policy;
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    /**
     * Runs the stdio proxy on this process's own stdin and stdout, read and written as the files they
     * are: {@code System.in} asks the kernel how much is left after every read (two more system calls
     * per message, on the way of every call), and {@code System.out} locks and flushes through a
     * buffer of its own. Nothing else reads stdin or writes stdout while the proxy runs: they belong to
     * the JSON-RPC stream.
     */
    public int runStdio() throws ProxyStartException, InterruptedException {
        return runStdio(new java.io.FileInputStream(java.io.FileDescriptor.in),
                new java.io.FileOutputStream(java.io.FileDescriptor.out));
    }

    /** Runs the stdio proxy until the server exits; returns its exit code. */
    public int runStdio(InputStream in, OutputStream out) throws ProxyStartException, InterruptedException {
        return new StdioProxy(gate, config.command, in, out, log, stdioSession, config.graceMillis).run();
    }

    /** Starts the HTTP proxy; the caller stops it. */
    public HttpProxy startHttp() throws ProxyStartException {
        HttpProxy http = new HttpProxy(gate, metrics, log, config.listenHost, config.listenPort, config.upstream,
                config.identityHeader, config.allowedOrigins, config.allowedHosts, httpAuth,
                // a limiter or an approval store on Redis, or signing keys fetched for tokens
                config.redisUrl != null || httpAuth.enabled());
        http.start();
        if (httpAuth.enabled()) {
            log.info("bearer tokens required: issuer " + config.auth.issuer() + ", audience " + config.auth.resource()
                    + ", identity claim " + config.auth.identityClaim() + "; metadata at "
                    + httpAuth.guard().metadataUrl());
        }
        return http;
    }

    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
        try {
            if (decisionLog != null) {
                decisionLog.close();
            }
            if (recorder != null) {
                recorder.close();
            }
        } catch (IOException e) {
            log.warn("cannot close a log file: " + e.getMessage());
        }
        if (redis != null) {
            redis.close();
            redisLog.close();
        }
        if (approvalStore != null) {
            approvalStore.close();
        }
    }
}

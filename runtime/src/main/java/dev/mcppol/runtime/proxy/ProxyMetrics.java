package dev.mcppol.runtime.proxy;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters for {@code /metrics}, in the Prometheus text exposition format (version 0.0.4). Kept by
 * hand: a handful of series does not justify a metrics library in a security proxy's classpath.
 */
public final class ProxyMetrics {
    /** Upper bounds of the decision-latency buckets, in seconds. */
    private static final double[] BUCKETS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 1};

    private final Map<String, LongAdder> decisions = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    /** Every decision, tools/call included, by kind and outcome: a handful of series. */
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();
    private final LongAdder[] latencyBuckets = new LongAdder[BUCKETS.length];
    private final LongAdder latencyCount = new LongAdder();
    private final LongAdder latencyNanos = new LongAdder();
    private final LongAdder reloadsOk = new LongAdder();
    private final LongAdder reloadsFailed = new LongAdder();
    private final LongAdder limiterErrors = new LongAdder();
    private final LongAdder refused = new LongAdder();

    public ProxyMetrics() {
        for (int i = 0; i < BUCKETS.length; i++) {
            latencyBuckets[i] = new LongAdder();
        }
    }

    /** Label shared by every tool name neither the policy nor the server knows. */
    public static final String UNKNOWN_TOOL = "(unknown)";
    /** Most series of {@code mcppol_decisions_total}; past it, new tools share {@link #UNKNOWN_TOOL}. */
    static final int MAX_SERIES = 2048;

    public void decision(String outcome, String tool, long nanos) {
        decision(outcome, tool, "tool", true, nanos);
    }

    public void decision(String outcome, String tool, String kind, long nanos) {
        decision(outcome, tool, kind, true, nanos);
    }

    /**
     * One decision. Tools are counted by name where the policy names them or the server announced
     * them ({@code knownTool}); an agent's made-up names share one label, so memory stays bounded.
     * Other kinds of request are counted by kind only ({@code resources}, {@code prompts}, …).
     */
    public void decision(String outcome, String tool, String kind, boolean knownTool, long nanos) {
        // The counters of the last decision's labels are kept: calls to one tool with one outcome
        // follow one another, and building and escaping their labels cost more than counting.
        Last last = this.last;
        if (last != null && last.knownTool == knownTool && last.outcome.equals(outcome)
                && java.util.Objects.equals(last.tool, tool) && last.kind.equals(kind)) {
            last.byKind.increment();
            last.counter.increment();
            latency(nanos);
            return;
        }
        LongAdder kindCounter = byKind.computeIfAbsent("kind=\"" + escape(kind) + "\",outcome=\"" + escape(outcome) + "\"",
                k -> new LongAdder());
        kindCounter.increment();
        LongAdder counter;
        if ("tool".equals(kind)) {
            String label = "outcome=\"" + escape(outcome) + "\",tool=\"" + escape(knownTool && tool.length() <= 128
                    ? tool : UNKNOWN_TOOL) + "\"";
            LongAdder n = decisions.get(label);
            if (n == null) {
                if (decisions.size() >= MAX_SERIES) {
                    label = "outcome=\"" + escape(outcome) + "\",tool=\"" + UNKNOWN_TOOL + "\"";
                }
                n = decisions.computeIfAbsent(label, k -> new LongAdder());
            }
            counter = n;
        } else {
            counter = requests.computeIfAbsent("kind=\"" + escape(kind) + "\",outcome=\"" + escape(outcome) + "\"",
                    k -> new LongAdder());
        }
        counter.increment();
        this.last = new Last(outcome, tool, kind, knownTool, kindCounter, counter);
        latency(nanos);
    }

    /** The labels of the last decision and their counters (counters are never removed, so they stay valid). */
    private record Last(String outcome, String tool, String kind, boolean knownTool, LongAdder byKind,
                        LongAdder counter) {
    }

    private volatile Last last;

    private void latency(long nanos) {
        // Each bucket counts the decisions of its own range; the rendering adds them up.
        double seconds = nanos / 1e9;
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                latencyBuckets[i].increment();
                break;
            }
        }
        latencyCount.increment();
        latencyNanos.add(nanos);
    }

    public void reload(boolean ok) {
        (ok ? reloadsOk : reloadsFailed).increment();
    }

    public void limiterError() {
        limiterErrors.increment();
    }

    /** A message refused before any decision (batch, duplicate keys, oversize, unparseable). */
    public void refusedMessage() {
        refused.increment();
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP mcppol_decisions_total tools/call decisions by outcome and tool.\n");
        out.append("# TYPE mcppol_decisions_total counter\n");
        new TreeMap<>(decisions).forEach((labels, n) ->
                out.append("mcppol_decisions_total{").append(labels).append("} ").append(n.sum()).append('\n'));
        out.append("# HELP mcppol_method_decisions_total Decisions on other requests (resources/read, prompts/get,"
                + " completion/complete, sampling, elicitation, roots/list) by kind and outcome.\n");
        out.append("# TYPE mcppol_method_decisions_total counter\n");
        new TreeMap<>(requests).forEach((labels, n) ->
                out.append("mcppol_method_decisions_total{").append(labels).append("} ").append(n.sum()).append('\n'));
        out.append("# HELP mcppol_kind_decisions_total Every decision by kind (tool, resource, prompt, completion,"
                + " sampling, elicitation, roots) and outcome.\n");
        out.append("# TYPE mcppol_kind_decisions_total counter\n");
        new TreeMap<>(byKind).forEach((labels, n) ->
                out.append("mcppol_kind_decisions_total{").append(labels).append("} ").append(n.sum()).append('\n'));
        out.append("# HELP mcppol_decision_seconds Time to decide a tools/call.\n");
        out.append("# TYPE mcppol_decision_seconds histogram\n");
        long cumulative = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            cumulative += latencyBuckets[i].sum();
            out.append("mcppol_decision_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ")
                    .append(cumulative).append('\n');
        }
        out.append("mcppol_decision_seconds_bucket{le=\"+Inf\"} ").append(latencyCount.sum()).append('\n');
        out.append("mcppol_decision_seconds_sum ").append(latencyNanos.sum() / 1e9).append('\n');
        out.append("mcppol_decision_seconds_count ").append(latencyCount.sum()).append('\n');
        out.append("# HELP mcppol_reloads_total Bundle reloads by result.\n");
        out.append("# TYPE mcppol_reloads_total counter\n");
        out.append("mcppol_reloads_total{result=\"ok\"} ").append(reloadsOk.sum()).append('\n');
        out.append("mcppol_reloads_total{result=\"rejected\"} ").append(reloadsFailed.sum()).append('\n');
        out.append("# HELP mcppol_limiter_errors_total Calls whose limits could not be checked (limiter failure, rate-limit store unreachable): denied, or admitted unchecked when failing open.\n");
        out.append("# TYPE mcppol_limiter_errors_total counter\n");
        out.append("mcppol_limiter_errors_total ").append(limiterErrors.sum()).append('\n');
        out.append("# HELP mcppol_refused_messages_total Messages refused before a decision (batch, duplicate keys, oversize, unparseable).\n");
        out.append("# TYPE mcppol_refused_messages_total counter\n");
        out.append("mcppol_refused_messages_total ").append(refused.sum()).append('\n');
        return out.toString();
    }

    private static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}

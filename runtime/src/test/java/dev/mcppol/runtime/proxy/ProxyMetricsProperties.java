package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The metrics count each decision once, under its labels, whether or not the decision before had the
 * same ones (the counters of the last labels are kept, a fast path), and the latency histogram is
 * cumulative: each bucket counts every decision at most its bound.
 */
class ProxyMetricsProperties {

    private static final String[] OUTCOMES = {"allow", "deny", "ask"};
    private static final String[] TOOLS = {"echo", "get-sum", "x\"y", "?"};
    private static final String[] KINDS = {"tool", "resource", "prompt"};
    private static final long[] NANOS = {1_000, 60_000, 200_000, 900_000, 3_000_000, 2_000_000_000L};

    /** One decision, as indexes into the arrays above (runs of equal ones are likely). */
    record D(int outcome, int tool, int kind, boolean known, int nanos) {
    }

    @Property(tries = 300)
    void everyDecisionIsCountedOnceUnderItsLabels(@ForAll @Size(max = 40) List<@IntRange(max = 3) Integer> changes,
                                                  @ForAll @IntRange(max = 5) int start) {
        ProxyMetrics metrics = new ProxyMetrics();
        List<D> decisions = new ArrayList<>();
        D d = new D(start % 3, start % 4, start % 3, true, start);
        for (int c : changes) {
            // 0: the same decision again; otherwise one of its labels changes
            d = switch (c) {
                case 0 -> d;
                case 1 -> new D((d.outcome + 1) % 3, d.tool, d.kind, d.known, (d.nanos + 1) % NANOS.length);
                case 2 -> new D(d.outcome, (d.tool + 1) % 4, d.kind, !d.known, d.nanos);
                default -> new D(d.outcome, d.tool, (d.kind + 1) % 3, d.known, (d.nanos + 2) % NANOS.length);
            };
            decisions.add(d);
            metrics.decision(OUTCOMES[d.outcome], TOOLS[d.tool], KINDS[d.kind], d.known, NANOS[d.nanos]);
        }
        assertThat(series(metrics.render())).isEqualTo(expected(decisions));
    }

    /** What each series must read: counted here one decision at a time. */
    private static Map<String, Long> expected(List<D> decisions) {
        Map<String, Long> want = new TreeMap<>();
        double[] bounds = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};
        for (double b : bounds) {
            want.put("mcppol_decision_seconds_bucket{le=\"" + b + "\"}", 0L);
        }
        for (D d : decisions) {
            String outcome = OUTCOMES[d.outcome];
            String kind = KINDS[d.kind];
            want.merge("mcppol_kind_decisions_total{kind=\"" + kind + "\",outcome=\"" + outcome + "\"}", 1L, Long::sum);
            if (kind.equals("tool")) {
                String tool = d.known ? TOOLS[d.tool].replace("\"", "\\\"") : ProxyMetrics.UNKNOWN_TOOL;
                want.merge("mcppol_decisions_total{outcome=\"" + outcome + "\",tool=\"" + tool + "\"}", 1L, Long::sum);
            } else {
                want.merge("mcppol_method_decisions_total{kind=\"" + kind + "\",outcome=\"" + outcome + "\"}", 1L,
                        Long::sum);
            }
            double seconds = NANOS[d.nanos] / 1e9;
            for (double b : bounds) {
                if (seconds <= b) {
                    want.merge("mcppol_decision_seconds_bucket{le=\"" + b + "\"}", 1L, Long::sum);
                }
            }
        }
        want.put("mcppol_decision_seconds_bucket{le=\"+Inf\"}", (long) decisions.size());
        want.put("mcppol_decision_seconds_count", (long) decisions.size());
        return want;
    }

    /** The decision series of a rendering, by name and labels. */
    private static Map<String, Long> series(String rendered) {
        Map<String, Long> got = new TreeMap<>();
        for (String line : rendered.split("\n")) {
            if (line.startsWith("#") || !(line.startsWith("mcppol_decision") || line.startsWith("mcppol_kind")
                    || line.startsWith("mcppol_method")) || line.startsWith("mcppol_decision_seconds_sum")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            got.put(line.substring(0, space), Long.parseLong(line.substring(space + 1)));
        }
        return got;
    }
}

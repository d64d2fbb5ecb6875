package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.RuleInfo;
import dev.mcppol.runtime.handler.CallDecision;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decision-level rule coverage: a rule is covered when it decided at least one replayed call (a
 * decision names the first deciding rule in source order). Counts live in one array indexed by the
 * bundle's rule number, so counting costs nothing per call beyond a map lookup.
 */
public final class Coverage {

    /** One rule's figure: where it is written and how many replayed calls it decided. */
    public record RuleHits(RuleInfo rule, long hits) {
    }

    private final List<RuleInfo> rules;
    private final Map<RuleInfo, Integer> index;
    private final long[] hits;
    private long byDefault;

    public Coverage(Bundle bundle) {
        // Tool rules, then each decided kind's (resources, prompts, sampling, …): all of them can be missed.
        List<RuleInfo> all = new ArrayList<>(bundle.rules());
        for (dev.mcppol.runtime.model.MethodKind kind : dev.mcppol.runtime.model.MethodKind.values()) {
            Bundle section = bundle.method(kind);
            if (section != null) {
                all.addAll(section.rules());
            }
        }
        this.rules = List.copyOf(all);
        this.index = new HashMap<>();
        this.hits = new long[rules.size()];
        for (int i = 0; i < rules.size(); i++) {
            index.putIfAbsent(rules.get(i), i);
        }
    }

    private Coverage(Coverage of) {
        this.rules = of.rules;
        this.index = of.index;
        this.hits = new long[rules.size()];
    }

    /** Coverage of the same policy with nothing counted yet (one per thread of a parallel replay). */
    Coverage fresh() {
        return new Coverage(this);
    }

    /** Adds {@code other}'s counts (of the same policy) to these. */
    void add(Coverage other) {
        if (other.rules != rules) {
            throw new IllegalArgumentException("coverage of another policy");
        }
        for (int i = 0; i < hits.length; i++) {
            hits[i] += other.hits[i];
        }
        byDefault += other.byDefault;
    }

    public void count(CallDecision d) {
        if (d.byDefault()) {
            byDefault++;
            return;
        }
        if (d.decidedBy().isEmpty()) {
            return; // the proxy's own decision (a malformed call): no rule of the policy took it
        }
        Integer i = index.get(d.decidedBy().get(0));
        if (i != null) {
            hits[i]++;
        }
    }

    public List<RuleHits> rules() {
        List<RuleHits> out = new ArrayList<>(rules.size());
        for (int i = 0; i < rules.size(); i++) {
            out.add(new RuleHits(rules.get(i), hits[i]));
        }
        return out;
    }

    public List<RuleInfo> neverHit() {
        return rules().stream().filter(r -> r.hits() == 0).map(RuleHits::rule).toList();
    }

    /** Calls the policy's default decided (no rule matched). */
    public long byDefault() {
        return byDefault;
    }

    public int covered() {
        return rules.size() - neverHit().size();
    }

    public int total() {
        return rules.size();
    }

    /** Covered rules in percent; a policy without rules is fully covered (there is nothing to miss). */
    public double percent() {
        return rules.isEmpty() ? 100.0 : 100.0 * covered() / rules.size();
    }
}

package dev.mcppol.compiler.inspect;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.JsonValues;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.model.LimitSpec;

/**
 * {@code mcppol explain}: the path one call takes through the bundle — every test and its value,
 * the leaf, the rule and the outcome (decided on fresh limiter state, as a first call would be).
 */
public final class Explainer {

    public String explain(Bundle bundle, Call call) {
        return explain(new Engine(bundle, new InMemoryLimiter()), "tool", call);
    }

    /**
     * The path of a request of another kind: {@code call.tool()} is its subject (a resource's URI, a
     * prompt's name, or the kind's name for sampling, elicitation and roots).
     */
    public String explain(Bundle bundle, dev.mcppol.runtime.model.MethodKind kind, Call call) {
        Engine section = new Engine(bundle, new InMemoryLimiter()).method(kind);
        if (section == null) {
            return kind.noun() + (kind.fromServer() ? "" : " " + call.tool()) + "\n\nunchecked: the policy names no "
                    + kind.word() + ", so " + kind.word() + " requests pass through the proxy as they are\n";
        }
        return explain(section, kind.noun(), call);
    }

    private String explain(Engine engine, String noun, Call call) {
        Bundle bundle = engine.bundle();
        Engine.Path path = engine.trace(call);
        // A tool call is also decided as on its way to a server: with no schema known, the proxy may deny
        // what the policy admits (mcppol:ambiguous-unlisted). Decided once where that changes nothing, so a
        // limit is consumed once.
        Decision served = noun.equals("tool") ? engine.decideServed(call) : null;
        boolean unlisted = served != null && served.ruleIds().equals(java.util.List.of(Engine.RULE_AMBIGUOUS_UNLISTED));
        Decision decision = served != null && !unlisted ? served : engine.decide(call);
        StringBuilder out = new StringBuilder();
        out.append(noun.equals(call.tool()) ? noun : noun + " " + call.tool());
        out.append(bundle.tools().containsKey(call.tool()) ? "" : " (not named by the policy: the globs decide)");
        out.append("\narguments ").append(call.arguments() == null ? "{}" : JsonValues.canonical(call.arguments()));
        out.append("\nsession ").append(call.session() == null ? "(none)" : call.session());
        out.append(", identity ").append(call.identity() == null ? "(none)" : call.identity()).append('\n');
        if (call.claims() != null) {
            out.append("claims ").append(JsonValues.canonical(call.claims())).append('\n');
        }
        if (path.steps().isEmpty()) {
            out.append(noun.equals("tool") ? "\nno test: every call of this tool ends in the same leaf\n"
                    : "\nno test: every request for this " + noun + " ends in the same leaf\n");
        } else {
            out.append('\n');
            int width = 0;
            for (Engine.Step s : path.steps()) {
                width = Math.max(width, BundleInspector.atomText(bundle.atoms().get(s.atom()), noun).length());
            }
            for (Engine.Step s : path.steps()) {
                String text = BundleInspector.atomText(bundle.atoms().get(s.atom()), noun);
                out.append("  ").append(text).append(" ".repeat(width - text.length() + 2))
                        .append(s.value() ? "true" : "false").append('\n');
            }
        }
        if (path.schemaProblem() != null) {
            out.append("  (").append(path.schemaProblem()).append(")\n");
        }
        out.append("\n→ ").append(BundleInspector.leaf(bundle, path.leaf())).append('\n');
        out.append("decision: ").append(decision.outcome().word()).append(" — ").append(decision.reason()).append('\n');
        if (unlisted) {
            out.append("in the proxy, until the session lists the server's tools: deny — ").append(served.reason())
                    .append('\n');
        }
        for (int l : path.leaf().limits()) {
            LimitSpec spec = bundle.limits().get(l);
            out.append("limit ").append(spec.name()).append(": ").append(spec.text()).append('\n');
        }
        return out.toString();
    }
}

package dev.mcppol.bench;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.model.Outcome;
import java.nio.file.Path;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.Inputs 10 100 …}: writes each workload, its DSL
 * text and mcppol's decision for every call ({@code decisions-N.json}), which the Cedar peer must
 * reproduce before anything is timed. Both the decision core ({@code leafFor}) and the full
 * {@code decide} are checked to agree, so the benchmark times the path the proxy takes.
 */
public final class Inputs {

    private Inputs() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Workloads.dir();
        for (String a : args) {
            int rules = Integer.parseInt(a);
            Workload w = Workloads.load(rules);
            Bundle bundle = Workloads.bundle(rules);
            Engine engine = new Engine(bundle, new InMemoryLimiter());
            ArrayNode outcomes = Json.NODES.arrayNode();
            int allowed = 0;
            for (Call c : Workloads.calls(w)) {
                Outcome core = engine.leafFor(c, null).outcome();
                Decision full = engine.decide(c);
                if (core != full.outcome()) {
                    throw new IllegalStateException("leafFor and decide disagree on " + c);
                }
                if (core != Outcome.ALLOW && core != Outcome.DENY) {
                    throw new IllegalStateException("the workload must only allow or deny: " + c + " -> " + core);
                }
                allowed += core == Outcome.ALLOW ? 1 : 0;
                outcomes.add(core == Outcome.ALLOW ? "allow" : "deny");
            }
            ObjectNode out = Json.NODES.objectNode();
            out.put("rules", rules);
            out.put("tools", w.tools().size());
            out.put("diagramNodes", bundle.tools().values().stream().mapToInt(d -> d.atom().length).sum());
            out.set("decisions", outcomes);
            Json.MAPPER.writeValue(dir.resolve("decisions-" + rules + ".json").toFile(), out);
            System.out.printf("%6d rules, %5d tools: %d of %d calls allowed%n", rules, w.tools().size(), allowed,
                    outcomes.size());
        }
    }
}

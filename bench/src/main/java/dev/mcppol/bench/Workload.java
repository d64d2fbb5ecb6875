package dev.mcppol.bench;

import dev.mcppol.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A generated policy and the calls to decide against it, in the neutral JSON form that both the Java
 * benchmarks and the Cedar peer ({@code bench/cedar/cedar-bench.mjs}) read, so both measure exactly
 * the same rules and the same calls.
 *
 * <p>The semantics are the intersection of mcppol and Cedar: default deny, allow/deny rules whose
 * condition is a conjunction of atoms, no limits and no ask; an atom on a missing argument is false.
 */
public record Workload(long seed, int ruleCount, List<Tool> tools, List<CallSpec> calls) {

    /** One atom: {@code op} is eq, lt, le, gt, ge (value a number or string), in (values), prefix. */
    public record Cond(String op, String arg, JsonNode value) {
    }

    /** {@code when} empty means unconditional. */
    public record RuleSpec(boolean allow, List<Cond> when) {
    }

    public record Tool(String name, List<RuleSpec> rules) {
    }

    /** A call; {@code args} is a JSON object. */
    public record CallSpec(String tool, JsonNode args) {
    }

    public void write(Path file) throws IOException {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("format", "mcppol-bench-workload/1");
        root.put("seed", seed);
        root.put("rules", ruleCount);
        ArrayNode ts = root.putArray("tools");
        for (Tool t : tools) {
            ObjectNode tn = ts.addObject();
            tn.put("name", t.name());
            ArrayNode rs = tn.putArray("rules");
            for (RuleSpec r : t.rules()) {
                ObjectNode rn = rs.addObject();
                rn.put("effect", r.allow() ? "allow" : "deny");
                ArrayNode ws = rn.putArray("when");
                for (Cond c : r.when()) {
                    ObjectNode cn = ws.addObject();
                    cn.put("op", c.op());
                    cn.put("arg", c.arg());
                    cn.set("value", c.value());
                }
            }
        }
        ArrayNode cs = root.putArray("calls");
        for (CallSpec c : calls) {
            ObjectNode cn = cs.addObject();
            cn.put("tool", c.tool());
            cn.set("args", c.args());
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Json.MAPPER.writeValue(file.toFile(), root);
    }

    public static Workload read(Path file) throws IOException {
        JsonNode root = Json.MAPPER.readTree(file.toFile());
        List<Tool> tools = new ArrayList<>();
        for (JsonNode tn : root.get("tools")) {
            List<RuleSpec> rules = new ArrayList<>();
            for (JsonNode rn : tn.get("rules")) {
                List<Cond> when = new ArrayList<>();
                for (JsonNode cn : rn.get("when")) {
                    when.add(new Cond(cn.get("op").stringValue(), cn.get("arg").stringValue(), cn.get("value")));
                }
                rules.add(new RuleSpec("allow".equals(rn.get("effect").stringValue()), when));
            }
            tools.add(new Tool(tn.get("name").stringValue(), rules));
        }
        List<CallSpec> calls = new ArrayList<>();
        for (JsonNode cn : root.get("calls")) {
            calls.add(new CallSpec(cn.get("tool").stringValue(), cn.get("args")));
        }
        return new Workload(root.get("seed").longValue(), root.get("rules").intValue(), tools, calls);
    }
}

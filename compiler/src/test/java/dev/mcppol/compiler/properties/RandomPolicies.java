package dev.mcppol.compiler.properties;

import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Hidden;
import dev.mcppol.compiler.ir.LimitDef;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.compiler.ir.ToolLimit;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Scope;
import dev.mcppol.runtime.model.ValueTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random IR policies and call sequences over a small shared vocabulary, so that random rules and
 * random calls actually meet: the same few tools, paths and literals on both sides.
 */
final class RandomPolicies {

    static final List<String> TOOLS = List.of("a", "b", "get-sum", "fs_read", "fs_write", "fs_other", "zzz");
    static final List<String> TARGETS = List.of("a", "b", "get-sum", "fs_read", "fs_*", "*", "?", "fs_?ead");
    static final List<List<PathSeg>> PATHS = List.of(
            List.of(new PathSeg.Key("x")), List.of(new PathSeg.Key("y")),
            List.of(new PathSeg.Key("n"), new PathSeg.Key("v")),
            List.of(new PathSeg.Key("arr"), new PathSeg.Any()),
            List.of(new PathSeg.Key("arr"), new PathSeg.Index(0)),
            List.of(new PathSeg.Key("arr")));
    static final List<List<PathSeg>> CLAIM_PATHS = List.of(List.of(new PathSeg.Key("tenant")),
            List.of(new PathSeg.Key("groups")), List.of(new PathSeg.Key("org"), new PathSeg.Key("id")));
    static final List<String> REGEXES = List.of("^a", "b$", "a|b", "[0-9]+", "(?i)ab");

    static final Map<String, JsonNode> SCHEMAS = Map.of("a", Json.MAPPER.readTree(
            "{\"name\":\"a\",\"inputSchema\":{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"string\"},"
                    + "\"y\":{\"type\":\"number\",\"default\":7},\"n\":{\"$ref\":\"#/$defs/N\"}},\"required\":[\"x\"],"
                    + "\"$defs\":{\"N\":{\"type\":\"object\",\"properties\":{\"v\":{\"type\":\"integer\",\"default\":2}}}}}}"));

    private final Random random;

    RandomPolicies(long seed) {
        this.random = new Random(seed);
    }

    Policy policy() {
        List<LimitDef> limits = new ArrayList<>();
        limits.add(limit("exec", true, List.of(), "2", 10_000, Scope.SESSION));
        limits.add(limit("daily", true, List.of(), "3", 60_000, Scope.IDENTITY));
        limits.add(limit("all", true, List.of(), "5", 5_000, Scope.GLOBAL));
        limits.add(limit("spend", true, List.of(new PathSeg.Key("n"), new PathSeg.Key("v")), "10", 5_000,
                Scope.GLOBAL));
        limits.add(new LimitDef(new LimitSpec("per_tenant", true, List.of(), new BigDecimal(2), 10_000, Scope.CLAIM,
                pick(CLAIM_PATHS)), span(0)));
        int ruleCount = 1 + random.nextInt(random.nextInt(10) < 8 ? 12 : 50);
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < ruleCount; i++) {
            Effect effect = Effect.values()[weighted(new int[] {5, 3, 1})];
            List<String> ruleLimits = new ArrayList<>();
            if (effect == Effect.ALLOW && random.nextInt(3) == 0) {
                ruleLimits.add(limits.get(random.nextInt(limits.size())).name());
                if (random.nextInt(3) == 0) {
                    String anon = "p.mcppol:" + (i + 1);
                    limits.add(limit(anon, false, List.of(), String.valueOf(1 + random.nextInt(3)),
                            1_000L * (1 + random.nextInt(8)), Scope.values()[random.nextInt(3)]));
                    ruleLimits.add(anon);
                }
            }
            Condition when = random.nextInt(4) == 0 ? Condition.TRUE : condition(ruleCount > 12 ? 2 : 3);
            String id = random.nextInt(3) == 0 ? "r" + i : "p.mcppol:" + (i + 1);
            rules.add(new Rule(id, effect, pick(TARGETS), when, ruleLimits, null, span(i), RuleKind.RULE));
        }
        List<ToolLimit> toolLimits = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            toolLimits.add(new ToolLimit(pick(TARGETS), limits.get(random.nextInt(4)).name(), span(99)));
        }
        List<Hidden> hidden = new ArrayList<>();
        if (random.nextInt(4) == 0) {
            String h = pick(TARGETS);
            hidden.add(new Hidden(h, span(98)));
            rules.add(new Rule("p.mcppol:98", Effect.DENY, h, Condition.TRUE, List.of(), "hidden", span(98),
                    RuleKind.HIDE));
        }
        Effect dflt = random.nextBoolean() ? Effect.ALLOW : Effect.DENY;
        return new Policy("random", dflt, rules, toolLimits, limits, hidden, List.of(), span(0), List.of());
    }

    List<Call> calls() {
        int n = 1 + random.nextInt(30);
        List<Call> calls = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += random.nextInt(4) == 0 ? 0 : random.nextInt(3_000);
            calls.add(new Call(pick(TOOLS), args(), pickNullable(List.of("s1", "s2")),
                    pickNullable(List.of("alice", "bob")), t, random.nextInt(3) == 0 ? SCHEMAS.get("a")
                    .get("inputSchema") : null, claims()));
        }
        return calls;
    }

    /** Verified claims, or none: a tenant (string, number or missing), groups, a nested org id. */
    private ObjectNode claims() {
        if (random.nextInt(4) == 0) {
            return null;
        }
        ObjectNode o = Json.NODES.objectNode();
        if (random.nextInt(4) != 0) {
            o.set("tenant", random.nextInt(5) == 0 ? value(0) : Json.NODES.stringNode(pick(List.of("a", "b"))));
        }
        if (random.nextBoolean()) {
            ArrayNode groups = o.putArray("groups");
            int n = random.nextInt(3);
            for (int i = 0; i < n; i++) {
                groups.add(pick(List.of("a", "ab", "b")));
            }
        }
        if (random.nextInt(3) == 0) {
            o.putObject("org").set("id", value(0));
        }
        return o;
    }

    private ObjectNode args() {
        ObjectNode o = Json.NODES.objectNode();
        if (random.nextInt(5) != 0) {
            o.set("x", value(1));
        }
        if (random.nextBoolean()) {
            o.set("y", value(1));
        }
        if (random.nextBoolean()) {
            ObjectNode n = o.putObject("n");
            if (random.nextInt(4) != 0) {
                n.set("v", random.nextInt(3) == 0 ? value(0) : Json.NODES.numberNode(random.nextInt(12) - 1));
            }
        }
        if (random.nextBoolean()) {
            ArrayNode arr = o.putArray("arr");
            int len = random.nextInt(4);
            for (int i = 0; i < len; i++) {
                arr.add(value(0));
            }
        }
        return o;
    }

    private JsonNode value(int depth) {
        int k = random.nextInt(depth > 0 ? 10 : 8);
        return switch (k) {
            case 0 -> Json.NODES.numberNode(random.nextInt(8));
            case 1 -> Json.NODES.numberNode(new BigDecimal("5.0"));
            case 2 -> Json.NODES.stringNode(pick(List.of("a", "ab", "b", "5", "xyz", "Abc", "12", "")));
            case 3 -> Json.NODES.booleanNode(random.nextBoolean());
            case 4 -> Json.NODES.nullNode();
            // Numbers different JSON readers read differently (double, int64) next to ones they agree on.
            case 5 -> Json.NODES.numberNode(new BigDecimal(pick(List.of("-1.5", "0.1", "6.9999999999999999999",
                    "1e-400", "18446744073709551617", "1e30", "4.000000000000000001"))));
            case 6 -> Json.NODES.stringNode("a" + random.nextInt(3));
            case 7 -> Json.NODES.numberNode(1);
            case 8 -> {
                ArrayNode a = Json.NODES.arrayNode();
                a.add(value(0));
                yield a;
            }
            default -> {
                ObjectNode o = Json.NODES.objectNode();
                o.set("v", value(0));
                yield o;
            }
        };
    }

    private Condition condition(int depth) {
        int k = depth == 0 ? 0 : random.nextInt(6);
        switch (k) {
            case 1:
                return new Condition.Not(condition(depth - 1));
            case 2:
                return new Condition.And(List.of(condition(depth - 1), condition(depth - 1)));
            case 3:
                return new Condition.Or(List.of(condition(depth - 1), condition(depth - 1)));
            default:
                return new Condition.AtomCond(atom(), span(0));
        }
    }

    private Atom atom() {
        int k = random.nextInt(20);
        if (k == 0) {
            return new Atom.Schema(random.nextBoolean());
        }
        if (k == 1) {
            return new Atom.ToolName(pick(TARGETS));
        }
        Operand operand;
        int o = random.nextInt(12);
        if (o == 10 || o == 11) {
            operand = new Operand.Claim(pick(CLAIM_PATHS), o == 11);
        } else if (o == 0) {
            operand = new Operand.Session();
        } else if (o == 1) {
            operand = new Operand.Identity();
        } else if (o == 2) {
            operand = new Operand.Len(pick(PATHS));
        } else {
            operand = new Operand.Arg(pick(PATHS));
        }
        ValueTest test = switch (random.nextInt(8)) {
            case 0 -> new ValueTest.Cmp(CmpOp.values()[random.nextInt(6)], value(1));
            case 1 -> new ValueTest.Cmp(CmpOp.values()[2 + random.nextInt(4)], Json.NODES.numberNode(random.nextInt(7)));
            case 2 -> new ValueTest.In(List.of(value(0), value(0)));
            case 3 -> new ValueTest.Matches(pick(REGEXES));
            case 4 -> new ValueTest.Prefix(pick(List.of("a", "A", "1", "")));
            case 5 -> new ValueTest.Suffix(pick(List.of("b", "z", "2")));
            case 6 -> new ValueTest.Contains(value(0));
            default -> new ValueTest.Exists();
        };
        return new Atom.Check(operand, test);
    }

    private static LimitDef limit(String name, boolean shared, List<PathSeg> amount, String max, long window,
                                  Scope scope) {
        return new LimitDef(new LimitSpec(name, shared, amount, new BigDecimal(max), window, scope), span(0));
    }

    private int weighted(int[] weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int r = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private <T> T pick(List<T> xs) {
        return xs.get(random.nextInt(xs.size()));
    }

    private String pickNullable(List<String> xs) {
        int i = random.nextInt(xs.size() + 1);
        return i == xs.size() ? null : xs.get(i);
    }

    private static Span span(int line) {
        return new Span("p.mcppol", line + 1, 1, line + 1, 1);
    }
}

package dev.mcppol.compiler.diff;

import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Test;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Small random policies without limits (so one call decides), their mutants, and probe calls. */
final class DiffFixtures {

    private static final List<String> TOOLS = List.of("a", "b", "fs_x", "other", "ab", "ax", "xb");
    private static final List<String> TARGETS = List.of("a", "b", "fs_*", "*", "a*", "*b");
    private static final List<String> KEYS = List.of("n", "s", "k", "tags");
    private final Random random;

    DiffFixtures(long seed) {
        random = new Random(seed);
    }

    Policy policy() {
        List<Rule> rules = new ArrayList<>();
        int n = 1 + random.nextInt(8);
        for (int i = 0; i < n; i++) {
            rules.add(rule(i));
        }
        return new Policy("p", random.nextBoolean() ? Effect.ALLOW : Effect.DENY, rules, List.of(), List.of(),
                List.of(), List.of(), span(0), List.of());
    }

    Policy mutate(Policy p) {
        List<Rule> rules = new ArrayList<>(p.rules());
        int k = random.nextInt(4);
        if (k == 0 && !rules.isEmpty()) {
            rules.remove(random.nextInt(rules.size()));
        } else if (k == 1) {
            rules.add(rule(50 + random.nextInt(10)));
        } else if (k == 2 && !rules.isEmpty()) {
            int i = random.nextInt(rules.size());
            Rule r = rules.get(i);
            rules.set(i, new Rule(r.id(), r.effect(), r.target(), condition(2), r.limits(), r.reason(), r.span(),
                    r.kind()));
        }
        Effect dflt = k == 3 ? (p.defaultEffect() == Effect.ALLOW ? Effect.DENY : Effect.ALLOW) : p.defaultEffect();
        return new Policy(p.name(), dflt, rules, List.of(), List.of(), List.of(), List.of(), p.span(), List.of());
    }

    List<Call> probes() {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ObjectNode args = Json.NODES.objectNode();
            for (String key : KEYS) {
                if (random.nextInt(3) != 0) {
                    args.set(key, value());
                }
            }
            calls.add(new Call(TOOLS.get(random.nextInt(TOOLS.size())), args, null,
                    random.nextBoolean() ? "alice" : null, 0, null));
        }
        return calls;
    }

    private Rule rule(int i) {
        Effect e = Effect.values()[random.nextInt(3)];
        Condition when = random.nextInt(4) == 0 ? Condition.TRUE : condition(2);
        return new Rule("r" + i, e, TARGETS.get(random.nextInt(TARGETS.size())), when, List.of(), null, span(i + 1),
                RuleKind.RULE);
    }

    private Condition condition(int depth) {
        int k = depth == 0 ? 0 : random.nextInt(5);
        if (k == 1) {
            return new Condition.Not(condition(depth - 1));
        }
        if (k == 2) {
            return new Condition.And(List.of(condition(depth - 1), condition(depth - 1)));
        }
        if (k == 3) {
            return new Condition.Or(List.of(condition(depth - 1), condition(depth - 1)));
        }
        return new Condition.AtomCond(atom(), span(0));
    }

    private Atom atom() {
        if (random.nextInt(10) == 0) {
            return new Atom.Check(new Operand.Identity(), new Test.Cmp(CmpOp.EQ, Json.NODES.stringNode("alice")));
        }
        if (random.nextInt(5) == 0) {
            // lengths of s, and tests on the elements of tags
            if (random.nextBoolean()) {
                return new Atom.Check(new Operand.Len(List.of(new PathSeg.Key("s"))),
                        new Test.Cmp(CmpOp.values()[random.nextInt(6)], Json.NODES.numberNode(random.nextInt(3))));
            }
            return new Atom.Check(new Operand.Arg(List.of(new PathSeg.Key("tags"), new PathSeg.Any())),
                    new Test.Cmp(CmpOp.EQ, Json.NODES.stringNode(List.of("a", "b", "c").get(random.nextInt(3)))));
        }
        String key = KEYS.get(random.nextInt(KEYS.size() - 1));
        Operand o = new Operand.Arg(List.of(new PathSeg.Key(key)));
        Test t = switch (random.nextInt(7)) {
            case 0 -> new Test.Cmp(CmpOp.values()[random.nextInt(6)], Json.NODES.numberNode(random.nextInt(6)));
            case 1 -> new Test.Cmp(CmpOp.EQ, Json.NODES.stringNode(List.of("x", "y", "ab").get(random.nextInt(3))));
            case 2 -> new Test.In(List.of(Json.NODES.stringNode("x"), Json.NODES.numberNode(2)));
            case 3 -> new Test.Prefix(List.of("a", "ab", "x").get(random.nextInt(3)));
            case 4 -> new Test.Suffix(List.of("b", "z").get(random.nextInt(2)));
            case 5 -> new Test.Matches(List.of("^a", "b$", "[0-9]").get(random.nextInt(3)));
            default -> new Test.Exists();
        };
        return new Atom.Check(o, t);
    }

    private JsonNode value() {
        return switch (random.nextInt(11)) {
            case 8 -> Json.NODES.arrayNode();
            case 9 -> Json.NODES.arrayNode().add(List.of("a", "b", "c").get(random.nextInt(3)));
            case 10 -> Json.NODES.arrayNode().add("a").add(List.of("b", "c").get(random.nextInt(2)));
            case 0 -> Json.NODES.numberNode(random.nextInt(7));
            case 1 -> Json.NODES.stringNode(List.of("x", "y", "ab", "abz", "a1", "b", "").get(random.nextInt(7)));
            case 2 -> Json.NODES.nullNode();
            case 3 -> Json.NODES.booleanNode(true);
            case 4 -> Json.NODES.numberNode(2.5);
            default -> Json.NODES.stringNode("z" + random.nextInt(3));
        };
    }

    private static Span span(int line) {
        return new Span("p.mcppol", line + 1, 1, line + 1, 1);
    }
}

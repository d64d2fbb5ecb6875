package dev.mcppol.runtime.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Diagram;
import dev.mcppol.runtime.bundle.Leaf;
import dev.mcppol.runtime.bundle.RuleInfo;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.Outcome;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Scope;
import dev.mcppol.runtime.model.ValueTest;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The engine over hand-built bundles: walking a diagram, limit keys, hidden tools. */
class EngineTest {

    private static final LimitSpec NAMED = new LimitSpec("writes", true, List.of(), BigDecimal.ONE, 1000,
            Scope.SESSION);

    /** tool t: `x == 1` → allow by rule r (limit writes), else deny by default. Other tools: deny. */
    private static Bundle bundle() {
        Atom x1 = new Atom.Check(new Operand.Arg(List.of(new PathSeg.Key("x"))),
                new ValueTest.Cmp(dev.mcppol.runtime.model.CmpOp.EQ, Json.NODES.numberNode(1)));
        List<Leaf> leaves = List.of(new Leaf(Outcome.DENY, List.of(), List.of()),
                new Leaf(Outcome.ALLOW, List.of(0), List.of(0)));
        Diagram t = new Diagram(0, new int[] {0}, new int[] {Diagram.leafRef(0)}, new int[] {Diagram.leafRef(1)});
        Diagram fallback = new Diagram(Diagram.leafRef(0), new int[0], new int[0], new int[0]);
        return new Bundle("p", Effect.DENY, List.of(x1), List.of(NAMED),
                List.of(new RuleInfo("r", Effect.ALLOW, null, "p:1")), leaves, Map.of("t", t), fallback,
                List.of("secret*"), Map.of(), null);
    }

    private static Call call(String tool, String args, String session, long t) {
        return new Call(tool, Json.MAPPER.readTree(args), session, "id", t, null);
    }

    @org.junit.jupiter.api.Test
    void walksTheDiagramToTheLeaf() {
        Engine e = new Engine(bundle(), new InMemoryLimiter());
        assertThat(e.decide(call("t", "{\"x\":1}", "s", 0)).ruleIds()).containsExactly("r");
        assertThat(e.decide(call("t", "{\"x\":2}", "s", 0)).outcome()).isEqualTo(Outcome.DENY);
        assertThat(e.decide(call("other", "{\"x\":1}", "s", 0)).outcome()).isEqualTo(Outcome.DENY);
    }

    @org.junit.jupiter.api.Test
    void theLeafsLimitsAreConsumed() {
        Engine e = new Engine(bundle(), new InMemoryLimiter());
        assertThat(e.decide(call("t", "{\"x\":1}", "s", 0)).outcome()).isEqualTo(Outcome.ALLOW);
        Decision d = e.decide(call("t", "{\"x\":1}", "s", 10));
        assertThat(d.outcome()).isEqualTo(Outcome.LIMIT);
        assertThat(d.limit()).isEqualTo("writes");
        assertThat(d.retryAtMillis()).isEqualTo(1000);
        assertThat(d.reason()).isEqualTo("rate limit writes (1 per 1s per session) is exhausted; retry in 990 ms");
        assertThat(e.decide(call("t", "{\"x\":1}", "other", 10)).outcome()).isEqualTo(Outcome.ALLOW);
    }

    @org.junit.jupiter.api.Test
    void hiddenIsDecidedByGlob() {
        Engine e = new Engine(bundle(), new InMemoryLimiter());
        assertThat(e.isHidden("secret_thing")).isTrue();
        assertThat(e.isHidden("t")).isFalse();
    }

    @org.junit.jupiter.api.Test
    void limitKeysSeparateNameToolAndScopeValue() {
        LimitSpec anon = new LimitSpec("p:3", false, List.of(), BigDecimal.ONE, 1000, Scope.IDENTITY);
        LimitSpec global = new LimitSpec("g", true, List.of(), BigDecimal.ONE, 1000, Scope.GLOBAL);
        Call c = new Call("fs_read", null, "s1", "alice", 0, null);
        assertThat(Engine.limitKey(NAMED, c)).isEqualTo("writes|session=s1");
        assertThat(Engine.limitKey(anon, c)).isEqualTo("p:3@fs_read|identity=alice");
        assertThat(Engine.limitKey(global, c)).isEqualTo("g|global");
        Call anonymous = new Call("fs_read", null, null, null, 0, null);
        assertThat(Engine.limitKey(NAMED, anonymous)).isEqualTo("writes|session-anonymous");
        assertThat(Engine.limitKey(anon, anonymous)).isEqualTo("p:3@fs_read|identity-anonymous");
        assertThat(Engine.limitKey(NAMED, new Call("x", null, "anonymous", null, 0, null)))
                .isNotEqualTo(Engine.limitKey(NAMED, anonymous));
    }

    @org.junit.jupiter.api.Test
    void valuesFanOutOverStarAndSkipWhatIsNotThere() {
        var args = Json.MAPPER.readTree("{\"a\":[{\"b\":1},{\"c\":2},{\"b\":3}],\"o\":{\"k\":null}}");
        assertThat(Values.resolve(args, List.of(new PathSeg.Key("a"), new PathSeg.Any(), new PathSeg.Key("b"))))
                .hasSize(2);
        assertThat(Values.resolve(args, List.of(new PathSeg.Key("a"), new PathSeg.Index(5)))).isEmpty();
        assertThat(Values.resolve(args, List.of(new PathSeg.Key("o"), new PathSeg.Key("k")))).hasSize(1);
        assertThat(Values.resolve(args, List.of(new PathSeg.Key("o"), new PathSeg.Any()))).isEmpty();
        assertThat(Values.resolve(Json.MAPPER.readTree("[1]"), List.of(new PathSeg.Index(0)))).isEmpty();
        assertThat(Values.resolve(null, List.of(new PathSeg.Key("a")))).isEmpty();
    }
}

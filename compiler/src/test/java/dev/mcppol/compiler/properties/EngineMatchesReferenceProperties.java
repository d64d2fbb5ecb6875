package dev.mcppol.compiler.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.DiagramCompiler;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.reference.ReferenceInterpreter;
import dev.mcppol.compiler.semantics.Harness;
import dev.mcppol.runtime.bundle.BundleReader;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.model.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The law the compiler lives by: a compiled bundle decides exactly as the reference interpreter. One
 * suite, two generators: random IR policies ({@link RandomPolicies}) and random policy text.
 */
class EngineMatchesReferenceProperties {

    @Property(tries = 1000)
    void compiledBundleDecidesLikeTheReferenceInterpreter(@ForAll long seed) throws Exception {
        RandomPolicies gen = new RandomPolicies(seed);
        Policy policy = gen.policy();
        CompileResult compiled = new PolicyCompiler().build(policy, RandomPolicies.SCHEMAS,
                DiagramCompiler.DEFAULT_NODE_BUDGET, new Diagnostics(), new SourceFiles());
        assertThat(compiled.diagnostics().all()).as("compile errors").isEmpty();
        // Decide through the bundle as the runtime loads it from bytes, not the in-memory object.
        Engine engine = new Engine(new BundleReader().read(compiled.bytes(), "random"), new InMemoryLimiter());
        ReferenceInterpreter reference = new ReferenceInterpreter(policy, RandomPolicies.SCHEMAS);
        List<Call> calls = gen.calls();
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            Decision expected = reference.decide(call);
            Decision actual = engine.decide(call);
            String where = "seed " + seed + ", call " + i + ": " + call;
            assertThat(actual.outcome()).as(where).isEqualTo(expected.outcome());
            assertThat(actual.ruleIds()).as(where).isEqualTo(expected.ruleIds());
            if (expected.outcome() == Outcome.LIMIT) {
                assertThat(actual.limit()).as(where).isEqualTo(expected.limit());
                assertThat(actual.retryAtMillis()).as(where).isEqualTo(expected.retryAtMillis());
            }
        }
    }

    /**
     * Found by the property above: two tokens whose claim is {@code 5} and {@code 5.0} count in one
     * {@code per claims.org.id} counter (the same number), in the engine and in the reference.
     */
    @Example
    void claimValuesThatAreTheSameNumberShareACounter() throws Exception {
        compiledBundleDecidesLikeTheReferenceInterpreter(-18497931683145L);
    }

    /**
     * Found by the property above: {@code x in ["a", 7]} and {@code x in [6.9999999999999999999, 5]}
     * exclude each other exactly but not as doubles; the diagram was simplified as if they always did,
     * so the engine took the double reading's decision through a branch that reading never reaches.
     */
    @Example
    void atomRelationsHoldUnderEveryNumberReading() throws Exception {
        compiledBundleDecidesLikeTheReferenceInterpreter(5081623886462549920L);
    }

    /**
     * Found by the property above: a reading under which another allow rule brings the same limit
     * consumes the same counters; the engine called that ambiguous, the reference (and DESIGN §5) not.
     */
    @Example
    void aReadingThatOnlyChangesWhichRuleBringsALimitIsNotAmbiguous() throws Exception {
        compiledBundleDecidesLikeTheReferenceInterpreter(3015179892852641178L);
    }

    private static final String[] CONDITIONS = {
        "a == 1", "a != 1", "a < 2", "a >= 2", "a in [1, \"1\", null]", "not (a > 0)", "b startsWith \"x\"",
        "b matches /^x.y$/", "b contains \"y\"", "len(b) > 2", "c[*] == 3", "c contains 3", "c exists",
        "not (c exists)", "d.e == true", "session == \"s1\"", "identity exists", "a == 1 or b endsWith \"z\"",
        "(a < 2 and not (b exists)) or c[0] == 3",
    };
    private static final String[] TARGETS = {"t", "u", "t*", "*", "?"};
    private static final String[] EFFECTS = {"allow", "allow", "deny", "ask"};
    private static final String[] LIMITS = {"", "", " limit 2 per 1s", " limit shared", " limit spend"};
    private static final String[] A = {"", "\"a\":1", "\"a\":1.0", "\"a\":\"1\"", "\"a\":3", "\"a\":null", "\"a\":-1"};
    private static final String[] B = {"", "\"b\":\"xay\"", "\"b\":\"xyz\"", "\"b\":5", "\"b\":\"\""};
    private static final String[] C = {"", "\"c\":[3]", "\"c\":[1,3.0]", "\"c\":[]", "\"c\":\"3\""};
    private static final String[] D = {"", "\"d\":{\"e\":true}", "\"d\":{\"e\":1}"};
    private static final String[] AMOUNT = {"", "\"n\":1", "\"n\":4", "\"n\":-1", "\"n\":2.5"};

    /**
     * The same law over policies written as text: parsed by the front end, then decided by the engine,
     * the re-read bundle and the reference interpreter ({@link Harness} checks all three agree).
     */
    @Property(tries = 150)
    void compiledDecisionsMatchTheReference(@ForAll @LongRange(min = 0) long seed) {
        Random r = new Random(seed);
        StringBuilder p = new StringBuilder(r.nextBoolean() ? "default allow\n" : "default deny\n");
        p.append("limit shared = 3 per 2s per identity\n");
        p.append("limit spend = sum(n) <= 5 per 3s per global\n");
        int rules = 1 + r.nextInt(6);
        for (int i = 0; i < rules; i++) {
            String effect = pick(r, EFFECTS);
            p.append("tool ").append(pick(r, TARGETS)).append(" { ");
            if (r.nextInt(8) == 0) {
                p.append("limit 3 per 1s ");
            }
            if (r.nextInt(10) == 0) {
                p.append("require a ");
            }
            p.append(effect);
            if (r.nextBoolean()) {
                p.append(" when ").append(pick(r, CONDITIONS));
            }
            if (effect.equals("allow")) {
                p.append(pick(r, LIMITS));
            }
            p.append(" }\n");
        }
        if (r.nextInt(4) == 0) {
            p.append("hide u\n");
        }
        Harness h = Harness.of(p.toString());
        long t = 0;
        for (int i = 0; i < 40; i++) {
            t += r.nextInt(700);
            List<String> fields = new ArrayList<>();
            for (String[] dom : new String[][] {A, B, C, D, AMOUNT}) {
                String f = pick(r, dom);
                if (!f.isEmpty()) {
                    fields.add(f);
                }
            }
            String tool = pick(r, new String[] {"t", "u", "tx", "v", "x"});
            String session = r.nextInt(3) == 0 ? null : "s" + r.nextInt(2);
            String identity = r.nextInt(3) == 0 ? null : "id" + r.nextInt(2);
            Decision d = h.decide(new Call(tool, Harness.json("{" + String.join(",", fields) + "}"), session,
                    identity, t, null));
            assertThat(d.outcome()).isNotNull();
        }
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }
}

package dev.mcppol.compiler.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Outcome;
import org.junit.jupiter.api.Test;

/**
 * The path-aware operator: {@code path under "/data/work"} compares normalised paths by segment;
 * a path with no certain reading denies the call (rule {@code mcppol:ambiguous-path}). Engine,
 * re-read bundle and reference interpreter agree on every call (Harness).
 */
class UnderTest {

    private static final Harness ALLOW = Harness.of("default deny\ntool t { allow as work when path under \"/data/work/\" }\n");
    private static final Harness DENY = Harness.of("default allow\ntool t { deny as secret when path under \"/secret\" }\n");

    private static Decision call(Harness h, String path) {
        return h.call("t", Json.NODES.objectNode().put("path", path).toString());
    }

    @Test
    void containmentIsDecidedOnTheNormalisedPath() {
        for (String in : new String[] {"/data/work", "/data/work/", "/data/work/a.txt", "/data//work/./a/../b",
            "file:///data/work/a.txt", "file://localhost/data/work/a%20b.txt"}) {
            assertThat(call(ALLOW, in).outcome()).as(in).isEqualTo(Outcome.ALLOW);
        }
        for (String out : new String[] {"/data/work/../other/secret.txt", "/data/workshop/a", "/data", "/",
            "/data/work/../../etc/passwd", "/../data/other"}) {
            assertThat(call(ALLOW, out).outcome()).as(out).isEqualTo(Outcome.DENY);
            assertThat(call(ALLOW, out).ruleIds()).as(out).isEmpty();
        }
        assertThat(call(DENY, "/public/../secret/key").ruleIds()).containsExactly("secret");
        assertThat(call(DENY, "/../../secret").ruleIds()).containsExactly("secret");
        assertThat(call(DENY, "/secrets/x").outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void pathsWithoutOneCertainReadingDenyTheCallEvenUnderADenyRule() {
        for (String amb : new String[] {"secret/key", "./secret", "~/secret", "/secret\\key", "/ok\u0000/../secret",
            "file:///secret%2fkey", "file:///ok%2F..%2Fsecret", "file:///a%5cb", "file://fileserver/share/x",
            "file:///a%zz", "C:\\secret", "http://host/secret"}) {
            for (Harness h : new Harness[] {ALLOW, DENY}) {
                Decision d = call(h, amb);
                assertThat(d.outcome()).as(amb).isEqualTo(Outcome.DENY);
                assertThat(d.ruleIds()).as(amb).containsExactly(Engine.RULE_AMBIGUOUS_PATH);
            }
        }
        // Not a string: the test is false as any string test is (no path to read).
        assertThat(ALLOW.call("t", "{\"path\": 5}").ruleIds()).isEmpty();
        assertThat(DENY.call("t", "{\"path\": 5}").outcome()).isEqualTo(Outcome.ALLOW);
        // A path argument the policy does not read with `under` is not checked.
        assertThat(DENY.call("t", "{\"path\": \"/x\", \"other\": \"../rel\"}").outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void theBaseMustBeAnAbsolutePathAndIsKeptNormal() {
        Diagnostics d = Harness.errorsOf("tool t { allow when path under \"work/\" }\n");
        assertThat(d.all()).anyMatch(x -> x.code().equals("E106"));
        assertThat(Harness.errorsOf("tool t { allow when path under \"/a\\\\b\" }\n").all())
                .anyMatch(x -> x.code().equals("E106"));
        Harness h = Harness.of("tool t { allow when path under \"/a//b/./c/\" }\n");
        assertThat(h.bundle.atoms()).anyMatch(a -> a.key().equals("path under \"/a/b/c\""));
    }
}

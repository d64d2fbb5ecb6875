package dev.mcppol.compiler.semantics;

import static dev.mcppol.runtime.model.MethodKind.RESOURCES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.print.DslPrinter;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Outcome;
import org.junit.jupiter.api.Test;

/**
 * {@code uri under "file:///data/work"} in a resource block: the URI must be a local file: URI whose
 * normalised path is at or below the base; another scheme is simply not under it; a URI with no
 * certain reading (no scheme, another host, an encoded separator, a {@code ..} segment, characters a
 * URL parser would repair) denies the read with {@code mcppol:ambiguous-path}. Engine, re-read bundle
 * and reference interpreter agree on every request (Harness).
 */
class FileUriUnderTest {

    private static final Harness ALLOW = Harness.of("""
            default resources deny
            resource "file:///data/*" { allow as work when uri under "file:///data/work" }
            resource "demo://*" { allow }
            """);
    private static final Harness DENY = Harness.of("""
            default resources allow
            resource "*" { deny as secret when uri under "file:///secret/" }
            """);

    private static Decision read(Harness h, String uri) {
        return h.method(RESOURCES, uri, Json.NODES.objectNode().put("uri", uri).toString());
    }

    @Test
    void aFileUriIsUnderTheBaseByItsNormalisedPath() {
        for (String in : new String[] {"file:///data/work", "file:///data/work/", "file:///data/work/a.txt",
            "file:///data/work/a%20b.txt", "file:///data//work/./a", "file:///data/work/%C3%A9t%C3%A9"}) {
            assertThat(read(ALLOW, in).outcome()).as(in).isEqualTo(Outcome.ALLOW);
            assertThat(read(ALLOW, in).ruleIds()).as(in).containsExactly("work");
        }
        for (String out : new String[] {"file:///data/workshop/a", "file:///data", "file:///data/other/x"}) {
            assertThat(read(ALLOW, out).outcome()).as(out).isEqualTo(Outcome.DENY);
            assertThat(read(ALLOW, out).ruleIds()).as(out).isEmpty();
        }
        for (String in : new String[] {"file:///secret/key", "file://localhost/secret/key", "FILE:///secret//./key",
            "file:/secret/key", "file:///secret"}) {
            assertThat(read(DENY, in).ruleIds()).as(in).containsExactly("secret");
        }
        assertThat(read(DENY, "file:///secrets/key").outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void anotherSchemeIsNotUnderAFileBaseAndIsNotRefusedForIt() {
        assertThat(read(DENY, "demo://resource/static/document/x").outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(read(DENY, "https://example.com/secret/key").outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(read(ALLOW, "demo://x").outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void uriWithoutOneCertainReadingDeniesTheReadEvenUnderADenyRule() {
        for (String amb : new String[] {"file:///secret%2fkey", "file:///data/work%2F..%2Fsecret", "file:///a%5cb",
            "file:///a%00b", "file://fileserver/secret/key", "file://localhost:80/secret", "file://u@localhost/secret",
            "file:///data/work/../../secret/key", "file:///data/work/%2e%2e/%2E%2E/secret", "file:///data/work/..",
            "file:///a%zz", "file:///a%ff", "file:///a b", "file:///caf\u00e9", "file:///a\\b", "file:///a?x=1",
            "file:///a#f", "file:secret/key", "file://localhost", "file:", "/secret/key", "secret/key",
            "C:/secret/key", "c:\\secret"}) {
            Decision d = read(DENY, amb);
            assertThat(d.outcome()).as(amb).isEqualTo(Outcome.DENY);
            assertThat(d.ruleIds()).as(amb).containsExactly(Engine.RULE_AMBIGUOUS_PATH);
        }
        for (String amb : new String[] {"file:///data/work%2f..%2fother", "file:///data/work/../other",
            "file:///data/work/%2E%2E/other", "file:///data/work/a b", "file:///data/w\u00f6rk"}) {
            assertThat(read(ALLOW, amb).ruleIds()).as(amb).containsExactly(Engine.RULE_AMBIGUOUS_PATH);
        }
    }

    @Test
    void onlyTestsTheDecisionDependsOnRefuseAnUnreadableUri() {
        // The glob does not reach the URI: no `under` test reads it, the default decides.
        assertThat(read(ALLOW, "file:///other/../data/work/x").ruleIds()).isEmpty();
        assertThat(read(ALLOW, "relative/x").outcome()).isEqualTo(Outcome.DENY);
        assertThat(read(ALLOW, "relative/x").ruleIds()).isEmpty();
        // A deny that holds whatever the `under` test says decides alone.
        Harness shadowed = Harness.of("""
                default resources allow
                resource "file:*" { deny as files when uri contains "x" }
                resource "file:*" { allow as work when uri under "file:///work" }
                """);
        assertThat(read(shadowed, "file:///work/../x").ruleIds()).containsExactly("files");
        assertThat(read(shadowed, "file:///work/../y").ruleIds()).containsExactly(Engine.RULE_AMBIGUOUS_PATH);
    }

    @Test
    void aPathBaseKeepsReadingPlainPathsAndAFileBaseWorksOnToolArgumentsToo() {
        Harness tool = Harness.of("default deny\ntool t { allow when path under \"file:///srv\" }\n");
        assertThat(tool.call("t", "{\"path\":\"file:///srv/a\"}").outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(tool.call("t", "{\"path\":\"/srv/a\"}").ruleIds()).containsExactly(Engine.RULE_AMBIGUOUS_PATH);
        Harness path = Harness.of("default deny\ntool t { allow when path under \"/srv\" }\n");
        assertThat(path.call("t", "{\"path\":\"file:///srv/a/../b\"}").outcome()).isEqualTo(Outcome.ALLOW);
        // A raw space or non-ASCII character in a file: URI: URL parsers repair it differently.
        assertThat(path.call("t", "{\"path\":\"file:///srv/a b\"}").ruleIds()).containsExactly(Engine.RULE_AMBIGUOUS_PATH);
        assertThat(path.call("t", "{\"path\":\"file:///srv/\u00e9\"}").ruleIds()).containsExactly(Engine.RULE_AMBIGUOUS_PATH);
        assertThat(path.call("t", "{\"path\":\"/srv/a b\"}").outcome()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void theBaseIsCheckedKeptNormalAndPrintedBack() {
        for (String bad : new String[] {"file://host/data", "file:///data/%2fx", "file:data", "file:///a/../b",
            "file:///a b"}) {
            assertThat(Harness.errorsOf("resource \"*\" { allow when uri under \"" + bad + "\" }\n").all()).as(bad)
                    .anyMatch(x -> x.code().equals("E106"));
        }
        Harness h = Harness.of("resource \"*\" { allow when uri under \"file://localhost/data//w%20rk/./%41/\" }\n");
        assertThat(h.bundle.method(RESOURCES).atoms())
                .anyMatch(a -> a.key().equals("uri under \"file:///data/w%20rk/A\""));
        String printed = DslPrinter.print(h.policy, new dev.mcppol.compiler.diag.Diagnostics());
        assertThat(printed).contains("uri under \"file:///data/w%20rk/A\"");
        assertThat(Harness.errorsOf(printed).all()).noneMatch(x -> x.isError());
    }
}

package dev.mcppol.compiler.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.dsl.DslFrontEnd;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.print.DslPrinter;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.model.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code claims.*} in conditions and {@code per claims.X} limits: decided alike by the compiled
 * bundle, the re-read bundle and the reference interpreter; checked against the claims schema.
 */
class ClaimsTest {
    private static final String POLICY = """
            policy teams
            default deny
            limit tenant_calls = 2 per 1m per claims.tenant
            tool echo { allow limit tenant_calls }
            tool sum {
              deny as no_contractors when claims.groups contains "contractors"
              allow as analysts when claims.groups contains "analysts" or claims.level >= 3
            }
            tool big { allow when len(claims.groups) > 1 and claims.tenant in ["acme", "globex"] }
            tool args_claims { allow when claims == "x" }
            """;

    private static Call call(String tool, String claims, long t) {
        return new Call(tool, Harness.json("{}"), "s1", "u", t, null, claims == null ? null : Harness.json(claims));
    }

    @Test
    void conditionsOnClaimsDecideAndMissingClaimsAreFalse() {
        Harness h = Harness.of(POLICY);
        assertThat(h.decide(call("sum", "{\"groups\":[\"analysts\"]}", 0)).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(h.decide(call("sum", "{\"groups\":[\"analysts\",\"contractors\"]}", 0)).outcome())
                .isEqualTo(Outcome.DENY);
        assertThat(h.decide(call("sum", "{\"level\":3}", 0)).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(h.decide(call("sum", "{\"level\":\"3\"}", 0)).outcome()).isEqualTo(Outcome.DENY);
        assertThat(h.decide(call("sum", "{}", 0)).outcome()).isEqualTo(Outcome.DENY);
        assertThat(h.decide(call("sum", null, 0)).outcome()).isEqualTo(Outcome.DENY);
        assertThat(h.decide(call("big", "{\"groups\":[\"a\",\"b\"],\"tenant\":\"acme\"}", 0)).outcome())
                .isEqualTo(Outcome.ALLOW);
        assertThat(h.decide(call("big", "{\"groups\":[\"a\"],\"tenant\":\"acme\"}", 0)).outcome())
                .isEqualTo(Outcome.DENY);
        // A bare `claims` is the argument of that name, never the token's claims.
        assertThat(h.decide(new Call("args_claims", Harness.json("{\"claims\":\"x\"}"), "s1", "u", 0, null, null))
                .outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(h.decide(call("args_claims", "{\"x\":1}", 0)).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void testsOnEveryElementOfAClaimAreNotTakenForTestsOnOneValue() {
        // claims.groups[*] reads many values: two equalities on it do not exclude each other as they
        // would on one value (the diagram must not drop the second test once the first holds)
        Harness h = Harness.of("""
                policy teams
                default deny
                tool t { allow as both when claims.groups[*] == "a" and claims.groups[*] == "b" }
                tool u { allow as either when claims.groups[*] == "a" or claims.groups[*] == "b" }
                tool v { deny as mixed when claims.groups[*] == "a" and claims.groups[*] == "b"
                         allow }
                """);
        for (String groups : List.of("[\"a\",\"b\"]", "[\"a\"]", "[\"b\"]", "[]", "[\"a\",\"a\"]")) {
            for (String tool : List.of("t", "u", "v")) {
                h.decide(call(tool, "{\"groups\":" + groups + "}", 0)); // the harness compares engine and reference
            }
        }
        // the engine took the two tests for exclusive and let this call through
        assertThat(h.decide(call("v", "{\"groups\":[\"a\",\"b\"]}", 1)).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void eachTenantHasItsOwnBudgetAndCallsWithoutTheClaimShareOne() {
        Harness h = Harness.of(POLICY);
        for (int i = 0; i < 2; i++) {
            assertThat(h.decide(call("echo", "{\"tenant\":\"acme\"}", i)).outcome()).isEqualTo(Outcome.ALLOW);
        }
        assertThat(h.decide(call("echo", "{\"tenant\":\"acme\"}", 2)).outcome()).isEqualTo(Outcome.LIMIT);
        // Another tenant, and another identity of the same tenant: counted per tenant, not per identity.
        assertThat(h.decide(call("echo", "{\"tenant\":\"globex\"}", 3)).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(h.decide(new Call("echo", Harness.json("{}"), "s2", "other", 4, null,
                Harness.json("{\"tenant\":\"acme\"}"))).outcome()).isEqualTo(Outcome.LIMIT);
        // Typed: the number 1 and the string "1" are different tenants.
        assertThat(h.decide(call("echo", "{\"tenant\":1}", 5)).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(h.decide(call("echo", "{\"tenant\":\"1\"}", 6)).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(h.decide(call("echo", null, 7)).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(h.decide(call("echo", "{}", 8)).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(h.decide(call("echo", "{\"tenant\":null}", 9)).outcome()).isEqualTo(Outcome.LIMIT);
        assertThat(h.bundle.limits().get(0).text()).isEqualTo("2 per 1m per claims.tenant");
    }

    @Test
    void printedPolicyReadsBackTheSame() {
        Diagnostics d = new Diagnostics();
        Policy p = DslFrontEnd.parse("p.mcppol", POLICY, d);
        String printed = DslPrinter.print(p, d);
        assertThat(d.all()).isEmpty();
        assertThat(printed).contains("claims.groups contains \"contractors\"").contains("per claims.tenant")
                .contains("len(claims.groups) > 1").contains("args[\"claims\"] == \"x\"");
        Policy again = DslFrontEnd.parse("p.mcppol", printed, d);
        assertThat(d.all()).isEmpty();
        assertThat(DslPrinter.print(again, d)).isEqualTo(printed);
        assertThat(again.limits()).extracting(l -> l.spec()).isEqualTo(p.limits().stream().map(l -> l.spec()).toList());
    }

    private static final String SCHEMA = """
            {"type": "object", "properties": {
              "sub": {"type": "string"},
              "groups": {"type": "array", "items": {"type": "string", "enum": ["analysts", "admins"]}},
              "tenant": {"type": "string", "enum": ["acme", "globex"]},
              "level": {"type": "integer"},
              "org": {"type": "object", "properties": {"id": {"type": "string"}}}},
             "required": ["sub", "tenant"]}
            """;

    /** W131 (other kinds of request pass unchecked) is about every policy here, not about claims. */
    private static List<Diagnostic> withoutW131(List<Diagnostic> d) {
        return d.stream().filter(x -> !x.code().equals("W131")).toList();
    }

    private static List<Diagnostic> check(Path dir, String body) throws Exception {
        Files.writeString(dir.resolve("claims.schema.json"), SCHEMA);
        Path p = Files.writeString(dir.resolve("p.mcppol"), "policy p\nclaims \"claims.schema.json\"\ndefault deny\n" + body);
        CompileResult r = PolicyCompiler.withAllChecks().check(p, PolicyCompiler.Options.defaults());
        return withoutW131(r.diagnostics().sorted());
    }

    @Test
    void claimsAreCheckedAgainstTheClaimsSchema(@TempDir Path dir) throws Exception {
        List<Diagnostic> d = check(dir, """
                limit per_groups = 5 per 1m per claims.groups
                limit per_org = 5 per 1m per claims.org.id
                limit per_tenant = 5 per 1m per claims.tenant
                tool echo {
                  allow when claims.grups contains "analysts"
                  allow when claims.tenant > 3
                  allow when claims.tenant == "acmee" limit per_groups
                  allow when claims.groups startsWith "a" limit per_org
                  allow when claims.org.name == "x" limit per_tenant
                  allow when len(claims.level) > 2
                  allow when claims.groups contains "analysts" and claims.level >= 2
                  allow when claims.groups contains "analystss"
                }
                """);
        assertThat(d).extracting(x -> x.code() + " " + x.span().location().replaceAll(".*p.mcppol", "")).containsExactly(
                "E124 :4:1", "W121 :5:1", "E120 :8:14", "E121 :9:14", "E122 :10:14", "E121 :11:14", "E120 :12:14",
                "E121 :13:14", "E122 :15:14");
        assertThat(d.get(2).message()).isEqualTo("the claims schema declares no claim 'claims.grups'");
        assertThat(d.get(2).help()).isEqualTo("did you mean 'claims.groups'?");
        assertThat(d.get(4).help()).isEqualTo("did you mean \"acme\"?");
        assertThat(d.get(6).message()).isEqualTo("the claims schema declares no claim 'claims.org.name'");
        assertThat(d.get(8).help()).isEqualTo("did you mean \"analysts\"?");
    }

    @Test
    void claimsWithoutASchemaWarnOnceAndABadSchemaIsAnError(@TempDir Path dir) throws Exception {
        Path p = Files.writeString(dir.resolve("p.mcppol"), "policy p\ndefault deny\n"
                + "tool echo { allow when claims.groups contains \"a\" or claims.tenant == \"b\" }\n");
        List<Diagnostic> d = withoutW131(PolicyCompiler.withAllChecks().check(p, PolicyCompiler.Options.defaults())
                .diagnostics().sorted());
        assertThat(d).extracting(Diagnostic::code).containsExactly("W120");
        Files.writeString(dir.resolve("bad.json"), "{\"type\": \"array\"}");
        Path q = Files.writeString(dir.resolve("q.mcppol"), "policy q\nclaims \"bad.json\"\nclaims \"other.json\"\n"
                + "default deny\ntool echo { allow when claims.x == 1 }\n");
        List<Diagnostic> e = withoutW131(PolicyCompiler.withAllChecks().check(q, PolicyCompiler.Options.defaults())
                .diagnostics().sorted());
        assertThat(e).extracting(Diagnostic::code).containsExactly("E002");
        Path r = Files.writeString(dir.resolve("r.mcppol"), "policy r\nclaims \"bad.json\"\ndefault deny\n"
                + "tool echo { allow when claims.x == 1 }\n");
        List<Diagnostic> f = withoutW131(PolicyCompiler.withAllChecks().check(r, PolicyCompiler.Options.defaults())
                .diagnostics().sorted());
        assertThat(f).extracting(Diagnostic::code).containsExactly("E123");
        assertThat(f.get(0).span().location()).endsWith("r.mcppol:2:1");
    }
}

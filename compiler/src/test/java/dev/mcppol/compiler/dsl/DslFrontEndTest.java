package dev.mcppol.compiler.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.diag.TextRenderer;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.RuleKind;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Scope;
import dev.mcppol.runtime.model.ValueTest;
import java.util.List;
import org.junit.jupiter.api.Nested;

class DslFrontEndTest {

    static Policy ok(String text) {
        Diagnostics d = new Diagnostics();
        Policy p = DslFrontEnd.parse("p.mcppol", text, d);
        assertThat(d.all()).as("diagnostics").isEmpty();
        return p;
    }

    static List<Diagnostic> errors(String text) {
        Diagnostics d = new Diagnostics();
        DslFrontEnd.parse("p.mcppol", text, d);
        assertThat(d.hasErrors()).as("has errors").isTrue();
        return d.sorted();
    }

    static Atom.Check atomOf(Rule r) {
        Condition c = r.when();
        while (c instanceof Condition.Not n) {
            c = n.operand();
        }
        return (Atom.Check) ((Condition.AtomCond) c).atom();
    }

    @Nested
    class Headers {
        @org.junit.jupiter.api.Test
        void policyNameDefaultAndToolsFiles() {
            Policy p = ok("policy jupyter\ntools \"a.json\"\ntools \"b.json\"\ndefault allow\n");
            assertThat(p.name()).isEqualTo("jupyter");
            assertThat(p.defaultEffect()).isEqualTo(Effect.ALLOW);
            assertThat(p.schemaFiles()).extracting(s -> s.path()).containsExactly("a.json", "b.json");
        }

        @org.junit.jupiter.api.Test
        void defaultsAreDenyAndTheFileName() {
            Policy p = ok("tool x { allow }");
            assertThat(p.defaultEffect()).isEqualTo(Effect.DENY);
            assertThat(p.name()).isEqualTo("p");
        }

        @org.junit.jupiter.api.Test
        void duplicateHeadersAreErrors() {
            assertThat(errors("policy a\npolicy b\ndefault deny\ndefault allow\n")).extracting(Diagnostic::kind)
                    .containsExactly(DiagnosticKind.DUPLICATE_HEADER, DiagnosticKind.DUPLICATE_HEADER);
        }
    }

    @Nested
    class ToolNames {
        @org.junit.jupiter.api.Test
        void dashesDotsAndKeywordsAreToolNames() {
            Policy p = ok("tool get-sum { allow }\ntool fs.read { allow }\ntool count { allow }\ntool delete { deny }\n"
                    + "tool allow { allow }\ntool tool { deny }\n");
            assertThat(p.rules()).extracting(Rule::target)
                    .containsExactly("get-sum", "fs.read", "count", "delete", "allow", "tool");
        }

        @org.junit.jupiter.api.Test
        void quotedNamesAndGlobs() {
            Policy p = ok("tool \"get-sum\" { allow }\ntool fs_* { allow }\ntool * { deny when x exists }\n"
                    + "tool ab? { allow }");
            assertThat(p.rules()).extracting(Rule::target).containsExactly("get-sum", "fs_*", "*", "ab?");
        }

        @org.junit.jupiter.api.Test
        void braceOnTheNextLine() {
            Policy p = ok("tool get-sum\n{\n  allow\n}\n");
            assertThat(p.rules()).hasSize(1);
        }

        @org.junit.jupiter.api.Test
        void invalidCharactersInAQuotedNameAreAnError() {
            assertThat(errors("tool \"weird name!\" { allow }")).extracting(Diagnostic::kind)
                    .containsExactly(DiagnosticKind.INVALID_TOOL_NAME);
        }

        @org.junit.jupiter.api.Test
        void aListOfHiddenNamesContinuesAfterATrailingComma() {
            Policy p = ok("hide get-env,\n     trigger-long-running-operation,\n  x\ntool y { allow }");
            assertThat(p.hidden()).extracting(h -> h.pattern())
                    .containsExactly("get-env", "trigger-long-running-operation", "x");
        }

        @org.junit.jupiter.api.Test
        void hideTakesSeveralNamesAndMakesDenyRules() {
            Policy p = ok("hide delete_notebook, \"rm-rf\", admin_*\ntool x { allow }");
            assertThat(p.hidden()).extracting(h -> h.pattern()).containsExactly("delete_notebook", "rm-rf", "admin_*");
            assertThat(p.rules()).filteredOn(r -> r.kind() == RuleKind.HIDE).extracting(Rule::effect)
                    .containsOnly(Effect.DENY).hasSize(3);
        }
    }

    @Nested
    class Rules {
        @org.junit.jupiter.api.Test
        void ruleIdsAreNamesOrFileAndLine() {
            Policy p = ok("tool t {\n  allow as ok_rule\n  deny as \"Block rm -rf\"\n  ask\n}");
            assertThat(p.rules()).extracting(Rule::id).containsExactly("ok_rule", "Block rm -rf", "p.mcppol:4");
        }

        @org.junit.jupiter.api.Test
        void duplicateExplicitIdsAreErrors() {
            assertThat(errors("tool t { allow as a\n deny as a }")).extracting(Diagnostic::kind)
                    .containsExactly(DiagnosticKind.DUPLICATE_RULE_ID);
        }

        @org.junit.jupiter.api.Test
        void reasonIsKept() {
            Policy p = ok("tool t { deny reason \"no \\\"quotes\\\" here\" }");
            assertThat(p.rules().get(0).reason()).isEqualTo("no \"quotes\" here");
        }

        @org.junit.jupiter.api.Test
        void requireMakesOneDenyRulePerArgument() {
            Policy p = ok("tool t { require code, kernel.id }");
            assertThat(p.rules()).hasSize(2).allMatch(r -> r.kind() == RuleKind.REQUIRE && r.effect() == Effect.DENY);
            assertThat(p.rules().get(1).reason()).isEqualTo("missing required argument 'kernel.id'");
            assertThat(p.rules().get(0).when()).isInstanceOf(Condition.Not.class);
        }

        @org.junit.jupiter.api.Test
        void validateAndValidateRequired() {
            Policy p = ok("tool t { validate\n validate required }");
            assertThat(p.rules()).extracting(r -> ((Condition.AtomCond) ((Condition.Not) r.when()).operand()).atom())
                    .containsExactly(new Atom.Schema(false), new Atom.Schema(true));
        }

        @org.junit.jupiter.api.Test
        void limitOnADenyRuleIsAnError() {
            assertThat(errors("tool t { deny limit 3 per 1m }")).extracting(Diagnostic::kind)
                    .containsExactly(DiagnosticKind.LIMIT_ON_NON_ALLOW);
        }
    }

    @Nested
    class Limits {
        @org.junit.jupiter.api.Test
        void namedLimitsAreSharedAndScoped() {
            Policy p = ok("limit exec = 10 per 1m per identity\ntool a { allow limit exec }\ntool b { allow limit exec }");
            assertThat(p.limits()).hasSize(1);
            assertThat(p.limits().get(0).spec().shared()).isTrue();
            assertThat(p.limits().get(0).spec().scope()).isEqualTo(Scope.IDENTITY);
            assertThat(p.limits().get(0).spec().windowMillis()).isEqualTo(60_000);
            assertThat(p.rules()).extracting(Rule::limits).containsOnly(List.of("exec"));
        }

        @org.junit.jupiter.api.Test
        void inlineLimitsArePerToolAndDefaultToSession() {
            Policy p = ok("tool a {\n  allow limit 5 per 30s\n}");
            assertThat(p.limits().get(0).spec().shared()).isFalse();
            assertThat(p.limits().get(0).spec().scope()).isEqualTo(Scope.SESSION);
            assertThat(p.limits().get(0).name()).isEqualTo("p.mcppol:2");
        }

        @org.junit.jupiter.api.Test
        void sumBudgets() {
            Policy p = ok("limit spend = sum(order.amount) <= 1000000.50 per 1d per identity\ntool pay { allow limit spend }");
            var spec = p.limits().get(0).spec();
            assertThat(spec.isBudget()).isTrue();
            assertThat(spec.amount()).containsExactly(new PathSeg.Key("order"), new PathSeg.Key("amount"));
            assertThat(spec.max()).isEqualByComparingTo("1000000.50");
        }

        @org.junit.jupiter.api.Test
        void toolLevelLimits() {
            Policy p = ok("limit all = 100 per 1h per global\ntool * { limit all }\ntool a { limit 3 per 1s }");
            assertThat(p.toolLimits()).extracting(t -> t.target() + ":" + t.limit())
                    .containsExactly("*:all", "a:p.mcppol:3");
        }

        @org.junit.jupiter.api.Test
        void unknownLimitSuggestsTheClosestName() {
            List<Diagnostic> ds = errors("limit exec = 1 per 1m\ntool a { allow limit exce }");
            assertThat(ds).hasSize(1);
            assertThat(ds.get(0).kind()).isEqualTo(DiagnosticKind.UNKNOWN_LIMIT);
            assertThat(ds.get(0).help()).contains("did you mean 'exec'");
            assertThat(ds.get(0).span().line()).isEqualTo(2);
        }

        @org.junit.jupiter.api.Test
        void duplicateLimitNames() {
            assertThat(errors("limit a = 1 per 1m\nlimit a = 2 per 1m")).extracting(Diagnostic::kind)
                    .containsExactly(DiagnosticKind.DUPLICATE_LIMIT);
        }

        @org.junit.jupiter.api.Test
        void zeroWindowIsRejected() {
            assertThat(errors("limit a = 1 per 0s")).extracting(Diagnostic::kind).containsExactly(DiagnosticKind.BAD_VALUE);
        }
    }

    @Nested
    class Conditions {
        Atom.Check only(String cond) {
            return atomOf(ok("tool t { deny when " + cond + " }").rules().get(0));
        }

        @org.junit.jupiter.api.Test
        void comparisonsAndReversedComparisons() {
            assertThat(only("a >= 5").test()).isEqualTo(new ValueTest.Cmp(CmpOp.GE, dev.mcppol.runtime.json.Json.NODES.numberNode(5L)));
            assertThat(only("5 <= a").test()).isEqualTo(new ValueTest.Cmp(CmpOp.GE, dev.mcppol.runtime.json.Json.NODES.numberNode(5L)));
            assertThat(only("a != -2.5").test().text()).isEqualTo("!= -2.5");
        }

        @org.junit.jupiter.api.Test
        void pathsNestedIndexedAnyAndQuoted() {
            assertThat(only("a.b[0].c == 1").operand().text()).isEqualTo("a.b[0].c");
            assertThat(only("a[*] == 1").operand().text()).isEqualTo("a[*]");
            assertThat(only("headers[\"content-type\"] == \"x\"").operand().text()).isEqualTo("headers[\"content-type\"]");
        }

        @org.junit.jupiter.api.Test
        void argsPrefixReachesArgumentsNamedLikeContext() {
            assertThat(only("args.session == \"x\"").operand()).isEqualTo(new Operand.Arg(List.of(new PathSeg.Key("session"))));
            assertThat(only("session == \"x\"").operand()).isEqualTo(new Operand.Session());
            assertThat(only("identity == \"x\"").operand()).isEqualTo(new Operand.Identity());
        }

        @org.junit.jupiter.api.Test
        void keywordsCanNameArguments() {
            assertThat(only("limit > 3").operand().text()).isEqualTo("limit");
            assertThat(only("reason.code exists").operand().text()).isEqualTo("reason.code");
        }

        @org.junit.jupiter.api.Test
        void stringTestsRegexAndLen() {
            assertThat(only("p startsWith \"/etc/\"").test()).isEqualTo(new ValueTest.Prefix("/etc/"));
            assertThat(only("p endsWith \".sh\"").test()).isEqualTo(new ValueTest.Suffix(".sh"));
            assertThat(only("p matches /a\\/b/i").test()).isEqualTo(new ValueTest.Matches("(?i)a/b"));
            assertThat(only("len(p) > 3").operand()).isEqualTo(new Operand.Len(List.of(new PathSeg.Key("p"))));
            assertThat(only("tags contains \"x\"").test().text()).isEqualTo("contains \"x\"");
        }

        @org.junit.jupiter.api.Test
        void inAndNotIn() {
            Rule in = ok("tool t { deny when k in [\"a\", 1, true, null, [1]] }").rules().get(0);
            assertThat(((ValueTest.In) atomOf(in).test()).values()).hasSize(5);
            Rule notIn = ok("tool t { deny when k not in [\"a\"] }").rules().get(0);
            // present (exists or == null) and not in: false on a missing argument
            assertThat(notIn.when()).isInstanceOf(Condition.And.class);
            assertThat(((Condition.And) notIn.when()).parts().get(1)).isInstanceOf(Condition.Not.class);
        }

        @org.junit.jupiter.api.Test
        void precedenceNotBindsTighterThanAndThanOr() {
            Condition c = ok("tool t { deny when not a exists and b exists or c exists }").rules().get(0).when();
            assertThat(c).isInstanceOf(Condition.Or.class);
            Condition left = ((Condition.Or) c).parts().get(0);
            assertThat(left).isInstanceOf(Condition.And.class);
            assertThat(((Condition.And) left).parts().get(0)).isInstanceOf(Condition.Not.class);
        }

        @org.junit.jupiter.api.Test
        void longChainsAreFlattenedWithoutRecursion() {
            StringBuilder b = new StringBuilder("tool t { deny when a0 exists");
            for (int i = 1; i < 5000; i++) {
                b.append(" and a").append(i).append(" exists");
            }
            Condition c = ok(b.append(" }").toString()).rules().get(0).when();
            assertThat(((Condition.And) c).parts()).hasSize(5000);
        }

        @org.junit.jupiter.api.Test
        void deepNestingIsAnErrorNotAStackOverflow() {
            String deep = "(".repeat(5000) + "a exists" + ")".repeat(5000);
            assertThat(errors("tool t { deny when " + deep + " }")).extracting(Diagnostic::kind)
                    .containsExactly(DiagnosticKind.NESTING_TOO_DEEP);
            assertThat(errors("tool t { deny when " + "not ".repeat(5000) + "a exists }")).extracting(Diagnostic::kind)
                    .containsExactly(DiagnosticKind.NESTING_TOO_DEEP);
        }

        @org.junit.jupiter.api.Test
        void invalidRegexIsReportedAtItsPosition() {
            List<Diagnostic> ds = errors("tool t {\n  deny when code matches /(os/\n}");
            assertThat(ds).hasSize(1);
            assertThat(ds.get(0).kind()).isEqualTo(DiagnosticKind.INVALID_REGEX);
            assertThat(ds.get(0).span().line()).isEqualTo(2);
            assertThat(ds.get(0).span().col()).isEqualTo(26);
        }

        @org.junit.jupiter.api.Test
        void backreferencesAreNotRe2() {
            assertThat(errors("tool t { deny when a matches /(a)\\1/ }")).extracting(Diagnostic::kind)
                    .containsExactly(DiagnosticKind.INVALID_REGEX);
        }
    }

    @Nested
    class SyntaxErrors {
        @org.junit.jupiter.api.Test
        void errorNamesLineColumnAndOffendingText() {
            List<Diagnostic> ds = errors("policy p\ntool t {\n  allow when x === 1\n}\n");
            Diagnostic first = ds.get(0);
            assertThat(first.kind()).isEqualTo(DiagnosticKind.SYNTAX);
            assertThat(first.span().line()).isEqualTo(3);
            assertThat(first.span().col()).isEqualTo(18);
        }

        @org.junit.jupiter.api.Test
        void severalErrorsAreAllReported() {
            List<Diagnostic> ds = errors("tool a { allow when }\ntool b { deny when x == }\ntool c { allow }\n");
            assertThat(ds).hasSizeGreaterThanOrEqualTo(2);
            assertThat(ds).extracting(d -> d.span().line()).contains(1, 2);
        }

        @org.junit.jupiter.api.Test
        void unterminatedBlockAtEndOfFile() {
            List<Diagnostic> ds = errors("tool a { allow");
            assertThat(ds.get(0).message()).contains("end of file");
        }

        @org.junit.jupiter.api.Test
        void strayCharacters() {
            assertThat(errors("tool a { allow } $")).extracting(Diagnostic::kind).contains(DiagnosticKind.SYNTAX);
        }

        @org.junit.jupiter.api.Test
        void textRenderingShowsTheLineAndACaret() {
            String text = "tool t {\n  deny when code matches /(os/\n}";
            Diagnostics d = new Diagnostics();
            DslFrontEnd.parse("p.mcppol", text, d);
            SourceFiles sources = new SourceFiles();
            sources.add("p.mcppol", text);
            String rendered = new TextRenderer(sources).render(d.sorted());
            assertThat(rendered).startsWith("p.mcppol:2:26: error[E006]: invalid regular expression");
            assertThat(rendered).contains("\n      deny when code matches /(os/\n                             ^^^^^\n");
        }
    }
}

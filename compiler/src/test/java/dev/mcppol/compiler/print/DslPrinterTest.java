package dev.mcppol.compiler.print;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.dsl.DslFrontEnd;
import dev.mcppol.compiler.imports.InterceptImporter;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.PathSeg;
import java.util.List;
import org.junit.jupiter.api.Test;

class DslPrinterTest {

    @Test
    void keywordKeysAreQuotedAndPathsReadBack() {
        List<PathSeg> path = List.of(new PathSeg.Key("tool"), new PathSeg.Key("hide"), new PathSeg.Key("a-b"),
                new PathSeg.Index(0), new PathSeg.Key("ok"));
        String text = DslPrinter.path(path);
        assertThat(text).isEqualTo("args[\"tool\"][\"hide\"][\"a-b\"][0].ok");
        Diagnostics d = new Diagnostics();
        Policy p = DslFrontEnd.parse("x.mcppol", "tool t { deny as \"r\" when " + text + " exists }", d);
        assertThat(d.all()).isEmpty();
        Atom.Check c = (Atom.Check) ((Condition.AtomCond) p.rules().get(0).when()).atom();
        assertThat(((dev.mcppol.runtime.model.Operand.Arg) c.operand()).path()).isEqualTo(path);
    }

    @Test
    void regexSlashesSurvive() {
        String re = "a/b\\/c[/]";
        Diagnostics d = new Diagnostics();
        Policy p = DslFrontEnd.parse("x.mcppol", "tool t { deny as \"r\" when s matches " + DslPrinter.regex(re)
                + " }", d);
        assertThat(d.all()).isEmpty();
        String back = ((dev.mcppol.runtime.model.ValueTest.Matches) ((Atom.Check) ((Condition.AtomCond) p.rules().get(0)
                .when()).atom()).test()).regex();
        com.google.re2j.Pattern pat = com.google.re2j.Pattern.compile(back);
        assertThat(pat.matcher("a/b/c/").find()).isTrue();
        assertThat(pat.matcher("a/b/cx").find()).isFalse();
    }

    @Test
    void interceptPathPrefixesAreImportedUnchangedWithANote() {
        Diagnostics d = new Diagnostics();
        Policy p = InterceptImporter.importText("fs.yaml", """
                version: "1"
                default: deny
                tools:
                  read_file:
                    rules:
                      - name: "work only"
                        action: evaluate
                        conditions:
                          - {path: "args.path", op: "regex", value: "^/data/work/"}
                """, d);
        assertThat(d.all()).isEmpty();
        String text = DslPrinter.print(p, d);
        // Intercept's semantics kept (a raw match), and the hole named with the path-aware alternative.
        assertThat(text).contains("path matches /^\\x2fdata\\x2fwork\\x2f/").contains("/data/work/../x passes it")
                .contains("`path under \"/data/work\"` would decide on the normalised path");
    }

    @Test
    void printsTheStripePolicyWithNotesIdsAndLimits() {
        Diagnostics d = new Diagnostics();
        Policy p = InterceptImporter.importText("stripe.yaml", """
                version: "1"
                description: "Stripe"
                tools:
                  create_charge:
                    rules:
                      - name: "daily spend cap"
                        conditions:
                          - path: "state.create_charge.daily_spend"
                            op: "lt"
                            value: 1000000
                        on_deny: "cap reached"
                        state:
                          counter: "daily_spend"
                          window: "day"
                          increment_from: "args.amount"
                      - name: "max"
                        conditions:
                          - {path: "args.amount", op: "lte", value: 50000}
                  create_issue:
                    rules:
                      - name: "hourly"
                        rate_limit: 5/hour
                  "*":
                    rules:
                      - name: "global rate limit"
                        conditions:
                          - {path: "state._global.calls_per_minute", op: "lt", value: 60}
                        on_deny: "60 calls a minute"
                        state: {counter: "calls_per_minute", window: "minute"}
                """, d);
        assertThat(d.all()).isEmpty();
        String text = DslPrinter.print(p, d);
        assertThat(d.all()).isEmpty();
        assertThat(text).contains("# description: Stripe")
                .contains("# Intercept counts calls in fixed calendar windows")
                .contains("limit create_charge_daily_spend = sum(amount) <= 999999 per 1d per global")
                .contains("  # Intercept admits while the sum stays below 1000000")
                .contains("allow as \"daily spend cap\" limit create_charge_daily_spend reason \"cap reached\"")
                .contains("deny as \"max\" when not amount <= 50000")
                .contains("allow as \"hourly\" limit 5 per 1h per global")
                .contains("tool * {\n  limit _global_calls_per_minute as \"global rate limit\" reason \"60 calls a minute\"\n}");
        Policy back = DslFrontEnd.parse("printed.mcppol", text, d);
        assertThat(d.all()).isEmpty();
        assertThat(back.rules()).extracting(Rule::id).containsExactlyInAnyOrderElementsOf(
                p.rules().stream().map(Rule::id).toList());
        assertThat(back.limits()).extracting(l -> l.name()).containsExactlyInAnyOrderElementsOf(
                p.limits().stream().map(l -> l.name()).toList());
        assertThat(back.toolLimits()).extracting(t -> t.ruleId() + "|" + t.reason())
                .containsExactly("global rate limit|60 calls a minute");
    }

    @Test
    void ruleNotesRoundTripThroughTheirEncoding() {
        String n = Notes.forRule("a \"quoted\" id", "text");
        assertThat(Notes.ruleOf(n)).isEqualTo("a \"quoted\" id");
        assertThat(Notes.textOf(n)).isEqualTo("text");
        assertThat(Notes.ruleOf("plain note")).isNull();
    }
}

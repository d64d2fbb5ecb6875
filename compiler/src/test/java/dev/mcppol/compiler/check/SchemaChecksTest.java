package dev.mcppol.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schema errors E101–E105 (and the front end's E004, E006), each where it should fire and nowhere else. */
class SchemaChecksTest {

    private static final String NESTED = """
            {"tools": [{"name": "deploy", "inputSchema": {
              "type": "object",
              "$defs": {"target": {"type": "object", "properties": {
                  "region": {"type": "string", "enum": ["eu", "us"]},
                  "replicas": {"type": "integer"}}, "required": ["region"]}},
              "definitions": {"tag": {"type": "object", "properties": {"key": {"type": "string"}}}},
              "properties": {
                "target": {"$ref": "#/$defs/target"},
                "tags": {"type": "array", "items": {"$ref": "#/definitions/tag"}},
                "mode": {"type": ["string", "null"]},
                "size": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                "kind": {"const": "blue"},
                "level": {"oneOf": [{"const": 1}, {"const": 2}]},
                "meta": {"type": "object"},
                "count": {"type": "number"}
              },
              "required": ["target", "count"]}}]}
            """;

    @Test
    void e101UnknownToolWithSuggestion() {
        Checked c = Checked.everything("tool get-summ { allow }\ntool echo { allow }\n");
        List<Diagnostic> d = c.code("E101");
        assertThat(d).hasSize(1);
        // At the tool name itself, not at its rule.
        assertThat(d.get(0).span().location()).isEqualTo("p.mcppol:1:6");
        assertThat(d.get(0).message()).contains("'get-summ'");
        assertThat(d.get(0).help()).isEqualTo("did you mean 'get-sum'?");
    }

    @Test
    void e101GlobMatchingNothingAndHiddenAndToolLimits() {
        Checked c = Checked.everything("limit l = 1 per 1m\ntool fs_* { allow }\nhide nope\ntool zz { limit l }\n");
        assertThat(c.code("E101")).extracting(Diagnostic::message).containsExactly(
                "the pattern 'fs_*' matches no tool in the schemas", "no tool named 'nope' in the schemas",
                "no tool named 'zz' in the schemas");
    }

    @Test
    void e101SilentForKnownToolsGlobsAndWithoutSchemas() {
        assertThat(Checked.everything("tool get-* { allow }\ntool echo { allow }\nhide get-env\n").codes())
                .doesNotContain("E101");
        assertThat(Checked.unbound("tool anything { allow }\n").codes()).doesNotContain("E101");
    }

    @Test
    void e102UnknownArgumentWithSuggestion() {
        Checked c = Checked.everything("tool echo {\n  deny when mesage contains \"x\"\n  allow\n}\n");
        List<Diagnostic> d = c.code("E102");
        assertThat(d).hasSize(1);
        assertThat(d.get(0).span().location()).isEqualTo("p.mcppol:2:13");
        assertThat(d.get(0).help()).isEqualTo("did you mean 'message'?");
    }

    @Test
    void e102FollowsRefsDefsDefinitionsAndItems() {
        String ok = """
                tool deploy {
                  deny when target.region == "eu" and target.replicas > 3
                  deny when tags[*].key startsWith "x" or tags[0].key == "y"
                  deny when meta.anything.goes exists
                  allow
                }
                """;
        assertThat(Checked.with(NESTED, ok).codes()).doesNotContain("E102", "E103", "E104");
        Checked bad = Checked.with(NESTED, "tool deploy {\n  deny when target.regoin == \"eu\"\n  deny when tags[*].kee == \"a\"\n"
                + "  deny when count.x exists\n  allow\n}\n");
        List<Diagnostic> d = bad.code("E102");
        assertThat(d).extracting(x -> x.span().line()).containsExactly(2, 3, 4);
        assertThat(d.get(0).help()).isEqualTo("did you mean 'target.region'?");
        assertThat(d.get(1).help()).isEqualTo("did you mean 'tags[*].key'?");
        assertThat(d.get(2).message()).contains("'count' is a number");
    }

    @Test
    void e103OperatorTypeMismatch() {
        Checked c = Checked.everything("""
                tool get-sum {
                  deny when a startsWith "1"
                  deny when b < "10"
                  deny when len(a) > 2
                  deny when a == "3"
                  allow when a < 100 and b in [1, 2] and a != 4
                }
                tool echo {
                  deny when message > 5
                  deny when message matches /x/ and len(message) > 10 and message contains "y"
                  allow
                }
                """);
        assertThat(c.code("E103")).extracting(x -> x.span().line()).containsExactly(2, 3, 4, 5, 9);
        assertThat(c.code("E103").get(0).message()).isEqualTo(
                "'startsWith' applies to strings, but 'a' is a number in tool 'get-sum'");
        assertThat(c.code("E103").get(1).message()).contains("\"10\" is a string");
        assertThat(c.code("E103").get(2).message()).startsWith("len() measures strings");
    }

    @Test
    void e103TypeArraysAnyOfOneOfAndConst() {
        Checked c = Checked.with(NESTED, """
                tool deploy {
                  deny when mode startsWith "x" or size > 3 or level > 1 or kind startsWith "b"
                  deny when mode > 1
                  deny when size startsWith "1"
                  deny when kind > 1
                  allow
                }
                """);
        assertThat(c.code("E103")).extracting(x -> x.span().line()).containsExactly(3, 4, 5);
    }

    @Test
    void e103LiteralMistakesWithoutSchemas() {
        Checked c = Checked.unbound("tool t { deny when a < \"x\" or identity > 3\n allow }\n");
        assertThat(c.code("E103")).hasSize(2);
    }

    @Test
    void e104OutsideEnumWithSuggestion() {
        Checked c = Checked.everything("""
                tool get-structured-content {
                  allow when location == "Chikago"
                  deny when location in ["New York", "Paris"]
                  allow when location == "Chicago" or location != "Los Angeles"
                }
                """);
        List<Diagnostic> d = c.code("E104");
        assertThat(d).extracting(x -> x.span().line()).containsExactly(2, 3);
        assertThat(d.get(0).help()).isEqualTo("did you mean \"Chicago\"?");
        assertThat(d.get(1).message()).startsWith("\"Paris\"");
    }

    @Test
    void e104ConstAndOneOfConst() {
        Checked c = Checked.with(NESTED, "tool deploy {\n  deny when kind == \"red\"\n  deny when level == 3\n"
                + "  deny when level == 2 or kind == \"blue\" or target.region == \"eu\"\n  allow\n}\n");
        assertThat(c.code("E104")).extracting(x -> x.span().line()).containsExactly(2, 3);
    }

    @Test
    void e105RequireOfUndeclaredArgument() {
        Checked c = Checked.everything("tool get-sum {\n  require a, bb, c\n  allow\n}\n");
        List<Diagnostic> d = c.code("E105");
        assertThat(d).extracting(x -> x.span().location()).containsExactly("p.mcppol:2:14", "p.mcppol:2:18");
        assertThat(d.get(0).help()).startsWith("did you mean 'b'?");
        assertThat(c.codes()).doesNotContain("E102");
        assertThat(Checked.everything("tool get-sum {\n  require a, b\n  allow\n}\n").codes()).doesNotContain("E105");
    }

    @Test
    void frontEndErrorsStayE004AndE006() {
        Checked c = Checked.unbound("limit x = 1 per 1m\nlimit x = 2 per 1m\ntool t { deny when a matches /(x/\n allow }\n");
        assertThat(c.codes()).containsExactly("E004", "E006");
        assertThat(c.code("E006").get(0).span().location()).isEqualTo("p.mcppol:3:30");
        assertThat(c.code("E004").get(0).span().location()).isEqualTo("p.mcppol:2:7");
    }

    @Test
    void globRulesAreWrongOnlyWhereEveryToolDisagrees() {
        // `a` is declared by get-sum only; the glob also covers echo, which does not have it: no error.
        Checked c = Checked.everything("tool * {\n  deny when a > 3 or message startsWith \"x\"\n  allow\n}\n");
        assertThat(c.codes()).doesNotContain("E102", "E103");
        assertThat(Checked.everything("tool * {\n  deny when nothere > 3\n  allow\n}\n").code("E102")).hasSize(1);
    }
}

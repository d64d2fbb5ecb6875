package dev.mcppol.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** W109: a test that holds for the default the schema gives an optional argument. */
class DefaultedArgumentCheckTest {
    private static final String TOOLS = """
            {"tools": [{"name": "links", "inputSchema": {"type": "object", "$defs": {
              "Opts": {"type": "object", "properties": {"depth": {"type": "integer", "default": 9}}}},
              "properties": {
              "count": {"type": "number", "default": 3},
              "mode": {"type": "string", "default": "safe"},
              "must": {"type": "number", "default": 1},
              "opts": {"$ref": "#/$defs/Opts"},
              "plain": {"type": "number"}},
              "required": ["must"]}}]}
            """;

    @Test
    void testsThatHoldForTheDefaultAreWarnedAbout() {
        Checked c = Checked.with(TOOLS, """
                tool links {
                  deny when count > 2
                  deny when count > 5
                  allow when mode == "safe"
                  deny when not (mode == "fast")
                  deny when opts.depth >= 9
                  deny when must > 0
                  deny when plain > 0
                }
                """);
        assertThat(c.code("W109")).extracting(d -> d.span().line()).containsExactly(2, 4, 6);
        assertThat(c.code("W109").get(0).message()).contains("'count' has the default 3")
                .contains("mcppol:ambiguous-default");
        assertThat(c.code("W109").get(0).help()).contains("require count");
    }

    @Test
    void silentWhereTheToolRequiresTheArgument() {
        Checked c = Checked.with(TOOLS, """
                tool links {
                  require count
                  deny when count > 2
                }
                """);
        assertThat(c.code("W109")).isEmpty();
    }
}

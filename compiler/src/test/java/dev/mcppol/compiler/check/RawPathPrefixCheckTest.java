package dev.mcppol.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** W108: startsWith / == on an argument that is a path or URI (by name, format or description). */
class RawPathPrefixCheckTest {
    private static final String TOOLS = """
            {"tools": [{"name": "read_file", "inputSchema": {"type": "object", "properties": {
              "path": {"type": "string"},
              "target": {"type": "string", "format": "uri"},
              "where": {"type": "string", "description": "Directory to list"},
              "label": {"type": "string"}}}}]}
            """;

    @Test
    void rawPrefixesOnPathsAndUrisAreWarnedAbout() {
        Checked c = Checked.with(TOOLS, """
                tool read_file {
                  allow when path startsWith "/data/work/"
                  allow when target startsWith "file:///data/"
                  allow when where == "/data/work"
                  allow when label startsWith "/x"
                  allow when path under "/data/work"
                  allow when path startsWith "notes/"
                }
                """);
        assertThat(c.code("W108")).extracting(d -> d.span().line()).containsExactly(2, 3, 4);
        assertThat(c.code("W108").get(0).message()).contains("\"/data/work/../x\" passes it");
        assertThat(c.code("W108").get(0).help()).contains("path under \"/data/work\"");
    }

    @Test
    void rawPrefixesOnFileUrisOfResourcesAreWarnedAbout() {
        Checked c = Checked.with(TOOLS, """
                default resources deny
                resource "file:///*" {
                  allow when uri startsWith "file:///data/work/"
                  allow when uri under "file:///data/work"
                  allow when uri startsWith "demo://"
                  deny when not (uri == "file:///etc/passwd")
                }
                """);
        assertThat(c.code("W108")).extracting(d -> d.span().line()).containsExactlyInAnyOrder(3, 6);
        assertThat(c.code("W108")).anySatisfy(d -> {
            assertThat(d.message()).contains("\"file:///data/work/../x\" passes it");
            assertThat(d.help()).contains("uri under \"file:///data/work\"");
        });
    }
}

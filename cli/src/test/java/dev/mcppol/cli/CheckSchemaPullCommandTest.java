package dev.mcppol.cli;

import static dev.mcppol.cli.CheckCommandTest.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.ToolCatalog;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.io.TempDir;

/** mcppol schema pull, end to end: the snapshot it writes is one check accepts. */
class CheckSchemaPullCommandTest {

    private static final Path EVERYTHING = Path.of("../testservers/node_modules/@modelcontextprotocol/"
            + "server-everything/dist/index.js").toAbsolutePath().normalize();

    @Test
    void writesASnapshotThatChecksAccept(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("everything.tools.json");
        CheckCommandTest.Run r = run("schema", "pull", "-o", out.toString(), "--timeout", "30s", "--", "node",
                EVERYTHING.toString(), "stdio");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ToolCatalog.parse(Json.MAPPER.readTree(Files.readString(out)))).hasSize(13).containsKey("get-sum");
        assertThat(Files.readString(out)).contains("\n  ");
        Path p = dir.resolve("p.mcppol");
        Files.writeString(p, "tools \"everything.tools.json\"\ntool * { allow }\ntool get-sum { deny when a > 100 }\n"
                + "default resources allow\nhide resource \"demo://resource/dynamic/blob/*\"\nprompt simple-prompt { allow }\n");
        assertThat(run("check", "--werror", p.toString()).code()).isZero();
        // The snapshot lists resources, templates and prompts too: rules naming what is not there are found.
        JsonNode snapshot = Json.MAPPER.readTree(Files.readString(out));
        assertThat(snapshot.get("resourceTemplates")).isNotEmpty();
        assertThat(snapshot.get("prompts").toString()).contains("args-prompt");
        Files.writeString(p, "tools \"everything.tools.json\"\ntool * { allow }\nprompt args-promt { allow }\n");
        CheckCommandTest.Run bad = run("check", p.toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("error[E131]").contains("did you mean 'args-prompt'?");
    }

    @Test
    void aDeadServerOrABadTimeoutExitsTwo() {
        CheckCommandTest.Run r = run("schema", "pull", "--", "sh", "-c", "exit 7");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("exited with code 7").doesNotContain("Exception");
        assertThat(run("schema", "pull", "--timeout", "soon", "--", "true").code()).isEqualTo(2);
    }
}

package dev.mcppol.compiler.schema;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostic;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaFilesTest {

    private static final String TOOLS = "{\"tools\":[{\"name\":\"t\",\"inputSchema\":{\"type\":\"object\"}}]}";

    @Test
    void theSameFileNamedTwiceIsOneFile(@TempDir Path dir) throws Exception {
        Path tools = dir.resolve("t.json");
        Files.writeString(tools, TOOLS);
        Path policy = dir.resolve("p.mcppol");
        Files.writeString(policy, "tools \"t.json\"\ntool t { allow }\n");
        // the policy's own line plus --tools naming the same file (by another spelling of its path)
        CompileResult r = PolicyCompiler.withAllChecks().check(policy, PolicyCompiler.Options.defaults()
                .withTools(List.of(dir.resolve(".").resolve("t.json"))));
        assertThat(r.diagnostics().all()).extracting(Diagnostic::code).doesNotContain("E012");
        assertThat(r.schemas()).containsOnlyKeys("t");
    }

    @Test
    void twoFilesDefiningOneToolAreStillAnError(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("t.json"), TOOLS);
        Files.writeString(dir.resolve("copy.json"), TOOLS);
        Path policy = dir.resolve("p.mcppol");
        Files.writeString(policy, "tools \"t.json\"\ntool t { allow }\n");
        CompileResult r = PolicyCompiler.withAllChecks().check(policy, PolicyCompiler.Options.defaults()
                .withTools(List.of(dir.resolve("copy.json"))));
        assertThat(r.diagnostics().all()).extracting(Diagnostic::code).contains("E012");
    }
}

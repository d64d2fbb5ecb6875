package dev.mcppol.compiler.compile;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.runtime.bundle.Bundle;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a run of the pipeline produced. {@code policy} is null when the input was already a bundle;
 * {@code bundle} and {@code bytes} are null when a stage reported errors (or only checks ran).
 */
public record CompileResult(Policy policy, Map<String, JsonNode> schemas, Bundle bundle, byte[] bytes,
                            Diagnostics diagnostics, SourceFiles sources) {

    public boolean ok() {
        return !diagnostics.hasErrors();
    }
}

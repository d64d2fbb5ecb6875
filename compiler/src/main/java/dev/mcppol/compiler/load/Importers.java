package dev.mcppol.compiler.load;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.imports.InterceptImporter;
import dev.mcppol.compiler.imports.PolicyLayerImporter;
import dev.mcppol.compiler.ir.Policy;

/** Front ends for the formats of other tools, all producing the same IR as the DSL. */
final class Importers {
    private Importers() {
    }

    /** The policy, or null when the file has errors (every one reported in {@code diagnostics}). */
    static Policy importPolicy(InputFormat format, String name, String text, Diagnostics diagnostics) {
        return format == InputFormat.POLICYLAYER ? PolicyLayerImporter.importText(name, text, diagnostics)
                : InterceptImporter.importText(name, text, diagnostics);
    }
}

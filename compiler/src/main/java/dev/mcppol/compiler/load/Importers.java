package dev.mcppol.compiler.load;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Span;

/** Front ends for the formats of other tools, all producing the same IR as the DSL. */
final class Importers {
    private Importers() {
    }

    static Policy importPolicy(InputFormat format, String name, String text, Diagnostics diagnostics) {
        diagnostics.error(DiagnosticKind.UNREADABLE_FILE, Span.none(name), "importing " + format.name().toLowerCase()
                + " policies is not available in this build; write the policy in the mcppol language");
        return null;
    }
}

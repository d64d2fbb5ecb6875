package dev.mcppol.compiler.compile;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.runtime.bundle.BundleWriter;
import java.util.List;

/**
 * Writes the bundle from the diagrams (canonical JSON, hash, optional signature: {@code BundleWriter},
 * the format's one owner). Only a policy the checks passed gets one.
 */
final class BundleStage implements Stage {

    static final String NAME = "bundle";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> needs() {
        return List.of(CheckStage.NAME, DiagramStage.NAME);
    }

    @Override
    public Compilation run(Compilation in) {
        Diagrams diagrams = in.diagrams();
        if (diagrams.tools() == null) {
            if (diagrams.tooLarge() == null) {
                throw new IllegalStateException("no diagrams for a policy whose limits are not all declared");
            }
            Diagnostics d = new Diagnostics();
            d.error(DiagnosticKind.NODE_BUDGET, in.policy().span(), diagrams.tooLarge(),
                    "split the tool's rules, or raise the budget with --node-budget");
            return in.report(d);
        }
        BundleWriter.Written written = new BundleWriter().write(diagrams.tools(), in.options().signingKey());
        return in.withBundle(written.bundle(), written.bytes());
    }

    @Override
    public boolean delivered(Compilation out) {
        return out.bundle() != null;
    }
}

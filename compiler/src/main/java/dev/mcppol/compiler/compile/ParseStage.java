package dev.mcppol.compiler.compile;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.load.PolicyReader;
import java.util.List;

/**
 * Sniffs the input's format (DSL, Intercept YAML, PolicyLayer JSON, or a compiled bundle by its magic
 * key) and parses or imports it into the IR. A bundle given as input is loaded and verified instead:
 * it is the run's product, and no later stage has a policy to work on.
 */
final class ParseStage implements Stage {

    static final String NAME = "parse";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> needs() {
        return List.of();
    }

    @Override
    public Compilation run(Compilation in) {
        Diagnostics d = new Diagnostics();
        PolicyReader reader = new PolicyReader(in.options().verifyKey());
        PolicyReader.Read read = in.text() == null
                ? reader.read(in.file(), in.options().format(), d, in.sources())
                : reader.read(in.file(), in.text(), in.options().format(), d, in.sources());
        Compilation out = in.report(d);
        if (read.bundle() != null) {
            return out.withSchemas(read.bundle().schemas()).withBundle(read.bundle(), read.bytes());
        }
        return out.withPolicy(read.policy());
    }

    @Override
    public boolean delivered(Compilation out) {
        return out.policy() != null;
    }
}

package dev.mcppol.compiler.compile;

import java.util.List;

/**
 * Named stages run in order over one compilation record. A stage that reports an error (or does not
 * produce its product) stops the later stages that need that product; the others still run, and
 * every diagnostic reported so far is kept.
 */
public final class Pipeline {

    private final List<Stage> stages;

    public Pipeline(List<Stage> stages) {
        this.stages = List.copyOf(stages);
    }

    public List<String> names() {
        return stages.stream().map(Stage::name).toList();
    }

    public Compilation run(Compilation start) {
        Compilation c = start;
        for (Stage s : stages) {
            if (!c.delivered().containsAll(s.needs())) {
                c = c.skipped(s.name());
                continue;
            }
            Compilation out = s.run(c);
            boolean failed = out.diagnostics().subList(c.diagnostics().size(), out.diagnostics().size()).stream()
                    .anyMatch(dev.mcppol.compiler.diag.Diagnostic::isError);
            c = out.ran(s.name(), !failed && s.delivered(out));
        }
        return c;
    }
}

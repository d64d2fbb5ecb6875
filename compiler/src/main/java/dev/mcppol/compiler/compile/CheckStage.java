package dev.mcppol.compiler.compile;

import dev.mcppol.compiler.check.Check;
import dev.mcppol.compiler.check.ClaimsCheck;
import dev.mcppol.compiler.check.MethodCatalogCheck;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.SchemaRef;
import dev.mcppol.compiler.schema.ClaimsSchemaFile;
import dev.mcppol.compiler.schema.MethodCatalog;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The checks of docs/CHECKS.md that read the IR alone (imported policies get them too), then the
 * claims schema and the resource and prompt catalogs, which are files named relative to the policy's:
 * a policy given as IR, without a file, is checked without them.
 */
final class CheckStage implements Stage {

    static final String NAME = "check";

    private final List<Check> checks;

    CheckStage(List<Check> checks) {
        this.checks = List.copyOf(checks);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> needs() {
        return List.of(ResolveStage.NAME);
    }

    @Override
    public Compilation run(Compilation in) {
        Diagnostics d = new Diagnostics();
        Policy policy = in.policy();
        for (Check c : checks) {
            c.run(policy, in.schemas(), d);
        }
        if (in.file() != null) {
            checkClaims(in.file(), policy, d);
            if (!policy.methods().isEmpty()) {
                // Resource and prompt rules against what the snapshots list besides tools.
                new MethodCatalogCheck(MethodCatalog.load(schemaPaths(in))).run(policy, in.schemas(), d);
            }
        }
        return in.report(d);
    }

    private static void checkClaims(Path file, Policy policy, Diagnostics d) {
        SchemaRef ref = policy.claimsSchema();
        if (ref == null) {
            new ClaimsCheck().run(policy, null, d);
            return;
        }
        JsonNode claims = ClaimsSchemaFile.load(file.toAbsolutePath().getParent().resolve(ref.path()), ref.span(), d);
        if (claims != null) {
            new ClaimsCheck().run(policy, claims, d);
        }
    }

    private static List<Path> schemaPaths(Compilation in) {
        Path dir = in.file().toAbsolutePath().getParent();
        List<Path> paths = new ArrayList<>();
        in.policy().schemaFiles().forEach(ref -> paths.add(dir.resolve(ref.path())));
        paths.addAll(in.options().toolsFiles());
        return paths;
    }
}

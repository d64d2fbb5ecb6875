package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.imports.PNode.PMap;
import dev.mcppol.compiler.ir.Policy;

/**
 * Intercept YAML, both dialects ({@link InterceptDialect}), to IR: the dialect is detected first,
 * then the file is read by that dialect's importer ({@link InterceptOwnSchema},
 * {@link InterceptPagesDialect}) over their shared base. Every problem is reported.
 */
public final class InterceptImporter {
    private InterceptImporter() {
    }

    /** The policy, or null when the file has errors (all of them reported). */
    public static Policy importText(String file, String text, Diagnostics diagnostics) {
        Diagnostics local = new Diagnostics();
        PNode root = PositionedReader.readYaml(file, text, local);
        Policy p = null;
        if (root != null) {
            p = importRoot(file, root, new Nodes(local));
        }
        diagnostics.addAll(local);
        return local.hasErrors() ? null : p;
    }

    private static Policy importRoot(String file, PNode rootNode, Nodes nodes) {
        PMap root = nodes.map(rootNode, "an Intercept policy");
        if (root == null) {
            return null;
        }
        InterceptDialect dialect = InterceptDialect.detect(root, nodes);
        if (dialect == null) {
            return null;
        }
        InterceptBase reader = switch (dialect) {
            case OWN -> new InterceptOwnSchema(file, nodes);
            case PAGES -> new InterceptPagesDialect(file, nodes);
        };
        return reader.run(root);
    }
}

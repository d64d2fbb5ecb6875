package dev.mcppol.compiler.compile;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.SchemaRef;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.compiler.schema.SchemaFiles;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Binds the tool schemas: the policy's {@code tools "…"} lines and {@code --tools} (a tool defined twice is an error). */
final class ResolveStage implements Stage {

    static final String NAME = "resolve";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> needs() {
        return List.of(ParseStage.NAME);
    }

    @Override
    public Compilation run(Compilation in) {
        Diagnostics d = new Diagnostics();
        Map<String, JsonNode> schemas = SchemaFiles.newMap();
        Map<String, String> definedIn = new HashMap<>();
        Path dir = in.file().toAbsolutePath().getParent();
        for (SchemaRef ref : in.policy().schemaFiles()) {
            SchemaFiles.load(dir.resolve(ref.path()), ref.span(), schemas, definedIn, d);
        }
        for (Path t : in.options().toolsFiles()) {
            SchemaFiles.load(t, Span.none("--tools " + t), schemas, definedIn, d);
        }
        return in.withSchemas(schemas).report(d);
    }
}

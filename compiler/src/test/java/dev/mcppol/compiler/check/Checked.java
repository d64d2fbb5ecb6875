package dev.mcppol.compiler.check;

import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.dsl.DslFrontEnd;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.compiler.schema.SchemaFiles;
import dev.mcppol.runtime.json.Json;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Test helper: a DSL text run through the front end and every check (those on the diagrams included). */
final class Checked {
    static final Path EVERYTHING = Path.of("src/test/resources/schemas/everything.tools.json");

    final Diagnostics diagnostics = new Diagnostics();
    final Policy policy;

    private Checked(String text, Map<String, JsonNode> schemas) {
        policy = DslFrontEnd.parse("p.mcppol", text, diagnostics);
        if (!diagnostics.hasErrors()) {
            diagnostics.addAll(PolicyCompiler.withAllChecks().check(policy, schemas).diagnostics());
        }
    }

    static Checked everything(String text) {
        return new Checked(text, everythingSchemas());
    }

    static Checked unbound(String text) {
        return new Checked(text, Map.of());
    }

    static Checked with(String toolsJson, String text) {
        Map<String, JsonNode> schemas = SchemaFiles.newMap();
        dev.mcppol.runtime.mcp.ToolCatalog.parse(Json.MAPPER.readTree(toolsJson)).forEach(schemas::put);
        return new Checked(text, schemas);
    }

    static Map<String, JsonNode> everythingSchemas() {
        Map<String, JsonNode> schemas = SchemaFiles.newMap();
        Diagnostics d = new Diagnostics();
        SchemaFiles.load(EVERYTHING, Span.none("test"), schemas, new HashMap<>(), d);
        if (d.hasErrors()) {
            throw new AssertionError(d.all());
        }
        return schemas;
    }

    /** The findings with this code. */
    List<Diagnostic> code(String code) {
        return diagnostics.sorted().stream().filter(d -> d.code().equals(code)).toList();
    }

    List<String> codes() {
        return diagnostics.sorted().stream().map(Diagnostic::code).toList();
    }
}

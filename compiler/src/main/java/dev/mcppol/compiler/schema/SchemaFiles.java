package dev.mcppol.compiler.schema;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.ToolCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Loads {@code tools/list} snapshots and merges them; a tool defined twice is an error. */
public final class SchemaFiles {
    private SchemaFiles() {
    }

    /**
     * @param origin where each file was named (a {@code tools} line, or the {@code --tools} flag)
     * @param into   tool name to entry; {@code sources} remembers which file defined each tool
     */
    public static void load(Path file, Span origin, Map<String, JsonNode> into, Map<String, String> sources,
                            Diagnostics diagnostics) {
        JsonNode doc;
        try {
            byte[] raw = Files.readAllBytes(file);
            doc = Json.tree(() -> Json.MAPPER.readTree(raw));
        } catch (NoSuchFileException e) {
            diagnostics.error(DiagnosticKind.UNREADABLE_FILE, origin, "tool schema file " + file + " does not exist");
            return;
        } catch (IOException e) {
            diagnostics.error(DiagnosticKind.UNREADABLE_FILE, origin, "cannot read tool schema file " + file + ": "
                    + e.getMessage());
            return;
        } catch (JacksonException e) {
            var loc = e.getLocation();
            Span at = loc != null && loc.getLineNr() > 0 ? Span.at(file.toString(), loc.getLineNr(), loc.getColumnNr())
                    : Span.none(file.toString());
            diagnostics.error(DiagnosticKind.BAD_SCHEMA_FILE, at, "not valid JSON: " + e.getOriginalMessage());
            return;
        }
        Map<String, JsonNode> tools;
        try {
            tools = ToolCatalog.parse(doc);
        } catch (IllegalArgumentException e) {
            diagnostics.error(DiagnosticKind.BAD_SCHEMA_FILE, Span.none(file.toString()), e.getMessage());
            return;
        }
        for (Map.Entry<String, JsonNode> t : tools.entrySet()) {
            String previous = sources.get(t.getKey());
            if (previous != null && sameFile(Path.of(previous), file)) {
                continue; // one file named twice (a tools line and --tools) is one file
            }
            if (previous != null) {
                diagnostics.error(DiagnosticKind.DUPLICATE_TOOL_SCHEMA, origin, "tool " + t.getKey()
                        + " is defined in both " + previous + " and " + file);
                continue;
            }
            into.put(t.getKey(), t.getValue());
            sources.put(t.getKey(), file.toString());
        }
    }

    private static boolean sameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }
    }

    public static Map<String, JsonNode> newMap() {
        return new TreeMap<>();
    }
}

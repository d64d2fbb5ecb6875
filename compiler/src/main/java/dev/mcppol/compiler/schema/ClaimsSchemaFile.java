package dev.mcppol.compiler.schema;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Loads the JSON Schema a policy names with {@code claims "FILE"}: the shape of the verified token
 * claims its conditions read (an object schema: {@code properties}, {@code required}, types, enums).
 */
public final class ClaimsSchemaFile {
    private ClaimsSchemaFile() {
    }

    /** The schema, or null after reporting why it cannot be used. */
    public static JsonNode load(Path file, Span origin, Diagnostics diagnostics) {
        JsonNode doc;
        try {
            byte[] raw = Files.readAllBytes(file);
            doc = Json.tree(() -> Json.MAPPER.readTree(raw));
        } catch (NoSuchFileException e) {
            diagnostics.error(DiagnosticKind.UNREADABLE_FILE, origin, "claims schema file " + file + " does not exist");
            return null;
        } catch (IOException e) {
            diagnostics.error(DiagnosticKind.UNREADABLE_FILE, origin, "cannot read claims schema file " + file + ": "
                    + e.getMessage());
            return null;
        } catch (JacksonException e) {
            var loc = e.getLocation();
            Span at = loc != null && loc.getLineNr() > 0 ? Span.at(file.toString(), loc.getLineNr(), loc.getColumnNr())
                    : Span.none(file.toString());
            diagnostics.error(DiagnosticKind.BAD_CLAIMS_SCHEMA, at, "not valid JSON: " + e.getOriginalMessage());
            return null;
        }
        JsonNode type = doc.get("type");
        boolean object = doc.isObject() && (type == null ? doc.has("properties")
                : type.isString() && type.stringValue().equals("object"));
        if (!object || (doc.has("properties") && !doc.get("properties").isObject())) {
            diagnostics.error(DiagnosticKind.BAD_CLAIMS_SCHEMA, origin, "claims schema " + file + " is not a JSON"
                    + " Schema of an object (type \"object\" with \"properties\")");
            return null;
        }
        return doc;
    }
}

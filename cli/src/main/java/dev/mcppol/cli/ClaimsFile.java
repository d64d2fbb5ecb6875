package dev.mcppol.cli;

import dev.mcppol.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Reads a {@code --claims FILE}: one JSON object of claim names to values; problems name the file. */
final class ClaimsFile {
    private ClaimsFile() {
    }

    static JsonNode read(Path file) {
        JsonNode v;
        try {
            byte[] raw = Files.readAllBytes(file);
            v = Json.tree(() -> Json.MAPPER.readTree(raw));
        } catch (JacksonException e) {
            var loc = e.getLocation();
            throw new IllegalArgumentException("--claims: " + file + (loc != null && loc.getLineNr() > 0
                    ? ":" + loc.getLineNr() + ":" + loc.getColumnNr() : "") + ": not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalArgumentException("--claims: cannot read " + file + ": " + e.getMessage());
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("--claims: " + file + " must hold a JSON object (claim names to values)");
        }
        return v;
    }
}

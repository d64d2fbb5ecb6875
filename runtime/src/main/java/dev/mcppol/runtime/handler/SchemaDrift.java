package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.bundle.Bundle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * Compares a tool as the server announces it live with the copy the bundle was compiled against.
 * A changed {@code inputSchema} means the policy's checks were made against arguments that no longer
 * exist; a changed description can change what an agent does with the tool. Either is drift.
 */
public final class SchemaDrift {
    static final List<String> FIELDS = List.of("inputSchema", "description");

    private SchemaDrift() {
    }

    /** The fields that differ (empty when the bundle has no schema for the tool, or none differs). */
    public static List<String> drifted(Bundle bundle, String tool, JsonNode live) {
        JsonNode compiled = bundle.schemas().get(tool);
        if (compiled == null || live == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String f : FIELDS) {
            if (!Objects.equals(compiled.get(f), live.get(f))) {
                out.add(f);
            }
        }
        return out;
    }
}

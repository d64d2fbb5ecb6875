package dev.mcppol.lsp;

import dev.mcppol.compiler.load.InputFormat;
import dev.mcppol.compiler.load.PolicyReader;
import dev.mcppol.policytests.ProjectConfig;
import dev.mcppol.runtime.json.Json;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What an open file is to the server. Editors send every YAML and JSON file they open; only those
 * that are policies (or the project file) get diagnostics, so a {@code package.json} or a CI
 * workflow never shows a policy error.
 */
enum DocumentKind {
    /** The policy language ({@code .mcppol}). */
    DSL,
    /** An Intercept YAML or PolicyLayer JSON policy: the importer's diagnostics. */
    IMPORTED,
    /** {@code mcppol.yaml}: its own errors. */
    PROJECT_FILE,
    /** Anything else: no diagnostics. */
    OTHER;

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final Pattern YAML_TOOLS = Pattern.compile("(?m)^tools\\s*:");
    private static final Pattern YAML_POLICY_KEY = Pattern.compile("(?m)^(default|hide|version)\\s*:|\\brules\\s*:");
    private static final Pattern JSON_DEFAULT = Pattern.compile("\"default\"\\s*:");
    private static final Pattern JSON_VERSION = Pattern.compile("\"version\"\\s*:");

    static DocumentKind of(Path path, String languageId, String text) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.equals(ProjectConfig.FILE_NAME)) {
            return PROJECT_FILE;
        }
        if (lower.endsWith(".mcppol") || "mcppol".equals(languageId)) {
            return DSL;
        }
        InputFormat f = PolicyReader.sniff(name, text);
        if (f == InputFormat.INTERCEPT && (lower.endsWith(".yaml") || lower.endsWith(".yml"))) {
            return interceptPolicy(text) ? IMPORTED : OTHER;
        }
        if (f == InputFormat.POLICYLAYER && lower.endsWith(".json")) {
            return policyLayerPolicy(text) ? IMPORTED : OTHER;
        }
        return OTHER;
    }

    /** A mapping with {@code tools} and one more of Intercept's top-level keys (or rules). */
    private static boolean interceptPolicy(String text) {
        try {
            JsonNode root = YAML.readTree(text);
            if (root != null && root.isObject()) {
                return root.has("tools") && (root.has("default") || root.has("hide") || root.has("version")
                        || text.contains("rules"));
            }
            return false;
        } catch (RuntimeException e) {
            // Malformed YAML: judge by the lines, so a policy being typed still gets its syntax error.
            return YAML_TOOLS.matcher(text).find() && YAML_POLICY_KEY.matcher(text).find();
        }
    }

    /** PolicyLayer policies must carry {@code version} and {@code default} at the top. */
    private static boolean policyLayerPolicy(String text) {
        try {
            JsonNode root = Json.tree(() -> Json.MAPPER.readTree(text));
            return root != null && root.isObject() && root.has("version") && root.has("default");
        } catch (RuntimeException e) {
            return JSON_DEFAULT.matcher(text).find() && JSON_VERSION.matcher(text).find();
        }
    }
}

package dev.mcppol.policytests;

import dev.mcppol.runtime.json.YamlTokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * A policy repository's {@code mcppol.yaml}, so plain {@code mcppol test} works inside it:
 *
 * <pre>
 * policy: policy.mcppol          # the policy (any format) or bundle under test
 * tools: [tools/server.tools.json]  # tools/list snapshots (optional)
 * transcripts: [transcripts]     # files or folders to replay (default: transcripts)
 * min_coverage: 80               # percent of rules that must decide a call (optional)
 * </pre>
 *
 * Paths are relative to the file's folder. Unknown keys are errors with line:col, because a
 * misspelt {@code min_coverage} would otherwise quietly switch a gate off. Scalars are read as every
 * YAML file mcppol reads is ({@link YamlTokens}): an unquoted {@code yes} or {@code 0755} is refused.
 */
public record ProjectConfig(Path file, Path policy, List<Path> tools, List<Path> transcripts, Double minCoverage) {

    public static final String FILE_NAME = "mcppol.yaml";
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    /** A {@code mcppol.yaml} that cannot be used; the message starts with {@code file:line:col}. */
    public static final class ProjectFileException extends Exception {
        public ProjectFileException(String message) {
            super(message);
        }
    }

    /** The nearest {@code mcppol.yaml} in {@code dir} or its parents, or null. */
    public static Path find(Path dir) {
        for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
            Path f = d.resolve(FILE_NAME);
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        return null;
    }

    public static ProjectConfig read(Path file) throws IOException, ProjectFileException {
        Path base = file.toAbsolutePath().getParent();
        Path policy = null;
        List<Path> tools = new ArrayList<>();
        List<Path> transcripts = new ArrayList<>();
        Double min = null;
        Set<String> seen = new HashSet<>();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try (JsonParser p = YAML.createParser(text)) {
            YamlTokens y = new YamlTokens(p, text);
            if (y.next() != JsonToken.START_OBJECT) {
                throw error(file, p.currentTokenLocation(), "expected a mapping with policy, tools, transcripts, min_coverage");
            }
            while (y.next() == JsonToken.PROPERTY_NAME) {
                TokenStreamLocation at = p.currentTokenLocation();
                String key = p.currentName();
                if (!seen.add(key)) {
                    throw error(file, at, "duplicate key \"" + key + "\"");
                }
                switch (key) {
                    case "policy" -> policy = base.resolve(string(file, y, key));
                    case "tools" -> paths(file, y, key, base, tools);
                    case "transcripts" -> paths(file, y, key, base, transcripts);
                    case "min_coverage" -> {
                        JsonToken t = y.next();
                        if (!t.isNumeric() || p.getDoubleValue() < 0 || p.getDoubleValue() > 100) {
                            throw error(file, p.currentTokenLocation(), "\"min_coverage\" must be a percentage (0 to 100)");
                        }
                        min = p.getDoubleValue();
                    }
                    default -> throw error(file, at, "unknown key \"" + key + "\"" + didYouMean(key)
                            + " (known: policy, tools, transcripts, min_coverage)");
                }
            }
            if (policy == null) {
                throw error(file, p.currentTokenLocation(), "\"policy\" is required");
            }
        } catch (YamlTokens.Ambiguous e) {
            throw error(file, e.getLocation(), e.getOriginalMessage());
        } catch (JacksonException e) {
            throw error(file, e.getLocation(), "not valid YAML: " + e.getOriginalMessage());
        }
        if (transcripts.isEmpty()) {
            transcripts.add(base.resolve("transcripts"));
        }
        return new ProjectConfig(file, policy, List.copyOf(tools), List.copyOf(transcripts), min);
    }

    private static String didYouMean(String key) {
        String near = dev.mcppol.runtime.model.Suggestions.closest(key,
                List.of("policy", "tools", "transcripts", "min_coverage"));
        return near != null ? ": did you mean \"" + near + "\"?" : "";
    }

    private static String string(Path file, YamlTokens y, String key) throws ProjectFileException {
        JsonParser p = y.parser();
        if (y.next() != JsonToken.VALUE_STRING || p.getString().isBlank()) {
            throw error(file, p.currentTokenLocation(), "\"" + key + "\" must be a path");
        }
        return p.getString();
    }

    /** A path or a list of paths, each resolved against the project folder. */
    private static void paths(Path file, YamlTokens y, String key, Path base, List<Path> out) throws ProjectFileException {
        JsonParser p = y.parser();
        JsonToken t = y.next();
        if (t == JsonToken.VALUE_STRING) {
            out.add(base.resolve(p.getString()));
            return;
        }
        if (t != JsonToken.START_ARRAY) {
            throw error(file, p.currentTokenLocation(), "\"" + key + "\" must be a path or a list of paths");
        }
        while ((t = y.next()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.VALUE_STRING) {
                throw error(file, p.currentTokenLocation(), "each entry of \"" + key + "\" must be a path");
            }
            out.add(base.resolve(p.getString()));
        }
    }

    private static ProjectFileException error(Path file, TokenStreamLocation at, String message) {
        String where = at == null || at.getLineNr() <= 0 ? file.toString()
                : file + ":" + at.getLineNr() + ":" + at.getColumnNr();
        return new ProjectFileException(where + ": " + message);
    }
}

package dev.mcppol.lsp;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.compiler.schema.SchemaFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.Location;
import tools.jackson.databind.JsonNode;

/**
 * The {@code tools/list} snapshots documents refer to, read through the compiler's own loader and
 * kept while a file's size and modification time stay the same: a snapshot rewritten by
 * {@code mcppol schema pull} is read again on the next look-up.
 */
final class Snapshots {

    private record Stamp(long modified, long size) {
    }

    private record Loaded(Stamp stamp, Map<String, JsonNode> tools, String text) {
    }

    private final Map<Path, Loaded> cache = new ConcurrentHashMap<>();

    /** Tool name to its snapshot entry, over every readable file (a broken one contributes nothing). */
    Map<String, JsonNode> tools(List<Path> files) {
        Map<String, JsonNode> out = SchemaFiles.newMap();
        for (Path f : files) {
            Loaded l = load(f);
            if (l != null) {
                l.tools().forEach(out::putIfAbsent);
            }
        }
        return out;
    }

    /** Where tool {@code name} is defined in the snapshot files (its {@code "name"} entry), or null. */
    Location locate(String name, List<Path> files) {
        Pattern p = Pattern.compile("\"name\"\\s*:\\s*\"" + Pattern.quote(name) + "\"");
        for (Path f : files) {
            Loaded l = load(f);
            if (l == null || !l.tools().containsKey(name)) {
                continue;
            }
            Matcher m = p.matcher(l.text());
            if (m.find()) {
                TextLines lines = new TextLines(l.text());
                return new Location(f.toUri().toString(), new org.eclipse.lsp4j.Range(lines.position(m.start()),
                        lines.position(m.end())));
            }
        }
        return null;
    }

    /** Whether any of the files changed (or appeared, or went away) since it was last read. */
    boolean changed(List<Path> files) {
        for (Path f : files) {
            Loaded l = cache.get(f);
            Stamp now = stamp(f);
            if (l == null ? now != null : !l.stamp().equals(now)) {
                return true;
            }
        }
        return false;
    }

    private Loaded load(Path f) {
        Stamp now = stamp(f);
        if (now == null) {
            cache.remove(f);
            return null;
        }
        Loaded l = cache.get(f);
        if (l != null && l.stamp().equals(now)) {
            return l;
        }
        Map<String, JsonNode> tools = SchemaFiles.newMap();
        String text;
        try {
            text = Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return null;
        }
        SchemaFiles.load(f, Span.none(f.toString()), tools, new HashMap<>(), new Diagnostics());
        l = new Loaded(now, tools, text);
        cache.put(f, l);
        return l;
    }

    private static Stamp stamp(Path f) {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            return a.isRegularFile() ? new Stamp(a.lastModifiedTime().toMillis(), a.size()) : null;
        } catch (IOException e) {
            return null;
        }
    }
}

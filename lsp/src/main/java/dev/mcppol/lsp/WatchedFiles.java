package dev.mcppol.lsp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files checks depended on (snapshots, the project file) with the size and time they had: a
 * change to one of them, even one no editor reports, triggers a new check of every open document.
 */
final class WatchedFiles {

    private record Stamp(long modified, long size) {
    }

    private final Map<Path, Stamp> stamps = new ConcurrentHashMap<>();

    void watch(Collection<Path> files) {
        for (Path f : files) {
            stamps.put(f, stamp(f));
        }
    }

    /** Whether any watched file changed since it was last seen; the new state is remembered. */
    boolean changed() {
        boolean changed = false;
        for (Map.Entry<Path, Stamp> e : stamps.entrySet()) {
            Stamp now = stamp(e.getKey());
            if (!Objects.equals(now, e.getValue())) {
                e.setValue(now);
                changed = true;
            }
        }
        return changed;
    }

    private static Stamp stamp(Path f) {
        try {
            BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
            return new Stamp(a.lastModifiedTime().toMillis(), a.size());
        } catch (IOException e) {
            return new Stamp(-1, -1);
        }
    }
}

package dev.mcppol.compiler.diag;

import java.util.HashMap;
import java.util.Map;

/** The text of every source file read in a run, so renderers can quote the offending line. */
public final class SourceFiles {

    private final Map<String, String[]> lines = new HashMap<>();

    public void add(String name, String text) {
        lines.put(name, text.split("\r?\n", -1));
    }

    /** The 1-based line, or null when unknown. */
    public String line(String file, int line) {
        String[] l = lines.get(file);
        return l == null || line < 1 || line > l.length ? null : l[line - 1];
    }
}

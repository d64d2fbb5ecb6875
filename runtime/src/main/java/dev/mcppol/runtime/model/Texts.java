package dev.mcppol.runtime.model;

import java.util.List;

/** Rendering helpers shared by the model's canonical keys and the DSL printer. */
public final class Texts {
    private Texts() {
    }

    /** A JSON string literal. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A path as written in the policy language, without the {@code args} prefix. */
    public static String path(List<PathSeg> path) {
        StringBuilder b = new StringBuilder();
        for (PathSeg seg : path) {
            String t = seg.text();
            if (b.length() == 0 && t.startsWith(".")) {
                b.append(t, 1, t.length());
            } else {
                b.append(t);
            }
        }
        return b.toString();
    }
}

package dev.mcppol.runtime.model;

/** One step of an argument path: {@code .key}, {@code ["key"]}, {@code [0]} or {@code [*]} (any element). */
public sealed interface PathSeg permits PathSeg.Key, PathSeg.Index, PathSeg.Any {

    /** The step as it is written in the policy language. */
    String text();

    record Key(String name) implements PathSeg {
        public String text() {
            return name.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + name : "[" + Texts.quote(name) + "]";
        }
    }

    record Index(int index) implements PathSeg {
        public String text() {
            return "[" + index + "]";
        }
    }

    record Any() implements PathSeg {
        public String text() {
            return "[*]";
        }
    }
}

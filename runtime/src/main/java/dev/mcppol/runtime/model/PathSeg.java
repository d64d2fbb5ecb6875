package dev.mcppol.runtime.model;

/** One step of an argument path: {@code .key}, {@code ["key"]}, {@code [0]} or {@code [*]} (any element). */
public sealed interface PathSeg permits PathSeg.Key, PathSeg.Index, PathSeg.Any {

    /** Dispatch to the visitor's method for this variant. */
    <R> R accept(Visitor<R> v);

    /**
     * What to do with each kind of step. One method per variant: a new variant is a compile error in every
     * visitor until it is handled there, where an {@code instanceof} chain would silently take it for
     * its last case.
     */
    interface Visitor<R> {
        R key(Key s);
        R index(Index s);
        R any(Any s);
    }

    /** The step as it is written in the policy language. */
    String text();

    record Key(String name) implements PathSeg {
        public <R> R accept(Visitor<R> v) {
            return v.key(this);
        }

        public String text() {
            return plain(name) ? "." + name : "[" + Texts.quote(name) + "]";
        }

        /**
         * {@code [A-Za-z_][A-Za-z0-9_]*}, checked without a regex: the compiler asks for an atom's text
         * (its key) for every node it builds, and {@code String.matches} compiled the pattern each time
         * (a fifth of a 100k-rule compile).
         */
        static boolean plain(String s) {
            if (s.isEmpty()) {
                return false;
            }
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
                if (!letter && !(i > 0 && c >= '0' && c <= '9')) {
                    return false;
                }
            }
            return true;
        }
    }

    record Index(int index) implements PathSeg {
        public <R> R accept(Visitor<R> v) {
            return v.index(this);
        }

        public String text() {
            return "[" + index + "]";
        }
    }

    record Any() implements PathSeg {
        public <R> R accept(Visitor<R> v) {
            return v.any(this);
        }

        public String text() {
            return "[*]";
        }
    }
}

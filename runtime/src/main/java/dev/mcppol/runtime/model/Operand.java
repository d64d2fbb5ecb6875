package dev.mcppol.runtime.model;

import java.util.List;

/** What an atom looks at: an argument path, the length of one, or a value of the call's context. */
public sealed interface Operand permits Operand.Arg, Operand.Len, Operand.Session, Operand.Identity,
        Operand.Claim {

    /** Dispatch to the visitor's method for this variant. */
    <R> R accept(Visitor<R> v);

    /**
     * What to do with each kind of operand. One method per variant: a new variant is a compile error in every
     * visitor until it is handled there, where an {@code instanceof} chain would silently take it for
     * its last case.
     */
    interface Visitor<R> {
        R arg(Arg t);
        R len(Len t);
        R session(Session t);
        R identity(Identity t);
        R claim(Claim t);
    }

    String text();

    /**
     * The argument path it reads ({@code a.b} for {@code a.b} and for {@code len(a.b)}), or null for a
     * value of the call's context ({@code session}, {@code identity}, a claim).
     */
    static List<PathSeg> argumentPath(Operand o) {
        return o.accept(new Visitor<List<PathSeg>>() {
            public List<PathSeg> arg(Arg t) {
                return t.path();
            }

            public List<PathSeg> len(Len t) {
                return t.path();
            }

            public List<PathSeg> session(Session t) {
                return null;
            }

            public List<PathSeg> identity(Identity t) {
                return null;
            }

            public List<PathSeg> claim(Claim t) {
                return null;
            }
        });
    }

    /**
     * Whether it can read more than one value ({@code [*]} in an argument's or a claim's path): two
     * tests of such an operand (equal to "a", equal to "b") can hold at once, as they cannot of one
     * value.
     */
    static boolean readsMany(Operand o) {
        List<PathSeg> path = o.accept(new Visitor<List<PathSeg>>() {
            public List<PathSeg> arg(Arg t) {
                return t.path();
            }

            public List<PathSeg> len(Len t) {
                return t.path();
            }

            public List<PathSeg> session(Session t) {
                return List.of();
            }

            public List<PathSeg> identity(Identity t) {
                return List.of();
            }

            public List<PathSeg> claim(Claim t) {
                return t.path();
            }
        });
        return path.stream().anyMatch(s -> s instanceof PathSeg.Any);
    }

    record Arg(List<PathSeg> path) implements Operand {
        public <R> R accept(Visitor<R> v) {
            return v.arg(this);
        }

        public Arg {
            path = List.copyOf(path);
        }

        /**
         * The path, with the {@code args.} prefix where the bare path would read as a context value:
         * the argument {@code session} must not share an atom key with the call's session.
         */
        public String text() {
            String bare = Texts.path(path);
            boolean contextWord = !path.isEmpty() && path.get(0) instanceof PathSeg.Key k
                    && (k.name().equals("session") || k.name().equals("identity") || k.name().equals("claims"));
            return contextWord ? "args." + bare : bare;
        }
    }

    /** Length of a string (code points), an array or an object; absent for any other value. */
    record Len(List<PathSeg> path) implements Operand {
        public <R> R accept(Visitor<R> v) {
            return v.len(this);
        }

        public Len {
            path = List.copyOf(path);
        }

        public String text() {
            return "len(" + Texts.path(path) + ")";
        }
    }

    record Session() implements Operand {
        public <R> R accept(Visitor<R> v) {
            return v.session(this);
        }

        public String text() {
            return "session";
        }
    }

    record Identity() implements Operand {
        public <R> R accept(Visitor<R> v) {
            return v.identity(this);
        }

        public String text() {
            return "identity";
        }
    }

    /**
     * A claim of the caller's verified token ({@code claims.groups}), or its length
     * ({@code len(claims.groups)}). Absent when the call carries no claims: every test on it is false.
     */
    record Claim(List<PathSeg> path, boolean length) implements Operand {
        public <R> R accept(Visitor<R> v) {
            return v.claim(this);
        }

        public Claim {
            path = List.copyOf(path);
            if (path.isEmpty() || !(path.get(0) instanceof PathSeg.Key)) {
                throw new IllegalArgumentException("a claim path starts with the claim's name");
            }
        }

        public String text() {
            String p = "claims." + Texts.path(path);
            return length ? "len(" + p + ")" : p;
        }
    }
}

package dev.mcppol.runtime.bundle;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.ValueTest;
import dev.mcppol.runtime.model.TestOperator;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Atoms in a bundle, both ways: {@link #write} for {@link BundleWriter}, {@link #read} for
 * {@link BundleReader}. Each kind of atom, operand and test is written by a visitor and read by a
 * switch over {@link TestOperator}, so neither side has a case that silently stands for the rest.
 */
final class AtomCodec {
    private AtomCodec() {
    }

    static ObjectNode write(Atom a) {
        ObjectNode o = Json.NODES.objectNode();
        a.accept(new Atom.Visitor<Void>() {
            public Void check(Atom.Check c) {
                c.operand().accept(new OperandWriter(o));
                c.test().accept(new TestWriter(o));
                return null;
            }

            public Void toolName(Atom.ToolName t) {
                o.put("tool", t.glob());
                return null;
            }

            public Void schema(Atom.Schema s) {
                o.put("schema", s.requiredOnly() ? "required" : "full");
                return null;
            }
        });
        return o;
    }

    private record OperandWriter(ObjectNode o) implements Operand.Visitor<Void> {
        public Void arg(Operand.Arg t) {
            o.set("arg", path(t.path()));
            return null;
        }

        public Void len(Operand.Len t) {
            o.set("len", path(t.path()));
            return null;
        }

        public Void session(Operand.Session t) {
            o.put("ctx", "session");
            return null;
        }

        public Void identity(Operand.Identity t) {
            o.put("ctx", "identity");
            return null;
        }

        public Void claim(Operand.Claim t) {
            o.set(t.length() ? "claimLen" : "claim", path(t.path()));
            return null;
        }
    }

    /** Writes a test under its operator's bundle key ({@link TestOperator#bundleKey()}). */
    private record TestWriter(ObjectNode o) implements ValueTest.Visitor<Void> {
        private String key(ValueTest t) {
            return TestOperator.of(t).bundleKey();
        }

        public Void cmp(ValueTest.Cmp t) {
            o.put(key(t), t.op().symbol());
            o.set("value", t.value());
            return null;
        }

        public Void in(ValueTest.In t) {
            ArrayNode values = o.putArray(key(t));
            t.values().forEach(values::add);
            return null;
        }

        public Void matches(ValueTest.Matches t) {
            o.put(key(t), t.regex());
            return null;
        }

        public Void prefix(ValueTest.Prefix t) {
            o.put(key(t), t.prefix());
            return null;
        }

        public Void suffix(ValueTest.Suffix t) {
            o.put(key(t), t.suffix());
            return null;
        }

        public Void contains(ValueTest.Contains t) {
            o.set(key(t), t.value());
            return null;
        }

        public Void exists(ValueTest.Exists t) {
            o.put(key(t), true);
            return null;
        }

        public Void under(ValueTest.Under t) {
            o.put(key(t), t.base());
            return null;
        }
    }

    static Atom read(JsonNode a) {
        if (a.has("tool")) {
            return new Atom.ToolName(text(a, "tool"));
        }
        if (a.has("schema")) {
            return new Atom.Schema("required".equals(text(a, "schema")));
        }
        return new Atom.Check(operand(a), test(a));
    }

    private static Operand operand(JsonNode a) {
        if (a.has("arg")) {
            return new Operand.Arg(path(a.get("arg")));
        }
        if (a.has("len")) {
            return new Operand.Len(path(a.get("len")));
        }
        if (a.has("claim")) {
            return new Operand.Claim(path(a.get("claim")), false);
        }
        if (a.has("claimLen")) {
            return new Operand.Claim(path(a.get("claimLen")), true);
        }
        return switch (text(a, "ctx")) {
            case "session" -> new Operand.Session();
            case "identity" -> new Operand.Identity();
            default -> throw new IllegalArgumentException("unknown context value " + a.get("ctx"));
        };
    }

    private static ValueTest test(JsonNode a) {
        for (TestOperator op : TestOperator.values()) {
            if (a.has(op.bundleKey())) {
                return test(op, a);
            }
        }
        throw new IllegalArgumentException("atom without a test: " + a);
    }

    /** A switch expression over the table: a new row does not compile until it is read here. */
    private static ValueTest test(TestOperator op, JsonNode a) {
        String key = op.bundleKey();
        return switch (op) {
            case COMPARE -> {
                if (!a.has("value")) {
                    throw new IllegalArgumentException("comparison without a \"value\"");
                }
                yield new ValueTest.Cmp(CmpOp.fromSymbol(text(a, key)), a.get("value"));
            }
            case IN -> {
                List<JsonNode> values = new ArrayList<>();
                a.get(key).forEach(values::add);
                yield new ValueTest.In(values);
            }
            case MATCHES -> new ValueTest.Matches(text(a, key));
            case STARTS_WITH -> new ValueTest.Prefix(text(a, key));
            case UNDER -> new ValueTest.Under(text(a, key));
            case ENDS_WITH -> new ValueTest.Suffix(text(a, key));
            case CONTAINS -> new ValueTest.Contains(a.get(key));
            case EXISTS -> new ValueTest.Exists();
        };
    }

    static ArrayNode path(List<PathSeg> path) {
        ArrayNode a = Json.NODES.arrayNode();
        for (PathSeg s : path) {
            s.accept(new PathSeg.Visitor<ArrayNode>() {
                public ArrayNode key(PathSeg.Key k) {
                    return a.add(k.name());
                }

                public ArrayNode index(PathSeg.Index i) {
                    return a.add(i.index());
                }

                public ArrayNode any(PathSeg.Any x) {
                    return a.addNull();
                }
            });
        }
        return a;
    }

    static List<PathSeg> path(JsonNode p) {
        List<PathSeg> out = new ArrayList<>();
        for (JsonNode s : p) {
            if (s.isString()) {
                out.add(new PathSeg.Key(s.stringValue()));
            } else if (s.isInt()) {
                out.add(new PathSeg.Index(s.intValue()));
            } else if (s.isNull()) {
                out.add(new PathSeg.Any());
            } else {
                throw new IllegalArgumentException("bad path segment " + s);
            }
        }
        return out;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing \"" + key + "\"");
        }
        if (!v.isString()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string");
        }
        return v.stringValue();
    }
}

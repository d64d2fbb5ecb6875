package dev.mcppol.runtime.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link FastJson} is a fast path: wherever it vouches for a reading or a writing, the mapper's is the
 * same — the same tree (node for node, of the same kinds), the same bytes — on messages in the shapes the proxy sees and on odd ones (escapes and raw control
 * characters, every kind of UTF-8 and of broken UTF-8, repeated keys at any depth, odd and big
 * numbers, deep nesting, cut-off and trailing text). And it vouches for most plain messages, or it
 * would compare nothing. Its skim of an answer is held to the proxy's parser skim where that lives
 * ({@code AnswerShapeTest}), on these same messages.
 */
public class FastJsonProperties {

    @Property(tries = 3000)
    void whatTheFastReaderReadsTheMapperReadsAlike(@ForAll Random random) {
        Gen g = new Gen(random);
        String text = g.message();
        boolean odd = random.nextInt(3) == 0;
        byte[] b = odd ? g.odd(text.getBytes(StandardCharsets.UTF_8)) : text.getBytes(StandardCharsets.UTF_8);
        Statistics.label("odd").collect(odd);
        assertSameTree(b, odd);
        Statistics.label("read fast").coverage(c -> c.check(true).percentage(p -> p > 40));
    }

    @Property(tries = 2000)
    void whatTheFastWriterWritesTheMapperWritesAlike(@ForAll Random random) {
        Gen g = new Gen(random);
        JsonNode tree = g.tree(0, true);
        byte[] fast = FastJson.write(tree);
        Statistics.label("written fast").collect(fast != null);
        if (fast != null) {
            assertThat(new String(fast, StandardCharsets.UTF_8)).isEqualTo(
                    new String(Json.MAPPER.writeValueAsBytes(tree), StandardCharsets.UTF_8));
            assertThat(fast).isEqualTo(Json.MAPPER.writeValueAsBytes(tree));
        }
        Statistics.label("written fast").coverage(c -> c.check(true).percentage(p -> p > 30));
    }

    /** Odd messages (repeats, bad numbers and escapes, trailing text, deep nesting, odd answers), as text. */
    public static final List<String> ODD_TEXTS = List.of(
            "{\"id\":1,\"a\":{\"b\":1,\"b\":2}}", "{\"id\":1,\"id\":2}", "{\"a\":[1,2,]}", "{\"a\":1,}", "{\"a\":01}",
            "{\"a\":-0}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":.5}", "{\"a\":1e5}", "{\"a\":1.50}", "{\"a\":2147483647}",
            "{\"a\":2147483648}", "{\"a\":-2147483648}", "{\"a\":-2147483649}", "{\"a\":999999999999999999}",
            "{\"a\":9999999999999999999}", "{\"a\":1e99999999999}", "{\"a\":\"\\u00e9\\uD83D\\uDE00\\uD800\\/\"}",
            "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"a\tb\"}", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":fals}",
            "{\"a\":falsee}", "{\"a\":true1}", "{\"a\":1true}", "{} {}", "{}x", " {\"a\":[]} ", "[]", "\"x\"",
            "\uFEFF{}", "{\"\\u0069d\":1,\"id\":2}", "{\"a\":" + "[".repeat(70) + "]".repeat(70) + "}",
            "{\"a\":" + "[".repeat(600) + "]".repeat(600) + "}", "{\"a\":1" + "0".repeat(1000) + "}",
            "{\"id\":\"mcppol-1\",\"result\":{},\"method\":\"x\"}", "{\"id\":\"mcppol-1\",\"method\":\"x\",\"result\":{}}",
            "{\"id\":7,\"result\":{}}", "{\"id\":\"mcppol-\\u0031\",\"result\":{}}", "{\"id\":\"mcppol-1\"}",
            "{\"result\":{},\"id\":\"mcppol-1\",\"error\":{}}", "{\"id\":\"m\",\"result\":{\"k\":1,\"k\":1}}",
            "{\"id\":\"m\",\"result\":{\"k\":1},\"method\":1,\"method\":2}");

    /** Odd messages as bytes: overlong, surrogate, out-of-range, cut-off and stray UTF-8. */
    public static final byte[][] ODD_BYTES = {
        {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0x80, '"', '}'},
        {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', '}'},
        {'{', '"', 'a', '"', ':', '"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"', '}'},
        {'{', '"', 'a', '"', ':', '"', (byte) 0xE2, (byte) 0x82, '"', '}'},
        {'{', '"', 'a', '"', ':', '"', (byte) 0x80, '"', '}'},
        {'{', '"', 'a', '"', ':', '"', (byte) 0xFF, '"', '}'},
    };

    @Example
    void oddMessagesReadAlike() {
        for (String s : ODD_TEXTS) {
            assertSameTree(s.getBytes(StandardCharsets.UTF_8), true);
        }
        for (byte[] b : ODD_BYTES) {
            assertSameTree(b, true);
        }
        // What the proxy sees on every call is vouched for.
        byte[] call = "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{\"message\":\"x1\"}}}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(FastJson.readObject(call, 0, call.length)).isNotNull();
        byte[] answer = "{\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"Echo: x1\"}]},\"jsonrpc\":\"2.0\",\"id\":\"mcppol-2\"}"
                .getBytes(StandardCharsets.UTF_8);
        assertThat(FastJson.answer(answer, 0, answer.length).id()).isEqualTo("mcppol-2");
        assertThat(FastJson.write(Json.MAPPER.readTree(call))).isEqualTo(call);
    }

    /** Where the fast reader gives a tree, the mapper reads the same bytes to an equal one. */
    private static void assertSameTree(byte[] b, boolean odd) {
        // a window inside a larger buffer: nothing outside it may be read
        byte[] framed = new byte[b.length + 4];
        framed[0] = '{';
        framed[1] = '"';
        System.arraycopy(b, 0, framed, 2, b.length);
        framed[b.length + 2] = 'e';
        framed[b.length + 3] = '"';
        ObjectNode fast = FastJson.readObject(framed, 2, b.length);
        if (!odd) {
            Statistics.label("read fast").collect(fast != null);
        }
        String as = new String(b, StandardCharsets.UTF_8);
        if (fast == null) {
            return;
        }
        JsonNode slow;
        try {
            slow = Json.tree(() -> Json.MAPPER.readTree(b));
        } catch (RuntimeException e) {
            throw new AssertionError("the fast reader read what the mapper refuses (" + e.getMessage() + "): " + as, e);
        }
        assertThat(fast).as(as).isEqualTo(slow);
        assertThat(kinds(fast)).as(as).isEqualTo(kinds(slow));
    }

    /** The node kinds of a tree, depth first (equal trees of other number kinds differ here). */
    private static String kinds(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        kinds(n, sb);
        return sb.toString();
    }

    private static void kinds(JsonNode n, StringBuilder sb) {
        sb.append(n.getClass().getSimpleName()).append(' ');
        for (JsonNode c : n.values()) {
            kinds(c, sb);
        }
    }

    /** Messages and trees in the shapes the proxy sees, and odd ones. */
    public static final class Gen {
        final Random r;

        public Gen(Random r) {
            this.r = r;
        }

        /** An object as text: mostly as a writer would write it, sometimes spaced, escaped, repeated. */
        public String message() {
            StringBuilder sb = new StringBuilder();
            if (r.nextInt(4) == 0) {
                sb.append(ws());
            }
            switch (r.nextInt(4)) {
                case 0 -> {
                    // a call
                    sb.append("{\"jsonrpc\":\"2.0\",\"id\":").append(id()).append(",\"method\":\"tools/call\",\"params\":{\"name\":")
                            .append(quoted(word())).append(",\"arguments\":");
                    text(tree(1, false), sb);
                    sb.append("}}");
                }
                case 1 -> {
                    // an answer, its members in any order
                    List<String> members = new ArrayList<>();
                    members.add("\"jsonrpc\":\"2.0\"");
                    members.add((r.nextInt(10) == 0 ? "\"\\u0069d\"" : "\"id\"") + ":" + id());
                    StringBuilder v = new StringBuilder();
                    text(tree(1, false), v);
                    members.add((r.nextBoolean() ? "\"result\"" : "\"error\"") + ":" + v);
                    if (r.nextInt(8) == 0) {
                        members.add("\"method\":\"x\"");
                    }
                    if (r.nextInt(8) == 0) {
                        members.add("\"id\":" + id());
                    }
                    java.util.Collections.shuffle(members, r);
                    sb.append('{').append(String.join(r.nextInt(5) == 0 ? " , " : ",", members)).append('}');
                }
                default -> text(tree(0, false), sb);
            }
            if (r.nextInt(4) == 0) {
                sb.append(ws());
            }
            String s = sb.toString();
            return s.startsWith("{") || s.startsWith(" ") || s.startsWith("\t") ? s : "{\"v\":" + s + "}";
        }

        String id() {
            return switch (r.nextInt(5)) {
                case 0 -> Integer.toString(r.nextInt(1000) - 10);
                case 1 -> quoted("mcppol-" + r.nextInt(100));
                case 2 -> quoted(string());
                case 3 -> "null";
                default -> quoted("mcppol-" + r.nextInt(100_000));
            };
        }

        String ws() {
            String[] w = {" ", "\t", "\r", "\n", "  "};
            return w[r.nextInt(w.length)];
        }

        /** The tree as text, with odd but valid spellings now and then (spaces, escapes, exponents). */
        void text(JsonNode n, StringBuilder sb) {
            if (n.isObject()) {
                sb.append('{');
                boolean first = true;
                for (var e : n.properties()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    if (r.nextInt(10) == 0) {
                        sb.append(ws());
                    }
                    sb.append(r.nextInt(10) == 0 ? escapedAll(e.getKey()) : quoted(e.getKey()));
                    sb.append(r.nextInt(10) == 0 ? " : " : ":");
                    text(e.getValue(), sb);
                }
                if (r.nextInt(20) == 0 && n.size() > 0) {
                    // a key again, spelled alike or escaped
                    String k = n.properties().iterator().next().getKey();
                    sb.append(',').append(r.nextBoolean() ? quoted(k) : escapedAll(k)).append(":1");
                }
                sb.append('}');
            } else if (n.isArray()) {
                sb.append('[');
                for (int i = 0; i < n.size(); i++) {
                    sb.append(i == 0 ? "" : r.nextInt(10) == 0 ? " ,\t" : ",");
                    text(n.get(i), sb);
                }
                sb.append(']');
            } else if (n.isString()) {
                sb.append(r.nextInt(8) == 0 ? escapedAll(n.stringValue()) : quoted(n.stringValue()));
            } else if (n.isNumber() && r.nextInt(6) == 0) {
                String[] odd = {"1e2", "1E+2", "-0", "0.0", "1.5e-3", "-0.0", "12345678901234567890", "1.0", "-2147483648",
                    "2147483648", "-9223372036854775808", "9223372036854775807", "0e0"};
                sb.append(odd[r.nextInt(odd.length)]);
            } else {
                sb.append(n.toString());
            }
        }

        /** A tree: objects, arrays, strings (of every kind of character), numbers of every kind, literals. */
        JsonNode tree(int depth, boolean forWriting) {
            int k = r.nextInt(depth > 4 ? 6 : 9);
            switch (k) {
                case 0:
                    return Json.NODES.stringNode(string());
                case 1:
                    return Json.NODES.numberNode(r.nextInt());
                case 2:
                    return Json.NODES.numberNode(r.nextLong() >> r.nextInt(64));
                case 3:
                    return Json.NODES.booleanNode(r.nextBoolean());
                case 4:
                    return Json.NODES.nullNode();
                case 5:
                    return switch (r.nextInt(forWriting ? 5 : 3)) {
                        case 0 -> Json.NODES.numberNode(new BigDecimal(BigInteger.valueOf(r.nextInt()), r.nextInt(5)));
                        case 1 -> Json.NODES.numberNode(new BigInteger(80, r));
                        case 2 -> Json.NODES.numberNode(r.nextInt(100));
                        case 3 -> Json.NODES.numberNode(r.nextDouble());
                        default -> Json.NODES.numberNode((short) r.nextInt(100));
                    };
                case 6:
                case 7: {
                    ObjectNode o = Json.NODES.objectNode();
                    int n = r.nextInt(r.nextInt(10) == 0 ? 40 : 5);
                    for (int i = 0; i < n; i++) {
                        o.set(r.nextInt(4) == 0 ? string() : word(), tree(depth + 1, forWriting));
                    }
                    return o;
                }
                default: {
                    ArrayNode a = Json.NODES.arrayNode();
                    int n = r.nextInt(5);
                    for (int i = 0; i < n; i++) {
                        a.add(tree(depth + 1, forWriting));
                    }
                    return a;
                }
            }
        }

        String word() {
            String[] w = {"id", "method", "result", "error", "params", "name", "arguments", "message", "text", "a", "b", "k"};
            return w[r.nextInt(w.length)] + (r.nextInt(3) == 0 ? Integer.toString(r.nextInt(50)) : "");
        }

        /** A string of ASCII, control characters, Latin-1, BMP, astral and lone surrogate characters. */
        String string() {
            int n = r.nextInt(12);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) {
                switch (r.nextInt(10)) {
                    case 0 -> sb.append((char) r.nextInt(0x20));
                    case 1 -> sb.append("\"\\/\u007f".charAt(r.nextInt(4)));
                    case 2 -> sb.append((char) (0x80 + r.nextInt(0x780)));
                    case 3 -> sb.append((char) (0x800 + r.nextInt(0xD000)));
                    case 4 -> sb.appendCodePoint(0x10000 + r.nextInt(0x100000));
                    case 5 -> sb.append((char) (0xD800 + r.nextInt(0x800)));
                    case 6 -> sb.append("\u2028\uFFFF\uFEFF".charAt(r.nextInt(3)));
                    default -> sb.append((char) (0x20 + r.nextInt(0x5F)));
                }
            }
            return sb.toString();
        }

        /** A string as JSON text, escaped as a writer escapes it (the mapper's own writing). */
        String quoted(String s) {
            return Json.MAPPER.writeValueAsString(Json.NODES.stringNode(s));
        }

        /** A string with every character written as an escape, or some as their short escapes. */
        String escapedAll(String s) {
            StringBuilder sb = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '/' && r.nextBoolean()) {
                    sb.append("\\/");
                } else if (c == '\n') {
                    sb.append("\\n");
                } else {
                    sb.append(String.format(r.nextBoolean() ? "\\u%04x" : "\\u%04X", (int) c));
                }
            }
            return sb.append('"').toString();
        }

        /** The bytes broken in one or a few places: cut, a byte changed, put in or taken out, text after them. */
        public byte[] odd(byte[] b) {
            byte[] out = b;
            int times = 1 + r.nextInt(3);
            for (int t = 0; t < times; t++) {
                int at = out.length == 0 ? 0 : r.nextInt(out.length);
                byte[] odds = {0, '"', '\\', '{', '}', '[', ']', ',', ':', '1', '-', '.', 'e', (byte) 0x80, (byte) 0xC0,
                    (byte) 0xE0, (byte) 0xED, (byte) 0xF0, (byte) 0xF4, (byte) 0xFF, 0x1F, ' ', 'u'};
                out = switch (r.nextInt(5)) {
                    case 0 -> java.util.Arrays.copyOf(out, at);
                    case 1 -> {
                        byte[] c = out.clone();
                        if (c.length > 0) {
                            c[at] = odds[r.nextInt(odds.length)];
                        }
                        yield c;
                    }
                    case 2 -> {
                        byte[] c = new byte[out.length + 1];
                        System.arraycopy(out, 0, c, 0, at);
                        c[at] = odds[r.nextInt(odds.length)];
                        System.arraycopy(out, at, c, at + 1, out.length - at);
                        yield c;
                    }
                    case 3 -> {
                        if (out.length == 0) {
                            yield out;
                        }
                        byte[] c = new byte[out.length - 1];
                        System.arraycopy(out, 0, c, 0, at);
                        System.arraycopy(out, at + 1, c, at, out.length - at - 1);
                        yield c;
                    }
                    default -> {
                        byte[] tail = (r.nextBoolean() ? " {}" : "x").getBytes(StandardCharsets.UTF_8);
                        byte[] c = java.util.Arrays.copyOf(out, out.length + tail.length);
                        System.arraycopy(tail, 0, c, out.length, tail.length);
                        yield c;
                    }
                };
            }
            return out;
        }
    }
}

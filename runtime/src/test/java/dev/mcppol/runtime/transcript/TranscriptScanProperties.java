package dev.mcppol.runtime.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.handler.CallHandler;
import dev.mcppol.runtime.mcp.JsonRpc;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;

/**
 * The reader's streaming scan of a line (no trees but the client's messages) gives exactly what reading
 * the line as a tree gives: the same record, or the same error at the same line, on lines in the shapes
 * the proxy records and on odd ones — members in any order, unknown and duplicate keys at any depth,
 * escapes and raw control characters, NUL, big and odd numbers, deep nesting, cut-off lines, trailing
 * text — fed as a whole file, so the state carried from line to line (the header, the last time) is
 * compared too. A server's answer the scan only skims must say what the tree says of it: its id, and
 * whether the proxy gave it.
 */
class TranscriptScanProperties {

    @Property(tries = 1000)
    void theScanReadsEveryLineAsTheTreeReadingDoes(@ForAll Random random) throws Exception {
        List<String> lines = new ArrayList<>();
        Gen g = new Gen(random);
        if (random.nextInt(3) == 0) {
            lines.add(g.header());
        }
        int n = 1 + random.nextInt(12);
        for (int i = 0; i < n; i++) {
            // Mostly lines as the proxy records them (the scan reads those), some odd in one place or many.
            g.clean = random.nextInt(5) != 0;
            String line = g.record();
            lines.add(random.nextInt(8) == 0 ? g.odd(line) : line);
        }
        assertSameReading(lines);
        Statistics.label("scan").coverage(c -> c.check(true).percentage(p -> p > 25));
        Statistics.label("hand").coverage(c -> c.check(true).percentage(p -> p > 15));
    }

    @Example
    void oddLinesReadAlike() throws Exception {
        String call = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{}}}";
        List<String> odd = List.of(
                "{\"t\":1,\"dir\":\"s2c\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"a\":1,\"a\":2}}}",
                "{\"t\":1,\"dir\":\"s2c\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"x\":1e99999999999}}}",
                "{\"t\":1,\"dir\":\"s2c\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"x\":\"a\u0000b\"}}}",
                "{\"t\":1,\"dir\":\"s2c\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"x\":\"\\u0000\\uD800\"}}}",
                "{\"t\":1,\"dir\":\"s2c\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"x\":1}}} x",
                "{\"t\":1,\"dir\":\"s2c\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"x\":" + "[".repeat(1200)
                        + "]".repeat(1200) + "}}}",
                "{\"t\":1,\"dir\":\"s2c\",\"msg\":{\"id\":1,\"result\":{\"_meta\":{\"mcppol/decision\":null}}}}",
                "{\"t\":1,\"dir\":\"s2c\",\"msg\":{\"id\":1,\"error\":{\"code\":1,\"data\":{\"mcppol\\/decision\":{}}}}}",
                "{\"t\":1,\"msg\":" + call + ",\"dir\":\"c2s\",\"expect\":\"allow\"}",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":" + call + ",\"expect\":\"allow\",\"expect\":\"deny\"}",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":" + call.replace("{}", "{\"n\":1" + "0".repeat(1000) + "}") + "}",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":" + call.replace("{}", "{\"n\":1.0E+2147483648}") + "}",
                "{\"t\":99999999999999999999,\"dir\":\"c2s\",\"msg\":" + call + "}",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call + "}",
                "{\"t\":1,\"dir\":\"s2c\",\"msg\":{\"id\":1,\"result\":" + keys(20, "k3") + "}}",
                "{\"t\":1,\"dir\":\"s2c\",\"msg\":{\"id\":1,\"result\":" + keys(20, null) + "}}",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":" + call.replace("{}", keys(40, "k39")) + "}",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":" + call.replace("{}", keys(40, null)) + "}",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":" + call.replace("{}", "{\"a\":{\"b\":1},\"b\":{\"a\":[{\"a\":1}]},\"c\":1}")
                        + "}",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":" + call.replace("{}", "{\"a\":{\"b\":1},\"b\":2,\"a\":3}") + "}");
        for (String line : odd) {
            assertSameReading(List.of(line));
        }
        // The proxy's own lines are the scan's to read.
        TranscriptReader r = TranscriptReader.lineFed(Path.of("s.jsonl"));
        assertThat(r.scanned("{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call + ",\"expect\":\"allow\"}")).isNotNull();
        assertThat(r.scanned("{\"t\":0,\"dir\":\"s2c\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[{\"type\":"
                + "\"text\",\"text\":\"done\"}]}}}").answer()).isNotNull();
        // And the plainest of them the character scan's, with the same record.
        String denied = "{\"t\":0,\"dir\":\"s2c\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"content\":[],"
                + "\"isError\":true,\"_meta\":{\"mcppol/decision\":{\"outcome\":\"deny\",\"rules\":[]}}}}}";
        assertThat(r.handScanned(denied).answer().own()).isTrue();
        assertThat(r.handScanned("{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call + ",\"expect\":\"allow\"}").msg())
                .isEqualTo(tools.jackson.databind.json.JsonMapper.builder().build().readTree(call));
        assertSameReading(List.of(denied, denied.replace("mcppol/decision", "mcppol/decisio")));
        // Keys of nested objects and of siblings are not taken for repeats.
        assertThat(r.scanned("{\"t\":0,\"dir\":\"c2s\",\"msg\":" + call.replace("{}",
                "{\"a\":{\"b\":1},\"b\":{\"a\":[{\"a\":1},{\"a\":2}]},\"c\":" + keys(20, null) + "}") + "}")).isNotNull();
    }

    /**
     * A transcript file read by the reader itself (its lines split in one buffer, no string per line)
     * gives what its lines give fed one by one as {@code BufferedReader.readLine} splits them: the same
     * records, the same first error at the same line — a terminator of any kind ({@code \n}, {@code \r\n},
     * a lone {@code \r}), blank and white lines, lines longer than the read-ahead, characters of several
     * bytes across its edge, bytes that are not UTF-8, no final newline.
     */
    @Property(tries = 300)
    void aFileReadsAsItsLinesFedOneByOne(@ForAll Random random) throws Exception {
        Gen g = new Gen(random);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        if (random.nextInt(3) == 0) {
            bytes.write(g.header().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            bytes.write('\n');
        }
        int n = random.nextInt(30);
        for (int i = 0; i < n; i++) {
            g.clean = random.nextInt(8) != 0;
            String line = switch (random.nextInt(12)) {
                case 0 -> "";
                case 1 -> g.pick(0, " ", "\t", " \u000B ", "\u00A0", "\u2003");
                case 2 -> g.record().replace("\"t\":", "\"pad\":\"" + "é".repeat(random.nextInt(9000)) + "\",\"t\":");
                case 3 -> g.record().replace("\"c2s\"", "\"c2s\"" + " ".repeat(8000 + random.nextInt(400)));
                default -> g.record();
            };
            bytes.write(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (random.nextInt(60) == 0) {
                bytes.write(g.pick(0, 0xff, 0xc3, 0x80)); // not UTF-8
            }
            if (i < n - 1 || random.nextBoolean()) {
                bytes.write(g.pick(0, "\n", "\n", "\n", "\r\n", "\r", "\n\n", "\r\r\n")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        Path file = java.nio.file.Files.createTempFile("lines-", ".jsonl");
        try {
            java.nio.file.Files.write(file, bytes.toByteArray());
            List<Object> want = new ArrayList<>();
            TranscriptReader fed = TranscriptReader.lineFed(file);
            try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(file,
                    java.nio.charset.StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    TranscriptRecord r = fed.parseLine(line);
                    if (r != null) {
                        want.add(describe(r));
                    }
                }
            } catch (TranscriptException e) {
                want.add("error: " + e.describe());
            } catch (java.io.IOException e) {
                want.add("io: " + e);
            }
            List<Object> got = new ArrayList<>();
            try (TranscriptReader reader = new TranscriptReader(file)) {
                TranscriptRecord r;
                while ((r = reader.next()) != null) {
                    got.add(describe(r));
                }
            } catch (TranscriptException e) {
                got.add("error: " + e.describe());
            } catch (java.io.IOException e) {
                got.add("io: " + e);
            }
            assertThat(got).isEqualTo(want);
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    /** Everything a record says, as text. */
    private static String describe(TranscriptRecord r) {
        return List.of(r.line(), r.t(), r.clientToServer(), String.valueOf(r.session()), String.valueOf(r.identity()),
                String.valueOf(r.expect()), String.valueOf(r.approval()), String.valueOf(r.claims()),
                String.valueOf(r.userAnswer()), String.valueOf(r.argumentsHash()), r.approvalTimeoutMillis(),
                String.valueOf(r.msg()), r.answer() == null ? "-" : r.answer().id() + " " + r.answer().own()).toString();
    }

    /** An object of {@code n} keys ({@code k0}, {@code k1}, … each holding an object), then {@code again} once more. */
    private static String keys(int n, String again) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":{\"k").append(i).append("\":").append(i).append('}');
        }
        if (again != null) {
            b.append(",\"").append(again).append("\":0");
        }
        return b.append('}').toString();
    }

    /** Feeds {@code lines} to a scanning reader and to a tree-only one, and compares line by line. */
    private static void assertSameReading(List<String> lines) throws Exception {
        Path file = Path.of("scan.jsonl");
        TranscriptReader scanning = TranscriptReader.lineFed(file);
        TranscriptReader tree = TranscriptReader.treeOnly(file);
        for (String line : lines) {
            // Lines the scan reads, not left to the tree reading: enough of them, or this compares nothing.
            Statistics.label("scan").collect(!line.isBlank() && scanning.scanned(line) != null);
            // Lines the character scan reads, before either: enough of them too.
            Statistics.label("hand").collect(!line.isBlank() && scanning.handScanned(line) != null);
            Object fast = read(scanning, line);
            Object slow = read(tree, line);
            String as = "line " + escape(line);
            if (slow instanceof TranscriptRecord want) {
                assertThat(fast).as(as).isInstanceOf(TranscriptRecord.class);
                TranscriptRecord got = (TranscriptRecord) fast;
                assertThat(List.of(got.line(), got.t(), got.clientToServer(), String.valueOf(got.session()),
                        String.valueOf(got.identity()), String.valueOf(got.expect()), String.valueOf(got.approval()),
                        String.valueOf(got.claims()), String.valueOf(got.userAnswer()), String.valueOf(got.argumentsHash()),
                        got.approvalTimeoutMillis()))
                        .as(as).isEqualTo(List.of(want.line(), want.t(), want.clientToServer(),
                                String.valueOf(want.session()), String.valueOf(want.identity()),
                                String.valueOf(want.expect()), String.valueOf(want.approval()),
                                String.valueOf(want.claims()), String.valueOf(want.userAnswer()),
                                String.valueOf(want.argumentsHash()), want.approvalTimeoutMillis()));
                assertThat(got.claims()).as(as).isEqualTo(want.claims());
                assertThat(got.msg()).as(as).isEqualTo(want.msg());
                if (got.answer() != null) {
                    assertThat(JsonRpc.isResponse(want.msg())).as(as).isTrue();
                    assertThat(got.answer().id()).as(as).isEqualTo(want.msg().get("id"));
                    assertThat(got.answer().own()).as(as).isEqualTo(CallHandler.isOwnAnswer(want.msg()));
                }
            } else {
                assertThat(fast).as(as).isEqualTo(slow);
            }
        }
    }

    /** The record, null, or the error's text. */
    private static Object read(TranscriptReader r, String line) {
        try {
            return r.parseLine(line);
        } catch (TranscriptException e) {
            return "error: " + e.describe();
        } catch (RuntimeException e) {
            return "thrown: " + e;
        }
    }

    private static String escape(String line) {
        String s = line.length() > 400 ? line.substring(0, 400) + "…" : line;
        return s.replace("\u0000", "\\0");
    }

    // ------------------------------------------------------------------ generated lines

    /**
     * Writes lines; while {@code clean}, records as the proxy writes them (valid, times that never go
     * back, values of every kind but decimals with exponents), else with anything the tree reading
     * refuses or the scan leaves to it.
     */
    private static final class Gen {
        final Random r;
        boolean clean;
        long t;

        Gen(Random r) {
            this.r = r;
        }

        /** One of the options: while clean, one of the first {@code valid} (if any). */
        @SafeVarargs
        private <T> T pick(int valid, T... options) {
            return options[r.nextInt(clean && valid > 0 ? valid : options.length)];
        }

        private boolean often() {
            return r.nextInt(clean ? 40 : 4) == 0;
        }

        String header() {
            List<String> members = new ArrayList<>();
            members.add("\"mcppol\":" + pick(1, "\"transcript/1\"", "\"transcript/2\"", "1"));
            if (r.nextBoolean()) {
                members.add("\"session\":" + pick(2, "\"h\"", "null", "2"));
            }
            if (r.nextBoolean()) {
                members.add("\"identity\":" + pick(2, "\"alice\"", "null", "[]"));
            }
            if (r.nextBoolean()) {
                members.add("\"claims\":" + pick(2, "{\"sub\":\"a\"}", "null", "[1]"));
            }
            if (r.nextBoolean()) {
                members.add("\"approvalTimeoutMs\":" + pick(2, "1000", "120000", "0", "-5", "1.5"));
            }
            return "{" + String.join(",", members) + "}";
        }

        /** A record line. */
        String record() {
            boolean c2s = r.nextBoolean();
            List<String> members = new ArrayList<>();
            if (r.nextInt(10) != 0) {
                t += r.nextInt(3);
                members.add("\"t\":" + pick(1, String.valueOf(t), "9223372036854775807", "0", "-1", "3.0", "1e2",
                        "99999999999999999999", "\"5\"", "null"));
            }
            if (!often()) {
                members.add("\"dir\":" + (c2s ? "\"c2s\"" : "\"s2c\""));
            } else {
                members.add("\"dir\":" + pick(2, "\"c2\\u0073\"", "\"s2\\u0063\"", "\"x\"", "1", "null"));
            }
            if (r.nextInt(4) == 0) {
                members.add("\"session\":" + pick(6, "\"s1\"", "\"s2\"", "null", "\"a\\u0000b\"", "\"\\uD800\"",
                        "\"é\"", "1", "{}"));
            }
            if (r.nextInt(4) == 0) {
                members.add("\"identity\":" + pick(3, "\"bob\"", "null", "\"\\\"q\\\"\"", "true"));
            }
            if (r.nextInt(5) == 0) {
                members.add("\"claims\":" + pick(3, "{}", "{\"sub\":\"a\",\"n\":1.50,\"big\":1" + "0".repeat(30) + "}",
                        "null", "[]", "\"x\"", "{\"a\":1,\"a\":1}", "{\"x\":1e400}"));
            }
            if (!often()) {
                members.add("\"msg\":" + (c2s ? clientMessage() : serverMessage()));
            }
            if (c2s ? r.nextInt(3) != 0 : often()) {
                members.add("\"expect\":" + pick(4, "\"allow\"", "\"deny\"", "\"ask\"", "\"limit\"", "\"nope\"",
                        "{\"outcome\":\"allow\"}", "{\"outcome\":\"deny\",\"rule\":\"r\"}", "null", "1"));
            }
            if (often()) {
                members.add("\"approval\":" + pick(3, "{}", "1", "{\"id\":\"x\"}"));
            }
            if (often()) {
                members.add("\"extra\":1");
            }
            if (r.nextInt(10) == 0) {
                members.add("\"argumentsHash\":" + pick(1, "\"" + "ab".repeat(32) + "\"", "\"AB\"", "1"));
            }
            if (often() && !members.isEmpty()) {
                members.add(members.get(r.nextInt(members.size()))); // a duplicate key
            }
            if (r.nextInt(5) == 0) {
                Collections.shuffle(members, r);
            }
            String sep = r.nextInt(6) == 0 ? ", " : ",";
            return (r.nextInt(10) == 0 ? " " : "") + "{" + String.join(sep, members) + "}";
        }

        String clientMessage() {
            List<String> members = new ArrayList<>();
            if (!often()) {
                members.add("\"jsonrpc\":" + pick(1, "\"2.0\"", "\"1.0\"", "2.0"));
            }
            if (!often()) {
                members.add("\"id\":" + pick(6, "1", "2", "\"a\"", "\"mcppol-approval-3\"", "12345678901234567890123",
                        "1.5", "null", "{\"x\":1}"));
            }
            if (!often()) {
                members.add("\"method\":" + pick(5, "\"tools/call\"", "\"tools/call\"", "\"tools/call\"", "\"tools/list\"", "\"resources/read\"",
                        "\"initialize\"", "\"notifications/cancelled\"", "1"));
            }
            if (!often()) {
                members.add("\"params\":{\"name\":" + pick(3, "\"echo\"", "\"write\"", "\"e\\u0063ho\"", "1")
                        + ",\"arguments\":" + value(0) + "}");
            } else {
                members.add(pick(2, "\"result\"", "\"error\"") + ":" + value(0));
            }
            if (often()) {
                members.add("\"" + pick(3, "x", "_meta", "jsonrpc") + "\":" + value(0));
            }
            if (r.nextInt(3) == 0) {
                Collections.shuffle(members, r);
            }
            return "{" + String.join(",", members) + "}";
        }

        String serverMessage() {
            if (often()) {
                return pick(0, "[]", "1", "null", "\"x\"");
            }
            List<String> members = new ArrayList<>();
            if (r.nextInt(8) != 0) {
                members.add("\"jsonrpc\":" + pick(2, "\"2.0\"", "\"2\\u002e0\"", "\"1.0\"", "2.0"));
            }
            if (!often()) {
                members.add("\"id\":" + pick(9, "1", "2", "3", "\"a\"", "null", "1.5", "-0", "[1]",
                        "12345678901234567890123", "1e2"));
            }
            int kind = r.nextInt(10);
            if (kind < 5) {
                members.add("\"result\":" + (r.nextInt(3) != 0 ? withDecision("_meta") : value(0)));
            } else if (kind < 8) {
                members.add("\"error\":" + (r.nextInt(3) != 0 ? withDecision("data") : value(0)));
            } else if (kind == 8) {
                members.add("\"method\":" + pick(2, "\"sampling/createMessage\"", "\"notifications/message\"", "2"));
                members.add("\"params\":" + value(0));
            }
            if (r.nextInt(10) == 0) {
                members.add("\"" + pick(3, "x", "\\u0069d", "result") + "\":" + value(0));
            }
            if (r.nextInt(3) == 0) {
                Collections.shuffle(members, r);
            }
            return "{" + String.join(",", members) + "}";
        }

        /** An object that may carry the proxy's decision under {@code member}, among other members. */
        String withDecision(String member) {
            List<String> members = new ArrayList<>();
            members.add("\"content\":[{\"type\":\"text\",\"text\":" + string() + "}]");
            if (r.nextInt(4) != 0) {
                List<String> meta = new ArrayList<>();
                if (r.nextInt(3) != 0) {
                    meta.add("\"" + pick(4, "mcppol/decision", "mcppol\\/decision", "mcppol/Decision",
                            "mcppol\\u002fdecision") + "\":" + pick(4, "{\"outcome\":\"deny\"}", "null", "1",
                            value(1)));
                }
                if (r.nextBoolean()) {
                    meta.add("\"other\":" + value(1));
                }
                if (r.nextInt(6) == 0 && !meta.isEmpty()) {
                    meta.add(meta.get(0)); // a duplicate key, deep down
                }
                Collections.shuffle(meta, r);
                members.add("\"" + member + "\":" + (r.nextInt(8) == 0 ? value(1) : "{" + String.join(",", meta) + "}"));
            }
            if (r.nextBoolean()) {
                members.add("\"isError\":" + pick(2, "true", "false"));
            }
            Collections.shuffle(members, r);
            return "{" + String.join(",", members) + "}";
        }

        /** Any JSON value. */
        String value(int depth) {
            switch (r.nextInt(depth > 3 ? 4 : 7)) {
                case 0:
                    return string();
                case 1:
                    return number();
                case 2:
                    return pick(3, "true", "false", "null");
                case 3:
                    return often() ? pick(0, "nul", "tru", "'x'", "[1,]", "{\"a\" 1}", "\u0000", "") : string();
                case 4: {
                    int n = r.nextInt(4);
                    List<String> items = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        items.add(value(depth + 1));
                    }
                    return "[" + String.join(",", items) + "]";
                }
                case 5:
                    if (r.nextInt(40) == 0) {
                        int d = pick(2, 10, 400, 499, 500, 501, 1000, 1100);
                        return "[".repeat(d) + "]".repeat(d);
                    }
                    return object(depth);
                default:
                    return object(depth);
            }
        }

        String object(int depth) {
            int n = r.nextInt(4);
            List<String> members = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                members.add("\"" + pick(9, "a", "b", "_meta", "data", "mcppol/decision", "id", "method", "\\u0061", "é")
                        + "\":" + value(depth + 1));
            }
            if (often() && n > 0) {
                members.add(members.get(0)); // a duplicate key
            }
            return "{" + String.join(",", members) + "}";
        }

        String string() {
            StringBuilder b = new StringBuilder("\"");
            int n = r.nextInt(6);
            for (int i = 0; i < n; i++) {
                b.append(pick(12, "a", " ", "é", "😀", "\\\"", "\\\\", "\\n", "\\u0000", "\\uD83D\\uDE00", "\\uDE00",
                        "\\/", "\\t", "\u0000", "\t", "\\x", "\n"));
            }
            return b.append('"').toString();
        }

        String number() {
            return pick(12, "0", "-0", "1", "-7", "2147483648", "9223372036854775808", "12345678901234567890123",
                    "1.5", "1.50", "0.0", "-0.0", "1" + "0".repeat(999), "1e5", "1E-7", "2.5e+3", "1e99999999999",
                    "1.0E+2147483648", "1" + "0".repeat(1000), "0." + "0".repeat(998) + "1", "01", "1.", ".5", "-",
                    "NaN", "100E2147483647");
        }

        /** A record with cut-off text, text after the object, or a raw NUL. */
        String odd(String line) {
            switch (r.nextInt(4)) {
                case 0:
                    return line.substring(0, r.nextInt(line.length()));
                case 1:
                    return line + pick(0, " ", " x", "{}", "\u0000", " // c");
                case 2: {
                    int at = r.nextInt(line.length());
                    return line.substring(0, at) + "\u0000" + line.substring(at);
                }
                default:
                    return "[" + line + "]";
            }
        }
    }
}

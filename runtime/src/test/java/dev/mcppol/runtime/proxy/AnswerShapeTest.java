package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.handler.SessionState;
import dev.mcppol.runtime.json.FastJson;
import dev.mcppol.runtime.json.FastJsonProperties;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The fast path for server answers reads exactly as strictly as the full read: anything the full read
 * would refuse, or any message that is not a plain answer, is left to it; and what it relays is the
 * answer the full read would have relayed.
 */
class AnswerShapeTest {

    private static AnswerShape shape(String json) {
        byte[] b = ("  " + json + " ").getBytes(StandardCharsets.UTF_8);
        return AnswerShape.of(b, 2, b.length - 3);
    }

    /** UTF-16 and UTF-32 (which the JSON parser would detect by their NUL bytes) are read by neither path. */
    @Test
    void onlyUtf8IsRead() {
        String answer = "{\"jsonrpc\":\"2.0\",\"id\":\"mcppol-7\",\"result\":{}}";
        for (java.nio.charset.Charset cs : java.util.List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE,
                StandardCharsets.UTF_16, java.nio.charset.Charset.forName("UTF-32LE"))) {
            byte[] b = answer.getBytes(cs);
            assertThat(AnswerShape.of(b, 0, b.length)).as(cs.name()).isNull();
            ParsedMessage full = ParsedMessage.parse(b, 0, b.length);
            assertThat(full.ok()).as(cs.name()).isFalse();
            assertThat(full.problem()).contains("UTF-8");
        }
        byte[] utf8 = answer.getBytes(StandardCharsets.UTF_8);
        assertThat(AnswerShape.of(utf8, 0, utf8.length)).isNotNull();
        assertThat(ParsedMessage.parse(utf8, 0, utf8.length).ok()).isTrue();
    }

    @Test
    void findsTheIdOfAnAnswerWhereverItIs() {
        AnswerShape s = shape("{\"result\":{\"content\":[{\"id\":\"inner\"}]},\"jsonrpc\":\"2.0\",\"id\":\"mcppol-7\"}");
        assertThat(s).isNotNull();
        assertThat(s.id()).isEqualTo("mcppol-7");
        AnswerShape escaped = shape("{\"\\u0069d\":\"mcppol-\\u0037\",\"error\":{\"code\":1,\"message\":\"x\"}}");
        assertThat(escaped).isNotNull();
        assertThat(escaped.id()).isEqualTo("mcppol-7");
    }

    @Test
    void leavesToTheFullReadWhatItWouldRefuseOrThatIsNoPlainAnswer() {
        assertThat(shape("{\"id\":\"mcppol-1\",\"result\":{\"k\":1,\"k\":2}}")).as("a duplicate key, deep down").isNull();
        assertThat(shape("{\"id\":\"mcppol-1\",\"id\":\"mcppol-2\",\"result\":{}}")).as("two ids").isNull();
        assertThat(shape("{\"id\":\"mcppol-1\",\"result\":{}} {\"id\":\"x\"}")).as("something after it").isNull();
        assertThat(shape("{\"id\":\"mcppol-1\",\"result\":{}")).as("cut short").isNull();
        assertThat(shape("{\"id\":\"mcppol-1\",\"method\":\"x\"}")).as("a request").isNull();
        assertThat(shape("{\"id\":3,\"result\":{}}")).as("an id the proxy never uses").isNull();
        assertThat(shape("{\"id\":\"mcppol-1\"}")).as("neither result nor error").isNull();
        assertThat(shape("[{\"id\":\"mcppol-1\",\"result\":{}}]")).as("a batch").isNull();
        assertThat(shape("{\"id\":\"mcppol-1\",\"result\":tru}")).as("not JSON").isNull();
    }

    @Test
    void anAnswerNothingReadsGoesOnAsTheServerWroteItButForItsId() throws Exception {
        PolicyHolder policy = new PolicyHolder(new dev.mcppol.runtime.bundle.BundleReader().read(
                TestServers.bundle("everything-open")), new InMemoryLimiter(), new ProxyMetrics());
        MessageGate gate = new MessageGate(policy, MessageGate.Options.defaults(),
                new ProxyLog(java.io.OutputStream.nullOutputStream()), null, null, () -> 1000L);
        SessionState s = new SessionState("s", null);
        byte[] call = "{\"jsonrpc\":\"2.0\",\"id\":41,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{}}}"
                .getBytes(StandardCharsets.UTF_8);
        JsonNode sent = Json.MAPPER.readTree(gate.fromClient(call, 0, call.length, s).toServer(call));
        String answer = "{ \"result\" : {\"text\":\"caf\\u00e9\", \"n\": 1.50} ,\"jsonrpc\":\"2.0\",\"id\":"
                + sent.get("id") + " }";
        byte[] b = answer.getBytes(StandardCharsets.UTF_8);
        MessageGate.ServerVerdict v = gate.fromServer(b, 0, b.length, s);
        // Not re-written: the escape, the spacing and the number's text are the server's own.
        assertThat(new String(v.replacement(), StandardCharsets.UTF_8))
                .isEqualTo(answer.replace(sent.get("id").toString(), "41"));
        // Sent again (a resumed stream replays it), it is read in full and still reaches the client under its id.
        assertThat(Json.MAPPER.readTree(gate.fromServer(b, 0, b.length, s).replacement()).get("id").asInt()).isEqualTo(41);
    }

    /** The skim without a parser finds what the parser's skim finds, where it finds anything. */
    @Property(tries = 2000)
    void theFastSkimFindsWhatTheParsersFinds(@ForAll java.util.Random random) {
        FastJsonProperties.Gen g = new FastJsonProperties.Gen(random);
        byte[] b = g.message().getBytes(StandardCharsets.UTF_8);
        boolean odd = random.nextInt(3) == 0;
        if (odd) {
            b = g.odd(b);
        }
        assertSkimsAgree(b);
        if (!odd) {
            FastJson.Answer vouched = FastJson.answer(b, 0, b.length);
            Statistics.label("skimmed fast").collect(vouched != null);
            Statistics.label("answer found fast").collect(vouched != null && vouched != FastJson.NOT_AN_ANSWER);
        }
        Statistics.label("skimmed fast").coverage(c -> c.check(true).percentage(p -> p > 40));
        Statistics.label("answer found fast").coverage(c -> c.check(true).percentage(p -> p > 5));
    }

    /** The odd messages the fast reader is held to, skimmed both ways. */
    @Test
    void oddMessagesSkimAlike() {
        for (String s : FastJsonProperties.ODD_TEXTS) {
            assertSkimsAgree(s.getBytes(StandardCharsets.UTF_8));
        }
        for (byte[] b : FastJsonProperties.ODD_BYTES) {
            assertSkimsAgree(b);
        }
    }

    /** Inside a larger buffer (nothing outside its window may be read), both skims say the same. */
    private static void assertSkimsAgree(byte[] b) {
        byte[] framed = new byte[b.length + 2];
        System.arraycopy(b, 0, framed, 1, b.length);
        framed[0] = '{';
        framed[b.length + 1] = '}';
        AnswerShape fast = AnswerShape.of(framed, 1, b.length);
        AnswerShape parsed = AnswerShape.withParser(framed, 1, b.length);
        assertThat(fast).as(new String(b, StandardCharsets.UTF_8)).isEqualTo(parsed);
    }

    /** Relayed fast or read in full, the client gets the same answer. */
    @Property(tries = 300)
    void theFastPathRelaysWhatTheFullReadWould(@ForAll("answers") ObjectNode answer, @ForAll("clientIds") JsonNode clientId)
            throws Exception {
        byte[] viaFastPath = relay(answer, clientId, false);
        byte[] viaFullRead = relay(answer, clientId, true);
        assertThat(Json.MAPPER.readTree(viaFastPath)).isEqualTo(Json.MAPPER.readTree(viaFullRead));
        assertThat(Json.MAPPER.readTree(viaFastPath).get("id").toString()).isEqualTo(clientId.toString());
    }

    /** Sends a tools/call under {@code clientId} through a gate and relays {@code answer} to it. */
    private static byte[] relay(ObjectNode answer, JsonNode clientId, boolean recording) throws Exception {
        PolicyHolder policy = new PolicyHolder(new dev.mcppol.runtime.bundle.BundleReader().read(
                TestServers.bundle("everything-open")), new InMemoryLimiter(), new ProxyMetrics());
        // Recording reads every message in full: the same gate without a recorder takes the fast path.
        dev.mcppol.runtime.log.TranscriptRecorder recorder = !recording ? null : new dev.mcppol.runtime.log.TranscriptRecorder(
                java.nio.file.Files.createTempFile("answer-shape", ".jsonl"), new dev.mcppol.runtime.log.Redactor(java.util.List.of()),
                0, "s", null);
        MessageGate gate = new MessageGate(policy, MessageGate.Options.defaults(), new ProxyLog(java.io.OutputStream.nullOutputStream()),
                null, recorder, () -> 1000L);
        SessionState s = new SessionState("s", null);
        ObjectNode call = Json.NODES.objectNode();
        call.put("jsonrpc", "2.0");
        call.set("id", clientId);
        call.put("method", "tools/call");
        call.putObject("params").put("name", "echo").putObject("arguments");
        byte[] c = dev.mcppol.runtime.mcp.JsonRpc.bytes(call);
        MessageGate.ClientVerdict v = gate.fromClient(c, 0, c.length, s);
        assertThat(v.forward()).isTrue();
        JsonNode sent = Json.MAPPER.readTree(v.toServer(c));
        ObjectNode a = answer.deepCopy();
        a.set("id", sent.get("id"));
        byte[] b = dev.mcppol.runtime.mcp.JsonRpc.bytes(a);
        MessageGate.ServerVerdict sv = gate.fromServer(b, 0, b.length, s);
        assertThat(sv.pass()).isTrue();
        return sv.replacement() != null ? sv.replacement() : b;
    }

    @Provide
    Arbitrary<ObjectNode> answers() {
        Arbitrary<String> texts = Arbitraries.strings().ofMaxLength(20);
        return Combinators.combine(texts, Arbitraries.integers().between(-5, 5), Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as((text, n, error, idFirst) -> {
                    ObjectNode m = Json.NODES.objectNode();
                    if (idFirst) {
                        m.put("id", "placeholder");
                    }
                    m.put("jsonrpc", "2.0");
                    if (error) {
                        m.putObject("error").put("code", n).put("message", text);
                    } else {
                        ObjectNode r = m.putObject("result");
                        r.putArray("content").addObject().put("type", "text").put("text", text);
                        r.put("isError", n > 0);
                        r.putObject("_meta").put("id", text);
                    }
                    return m;
                });
    }

    @Provide
    Arbitrary<JsonNode> clientIds() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(Json.NODES::numberNode),
                Arbitraries.strings().ofMaxLength(12).map(Json.NODES::stringNode));
    }
}

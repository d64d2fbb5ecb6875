package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The SSE relay reads events from bytes as they arrive: where the chunks split must not matter. */
class SseRelayTest {
    private final List<String> gated = new ArrayList<>();
    private final ProxyLog log = new ProxyLog(new ByteArrayOutputStream());

    private SseRelay relay(int max) {
        return new SseRelay(m -> {
            String s = new String(m, StandardCharsets.UTF_8);
            gated.add(s);
            if (s.contains("drop")) {
                return MessageGate.ServerVerdict.DROP;
            }
            if (s.contains("rewrite")) {
                return new MessageGate.ServerVerdict(true, "{\"rewritten\":true}".getBytes(StandardCharsets.UTF_8));
            }
            return MessageGate.ServerVerdict.ORIGINAL;
        }, max, log);
    }

    private static String run(SseRelay r, byte[] stream, int[] cuts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int from = 0;
        for (int cut : cuts) {
            int to = Math.min(Math.max(cut, from), stream.length);
            r.feed(ByteBuffer.wrap(stream, from, to - from), out);
            from = to;
        }
        r.feed(ByteBuffer.wrap(stream, from, stream.length - from), out);
        r.finish(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void gatesEachEventAndKeepsItsOtherLines() {
        String in = "id: 1\r\nevent: message\r\ndata: {\"a\":1}\r\n\r\n"
                + ": a comment\n\n"
                + "data: {\"drop\":1}\n\n"
                + "id: 3\ndata: {\"rewrite\":1}\n\n"
                + "data: {\"multi\":\ndata: 2}\n\n";
        String out = run(relay(1 << 20), in.getBytes(StandardCharsets.UTF_8), new int[0]);
        assertThat(out).isEqualTo("id: 1\nevent: message\ndata: {\"a\":1}\n\n"
                + ": a comment\n\n"
                + "id: 3\ndata: {\"rewritten\":true}\n\n"
                + "data: {\"multi\":\ndata: 2}\n\n");
        assertThat(gated).containsExactly("{\"a\":1}", "{\"drop\":1}", "{\"rewrite\":1}", "{\"multi\":\n2}");
    }

    @Test
    void dropsAnEventOverTheLimitWithoutKeepingIt() {
        String big = "data: {\"x\":\"" + "y".repeat(500) + "\"}\n\n";
        String in = "data: {\"before\":1}\n\n" + big + "data: {\"after\":1}\n\n";
        String out = run(relay(100), in.getBytes(StandardCharsets.UTF_8), new int[] {30, 200, 400});
        assertThat(out).isEqualTo("data: {\"before\":1}\n\ndata: {\"after\":1}\n\n");
        assertThat(gated).containsExactly("{\"before\":1}", "{\"after\":1}");
    }

    /** A relay that reports the id of each event over the limit and answers it with a marker message. */
    private SseRelay oversizeRelay(int max, List<String> ids) {
        return new SseRelay(new SseRelay.ServerMessages() {
            @Override
            public MessageGate.ServerVerdict apply(byte[] m) {
                return MessageGate.ServerVerdict.ORIGINAL;
            }

            @Override
            public byte[] oversize(String idJson, boolean request) {
                ids.add(idJson + (request ? " request" : ""));
                return ("{\"instead\":" + idJson + "}").getBytes(StandardCharsets.UTF_8);
            }
        }, max, log);
    }

    @Property(tries = 200)
    void anEventOverTheLimitIsReplacedByTheAnswerToItsIdWhereverTheChunksSplit(
            @ForAll @IntRange(min = 0, max = 700) int a, @ForAll @IntRange(min = 0, max = 700) int b,
            @ForAll("idPlacements") String message) {
        byte[] bytes = ("data: {\"before\":1}\n\n" + message + "\n\ndata: {\"after\":1}\n\n").getBytes(StandardCharsets.UTF_8);
        List<String> ids = new ArrayList<>();
        String out = run(oversizeRelay(100, ids), bytes, new int[] {Math.min(a, b), Math.max(a, b)});
        boolean request = message.contains("method");
        assertThat(ids).containsExactly("\"k-7\"" + (request ? " request" : ""));
        assertThat(out).isEqualTo("data: {\"before\":1}\n\ndata: {\"instead\":\"k-7\"}\n\ndata: {\"after\":1}\n\n");
    }

    @Provide
    Arbitrary<String> idPlacements() {
        String pad = "y".repeat(300);
        return Arbitraries.of(
                "data: {\"jsonrpc\":\"2.0\",\"id\":\"k-7\",\"result\":{\"pad\":\"" + pad + "\"}}",
                "data: {\"jsonrpc\":\"2.0\",\"result\":{\"pad\":\"" + pad + "\",\"id\":1},\"id\":\"k-7\"}",
                "id: 9\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\ndata: \"result\":{\"pad\":\"" + pad + "\"},\ndata: \"id\":\"k-7\"}",
                "data:{\"id\":\"k-7\",\"method\":\"sampling/createMessage\",\"params\":{\"pad\":\"" + pad + "\"}}");
    }

    @Test
    void deliversALastEventTheStreamEndsWithoutABlankLine() {
        String out = run(relay(1 << 20), "data: {\"end\":1}".getBytes(StandardCharsets.UTF_8), new int[] {3});
        assertThat(out).isEqualTo("data: {\"end\":1}\n\n");
    }

    @Property(tries = 300)
    void theOutputDoesNotDependOnWhereChunksSplit(@ForAll("streams") String stream,
                                                  @ForAll @IntRange(min = 0, max = 400) int a,
                                                  @ForAll @IntRange(min = 0, max = 400) int b,
                                                  @ForAll @IntRange(min = 0, max = 400) int c) {
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        String whole = run(relay(60), bytes, new int[0]);
        int[] cuts = {Math.min(a, b), Math.max(a, b), Math.max(Math.max(a, b), c)};
        assertThat(run(relay(60), bytes, cuts)).isEqualTo(whole);
        int[] everyByte = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            everyByte[i] = i;
        }
        assertThat(run(relay(60), bytes, everyByte)).isEqualTo(whole);
    }

    @Provide
    Arbitrary<String> streams() {
        Arbitrary<String> line = Arbitraries.oneOf(
                Arbitraries.strings().withChars("abcé€{}\":,1 ").ofMaxLength(40).map(s -> "data: " + s),
                Arbitraries.of("id: 7", "event: message", ": keep-alive", "data: {\"drop\":1}", "data: {\"rewrite\":1}", ""));
        Arbitrary<String> end = Arbitraries.of("\n", "\r\n", "\r");
        return Arbitraries.lazy(() -> net.jqwik.api.Combinators.combine(line, end).as((l, e) -> l + e))
                .list().ofMaxSize(12).map(ls -> String.join("", ls));
    }
}

package dev.mcppol.runtime.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Outcome;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The transcript format has one writer and one reader, and they agree: whatever the writer is given
 * (header context, per-record sessions, identities and claims that differ from the header's or are
 * absent, expectations, approvals), the reader resolves every record back to the same values.
 */
class TranscriptRoundTripProperties {

    /** One record as the writer is given it; {@code approval} records carry nothing else. */
    record Written(long dt, boolean c2s, String session, String identity, JsonNode claims, Outcome expect,
                   boolean approval) {
    }

    record Session(String session, String identity, JsonNode claims, List<Written> records) {
    }

    @Property(tries = 300)
    void whatTheWriterWritesTheReaderReadsBack(@ForAll("sessions") Session s) throws Exception {
        StringWriter text = new StringWriter();
        TranscriptWriter w = new TranscriptWriter(text, false);
        w.header(s.session(), s.identity(), s.claims());
        List<Long> times = new ArrayList<>();
        long t = 0;
        int id = 0;
        for (Written r : s.records()) {
            t += r.dt();
            times.add(t);
            if (r.approval()) {
                w.approval(t, approval());
            } else {
                w.message(t, r.c2s(), r.session(), r.identity(), r.claims(), call(++id), r.c2s() && r.expect() != null
                        ? r.expect().word() : null);
            }
        }
        Path file = Files.createTempFile("roundtrip-", ".jsonl");
        try {
            Files.writeString(file, text.toString());
            try (TranscriptReader in = new TranscriptReader(file)) {
                String fileSession = s.session() != null ? s.session()
                        : file.getFileName().toString().replace(".jsonl", "");
                for (int i = 0; i < s.records().size(); i++) {
                    Written want = s.records().get(i);
                    TranscriptRecord got = in.next();
                    assertThat(got).as("record %d", i).isNotNull();
                    assertThat(got.t()).isEqualTo(times.get(i));
                    if (want.approval()) {
                        assertThat(got.approval()).isEqualTo(approval());
                        continue;
                    }
                    assertThat(got.clientToServer()).isEqualTo(want.c2s());
                    assertThat(got.session()).isEqualTo(want.session() != null ? want.session() : fileSession);
                    assertThat(got.identity()).isEqualTo(want.identity());
                    assertThat(got.claims()).isEqualTo(want.claims());
                    assertThat(got.expect() == null ? null : got.expect().outcome())
                            .isEqualTo(want.c2s() ? want.expect() : null);
                }
                assertThat(in.next()).isNull();
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Provide
    Arbitrary<Session> sessions() {
        Arbitrary<String> sessions = Arbitraries.of("s1", "s2", "alpha").injectNull(0.3);
        Arbitrary<String> identities = Arbitraries.of("alice", "bob").injectNull(0.3);
        Arbitrary<JsonNode> claims = Arbitraries.of(claims("a"), claims("b")).injectNull(0.4);
        Arbitrary<Written> records = Combinators.combine(Arbitraries.longs().between(0, 5), Arbitraries.of(true, false),
                sessions, identities, claims, Arbitraries.of(Outcome.class).injectNull(0.3),
                Arbitraries.of(true, false)).as(Written::new);
        return Combinators.combine(sessions, identities, claims, records.list().ofMaxSize(12)).as(Session::new);
    }

    private static JsonNode claims(String group) {
        ObjectNode c = Json.NODES.objectNode();
        c.putArray("groups").add(group);
        return c;
    }

    private static JsonNode call(int id) {
        return Json.MAPPER.readTree("{\"jsonrpc\":\"2.0\",\"id\":" + id
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\",\"arguments\":{}}}");
    }

    private static JsonNode approval() {
        return Json.MAPPER.readTree("{\"id\":\"ap_1\",\"status\":\"approved\",\"tool\":\"echo\",\"argumentsHash\":\"00\","
                + "\"session\":\"s1\",\"rule\":\"r\",\"decidedBy\":\"carol\",\"expiresAt\":2}");
    }
}

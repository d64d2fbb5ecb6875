package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.log.DecisionLog;
import dev.mcppol.runtime.log.Redactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code --log} and {@code --record} on real traffic. */
class RecordingTest {

    @Test
    void logsDecisionsAndRecordsARedactedTranscript(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("decisions.jsonl");
        Path rec = dir.resolve("session.jsonl");
        try (RawStdioClient c = new RawStdioClient(new ProxyConfig().bundle(BundleSource.file(TestServers.bundle("everything")))
                .identity("alice").decisionLog(log, false).record(rec).redact(List.of("message"))
                .command(TestServers.everythingStdio()))) {
            c.initialize();
            c.request(1, "tools/list", "{}");
            c.call(2, "echo", "{\"message\":\"top secret text\"}");
            c.call(3, "get-sum", "{\"a\":500,\"b\":1,\"apiKey\":\"sk-live-123\"}");
            c.call(4, "get-tiny-image", "{}");
            c.call(5, "echo", "[1]");
            assertThat(c.closeAndWait()).isZero();
        }
        List<JsonNode> decisions = Files.readAllLines(log).stream().map(Json.MAPPER::readTree).toList();
        assertThat(decisions).extracting(d -> d.path("outcome").asString()).containsExactly("allow", "deny", "ask", "deny");
        JsonNode deny = decisions.get(1);
        assertThat(deny.path("identity").asString()).isEqualTo("alice");
        // Short session ids: "stdio-" and 8 hex digits in logs, and "s1" in the recording (stable across re-recordings).
        assertThat(deny.path("session").asString()).matches("stdio-[0-9a-f]{8}");
        assertThat(deny.path("rule").asString()).isEqualTo("too_big");
        assertThat(deny.path("argsSha256").asString()).isEqualTo(DecisionLog.argumentsSha256(
                Json.MAPPER.readTree("{\"apiKey\":\"sk-live-123\",\"a\":500,\"b\":1}")));
        assertThat(deny.has("args")).isFalse();
        assertThat(Files.readString(log)).doesNotContain("sk-live-123");

        String text = Files.readString(rec);
        assertThat(text).doesNotContain("sk-live-123").contains(Redactor.MARKER);
        // --redact message hides the argument; the server's echo of it is a result, which no key marks as secret.
        assertThat(text).doesNotContain("\"message\":\"top secret text\"").contains("\"message\":\"[REDACTED]\"");
        List<JsonNode> lines = text.lines().map(Json.MAPPER::readTree).toList();
        assertThat(lines.get(0).path("mcppol").asString()).isEqualTo("transcript/1");
        assertThat(lines.get(0).path("identity").asString()).isEqualTo("alice");
        assertThat(lines.get(0).path("session").asString()).isEqualTo("s1");
        List<String> expects = lines.stream().filter(l -> l.has("expect")).map(l -> l.get("expect").asString()).toList();
        assertThat(expects).containsExactly("allow", "deny", "ask", "deny");
        long previous = 0;
        for (JsonNode l : lines.subList(1, lines.size())) {
            assertThat(l.path("t").asLong()).isGreaterThanOrEqualTo(previous);
            previous = l.path("t").asLong();
            assertThat(l.path("dir").asString()).isIn("c2s", "s2c");
        }
        // The server's tools/list is recorded unfiltered: a replay needs the session's schemas.
        assertThat(text).contains("trigger-long-running-operation");
    }

    @Test
    void logArgsWritesRedactedArguments(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("decisions.jsonl");
        try (RawStdioClient c = new RawStdioClient(new ProxyConfig().bundle(BundleSource.file(TestServers.bundle("everything")))
                .decisionLog(log, true).command(TestServers.everythingStdio()))) {
            c.initialize();
            c.call(1, "get-sum", "{\"a\":1,\"b\":2,\"password\":\"hunter2\"}");
        }
        JsonNode line = Json.MAPPER.readTree(Files.readAllLines(log).get(0));
        assertThat(line.path("args").path("a").asInt()).isEqualTo(1);
        assertThat(line.path("args").path("password").asString()).isEqualTo(Redactor.MARKER);
    }
}

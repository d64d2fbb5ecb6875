package dev.mcppol.policytests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.transcript.TranscriptException;
import dev.mcppol.runtime.transcript.TranscriptLines;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateAndImportTest {

    @TempDir
    Path dir;
    Bundle bundle;

    @BeforeEach
    void compile() throws Exception {
        bundle = HarnessFixture.compile(dir, "demo.mcppol", TranscriptReplayTest.POLICY);
    }

    @Test
    void updateRewritesOnlyTheExpectations() throws Exception {
        String[] lines = {
            "{\"mcppol\":\"transcript/1\",\"session\":\"s\"}",
            // wrong plain outcome, odd spacing around it, expect not last
            "{\"t\":0, \"expect\" :  \"deny\" , \"dir\":\"c2s\",\"msg\":" + TranscriptReplayTest.call(1, "echo", "{}") + "}",
            // object form that still holds: kept byte for byte
            HarnessFixture.rec(1, "write", "{\"path\":\"/etc/x\"}", ",\"expect\":{\"outcome\":\"deny\",\"rule\":\"no_etc\"}"),
            // object form whose rule no longer holds: becomes the plain outcome
            HarnessFixture.rec(2, "write", "{\"path\":\"/etc/y\"}", ",\"expect\":{\"outcome\":\"deny\",\"rule\":\"gone\"}"),
            "{\"t\":3,\"dir\":\"s2c\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}}",
            // no expect, spaced style: one is appended in the same style
            "{\"t\": 4, \"dir\": \"c2s\", \"msg\": " + TranscriptReplayTest.call(5, "nope", "{}") + "}",
            "",
            // unicode and an expect that is already right
            HarnessFixture.rec(5, "write", "{\"path\":\"/w/é✓\"}", ",\"expect\":\"allow\""),
        };
        Path f = dir.resolve("u.jsonl");
        // CRLF line endings and no final newline: both must survive the rewrite.
        Files.writeString(f, String.join("\r\n", lines), StandardCharsets.UTF_8);
        TranscriptUpdater.Result r = new TranscriptUpdater(bundle).update(f);
        assertThat(r.calls()).isEqualTo(5);
        assertThat(r.changed()).isEqualTo(3);
        String after = Files.readString(f, StandardCharsets.UTF_8);
        assertThat(after).doesNotEndWith("\n");
        String[] out = after.split("\r\n", -1);
        assertThat(out).hasSize(lines.length);
        assertThat(out[1]).isEqualTo(lines[1].replace("\"expect\" :  \"deny\" ,", "\"expect\" :  \"allow\" ,"));
        assertThat(out[3]).isEqualTo(lines[3].replace("{\"outcome\":\"deny\",\"rule\":\"gone\"}", "\"deny\""));
        assertThat(out[5]).isEqualTo(lines[5].substring(0, lines[5].length() - 1) + ", \"expect\": \"deny\"}");
        for (int i : new int[] {0, 2, 4, 6, 7}) {
            assertThat(out[i]).as("line %d", i + 1).isEqualTo(lines[i]);
        }
        ReplayReport report = new TestRunner().run(bundle, List.of(f));
        assertThat(report.failed()).isZero();
        assertThat(report.passed()).isEqualTo(5);
        // A second update changes nothing.
        assertThat(new TranscriptUpdater(bundle).update(f).changed()).isZero();
    }

    @Test
    void expectSpanFindsTheValueWhereverItSits() {
        String line = "{\"expect\":{\"outcome\":\"deny\",\"rule\":\"x\"},\"t\":1}";
        int[] s = TranscriptLines.expectSpan(line);
        assertThat(line.substring(s[0], s[1])).isEqualTo("{\"outcome\":\"deny\",\"rule\":\"x\"}");
        String last = "{\"t\":1,\"msg\":{\"expect\":\"nested\"},\"expect\":\"allow\" }";
        s = TranscriptLines.expectSpan(last);
        assertThat(last.substring(s[0], s[1])).isEqualTo("\"allow\"");
        assertThat(TranscriptLines.expectSpan("{\"t\":1,\"msg\":{\"expect\":1}}")).isNull();
    }

    @Test
    void updateRefusesAMalformedTranscriptAndLeavesItAlone() throws Exception {
        Path f = dir.resolve("bad.jsonl");
        String text = HarnessFixture.rec(0, "echo", "{}", "") + "\nnot json\n";
        Files.writeString(f, text);
        assertThatThrownBy(() -> new TranscriptUpdater(bundle).update(f)).isInstanceOf(TranscriptException.class)
                .hasMessageContaining("not valid JSON");
        assertThat(Files.readString(f)).isEqualTo(text);
        assertThat(Files.list(dir).filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
    }

    @Test
    void importsOneMessagePerLineJsonl() throws Exception {
        Path in = dir.resolve("rec.jsonl");
        Files.writeString(in, String.join("\n",
                "{\"ts\":\"2025-03-01T10:00:00Z\",\"dir\":\"client->server\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}}",
                "{\"ts\":\"2025-03-01T10:00:00.250Z\",\"dir\":\"incoming\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}}",
                "{\"ts\":\"2025-03-01T10:00:01.500+00:00\",\"direction\":\"outgoing\",\"message\":"
                        + TranscriptReplayTest.call(2, "echo", "{}") + "}") + "\n");
        Path out = dir.resolve("out.jsonl");
        TranscriptImporter.Result r = new TranscriptImporter().importFile(TranscriptImporter.Format.JSONL, in, out, null, "bob");
        assertThat(r.records()).isEqualTo(3);
        assertThat(r.toolCalls()).isEqualTo(1);
        List<String> lines = Files.readAllLines(out);
        assertThat(Json.MAPPER.readTree(lines.get(0)).get("identity").asString()).isEqualTo("bob");
        assertThat(Json.MAPPER.readTree(lines.get(0)).get("session").asString()).isEqualTo("rec");
        assertThat(Json.MAPPER.readTree(lines.get(2)).get("t").asLong()).isEqualTo(250);
        assertThat(Json.MAPPER.readTree(lines.get(2)).get("dir").asString()).isEqualTo("s2c");
        assertThat(Json.MAPPER.readTree(lines.get(3)).get("t").asLong()).isEqualTo(1500);
        new TranscriptUpdater(bundle).update(out);
        ReplayReport report = new TestRunner().run(bundle, List.of(out));
        assertThat(report.passed()).isEqualTo(1);

        Path epoch = dir.resolve("epoch.jsonl");
        Files.writeString(epoch, "{\"ts\":1700000000000,\"dir\":\"c2s\",\"msg\":{}}\n{\"ts\":1700000000100,\"dir\":\"up\",\"msg\":{}}\n");
        assertThatThrownBy(() -> new TranscriptImporter().importFile(TranscriptImporter.Format.JSONL, epoch,
                dir.resolve("x.jsonl"), null, null)).isInstanceOfSatisfying(TranscriptException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.getMessage()).contains("unknown direction \"up\"");
                });
        assertThat(dir.resolve("x.jsonl")).doesNotExist();
    }

    @Test
    void importRefusesASessionThatIsNotText() throws Exception {
        // Copied as given, a numeric session made a transcript that only `mcppol test` refused, far from its cause.
        Path in = dir.resolve("rec.jsonl");
        Files.writeString(in, "{\"t\":0,\"dir\":\"c2s\",\"session\":7,\"msg\":" + TranscriptReplayTest.call(1, "echo", "{}")
                + "}\n");
        assertThatThrownBy(() -> new TranscriptImporter().importFile(TranscriptImporter.Format.JSONL, in,
                dir.resolve("y.jsonl"), null, null)).isInstanceOfSatisfying(TranscriptException.class, e -> {
                    assertThat(e.line()).isEqualTo(1);
                    assertThat(e.getMessage()).contains("\"session\" must be a string or null");
                });
        assertThat(dir.resolve("y.jsonl")).doesNotExist();
    }

    @Test
    void importsAnMcpRecorderCassette() throws Exception {
        Path in = dir.resolve("cassette.json");
        Files.writeString(in, """
                {"version": "1.0", "metadata": {"recorded_at": "2026-02-17T20:25:23+00:00", "server_url": "http://127.0.0.1:8000"},
                 "interactions": [
                  {"type": "jsonrpc_request", "request": {"method": "initialize", "params": {}, "jsonrpc": "2.0", "id": 0},
                   "response": {"jsonrpc": "2.0", "id": 0, "result": {}}, "response_is_sse": true, "response_status": 200,
                   "latency_ms": 7, "http_method": null, "http_path": null},
                  {"type": "notification", "request": {"method": "notifications/initialized", "jsonrpc": "2.0"},
                   "response": null, "response_status": 202, "latency_ms": 1},
                  {"type": "jsonrpc_request", "request": {"method": "tools/call", "params": {"name": "write",
                   "arguments": {"path": "/etc/hosts"}, "_meta": {"progressToken": 2}}, "jsonrpc": "2.0", "id": 2},
                   "response": {"jsonrpc": "2.0", "id": 2, "result": {"content": [], "isError": false}}, "latency_ms": 18},
                  {"type": "lifecycle", "request": null, "response": null, "latency_ms": 1, "http_method": "DELETE", "http_path": "/mcp"}
                 ]}
                """);
        Path out = dir.resolve("cassette.jsonl");
        TranscriptImporter.Result r = new TranscriptImporter().importFile(TranscriptImporter.Format.MCP_RECORDER, in, out,
                "recorded", null);
        assertThat(r.records()).isEqualTo(5);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(6);
        assertThat(Json.MAPPER.readTree(lines.get(2)).get("t").asLong()).isEqualTo(7);
        assertThat(Json.MAPPER.readTree(lines.get(4)).get("t").asLong()).isEqualTo(8);
        assertThat(Json.MAPPER.readTree(lines.get(5)).get("t").asLong()).isEqualTo(26);
        new TranscriptUpdater(bundle).update(out);
        ReplayReport report = new TestRunner().run(bundle, List.of(out));
        assertThat(report.results()).singleElement().satisfies(c -> {
            assertThat(c.passed()).isTrue();
            assertThat(c.actual().rule()).isEqualTo("no_etc");
            assertThat(c.session()).isEqualTo("recorded");
        });
    }
}

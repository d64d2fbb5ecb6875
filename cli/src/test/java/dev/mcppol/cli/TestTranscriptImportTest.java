package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mcppol transcript import}, then {@code test --update}, then {@code test}: a recording becomes a gate. */
class TestTranscriptImportTest {

    @TempDir
    Path dir;

    @Test
    void bothFormatsImportAndThenPass() throws Exception {
        Path policy = dir.resolve("p.mcppol");
        Files.writeString(policy, "policy p\ndefault deny\ntool add { allow as adds }\n");
        Path jsonl = dir.resolve("rec.log.jsonl");
        Files.writeString(jsonl, String.join("\n",
                "{\"ts\":1700000000000,\"dir\":\"outgoing\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"add\",\"arguments\":{\"a\":1}}}}",
                "{\"ts\":1700000000040,\"dir\":\"incoming\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}}",
                "{\"ts\":1700000000090,\"dir\":\"outgoing\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"rm\",\"arguments\":{}}}}"));
        Path cassette = dir.resolve("golden.json");
        Files.writeString(cassette, """
                {"version": "1.0", "metadata": {}, "interactions": [
                  {"type": "jsonrpc_request", "request": {"jsonrpc": "2.0", "id": 3, "method": "tools/call",
                   "params": {"name": "add", "arguments": {"a": 2}}}, "response": {"jsonrpc": "2.0", "id": 3, "result": {}},
                   "latency_ms": 5}]}
                """);
        Path out = Files.createDirectory(dir.resolve("t"));
        TestCommandTest.Run a = TestCommandTest.run("transcript", "import", "--format", "jsonl", jsonl.toString(), "-o",
                out.resolve("a.jsonl").toString());
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.out()).contains("3 records, 2 tool calls");
        TestCommandTest.Run b = TestCommandTest.run("transcript", "import", cassette.toString(), "-o",
                out.resolve("b.jsonl").toString());
        assertThat(b.code()).as(b.err()).isZero();
        // Imported recordings hold no expectations yet: the gate refuses them rather than pass vacuously.
        assertThat(TestCommandTest.run("test", "--policy", policy.toString(), out.toString()).code()).isEqualTo(2);
        TestCommandTest.Run u = TestCommandTest.run("test", "--policy", policy.toString(), "--update", out.toString());
        assertThat(u.code()).isZero();
        TestCommandTest.Run t = TestCommandTest.run("test", "--policy", policy.toString(), out.toString());
        assertThat(t.code()).isZero();
        assertThat(t.out()).isEqualTo("3 passed, 0 failed\n");
        assertThat(Files.readString(out.resolve("a.jsonl"))).contains("\"expect\":\"deny\"");
    }

    @Test
    void badInputNamesFileAndLine() throws Exception {
        Path jsonl = dir.resolve("bad.jsonl");
        Files.writeString(jsonl, "{\"ts\":0,\"dir\":\"c2s\",\"msg\":{},\"extra\":1}\n");
        TestCommandTest.Run r = TestCommandTest.run("transcript", "import", jsonl.toString(), "-o", dir.resolve("o.jsonl").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(jsonl + ":1: unknown key \"extra\"");
        TestCommandTest.Run f = TestCommandTest.run("transcript", "import", "--format", "har", jsonl.toString(), "-o", "x");
        assertThat(f.code()).isEqualTo(2);
    }
}

package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** {@code --watch}: verified bundles swap in under traffic, bad ones are ignored, counters survive. */
class HotReloadTest {

    private static void replace(Path target, Path with) throws Exception {
        Path tmp = target.resolveSibling("incoming.tmp");
        Files.copy(with, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void awaitReloads(ProxyRunner runner, String kind, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (runner.metrics().render().contains("mcppol_reloads_total{result=\"" + kind + "\"} " + n)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("expected " + n + " " + kind + " reloads:\n" + runner.metrics().render());
    }

    private static void awaitStderr(RawStdioClient c, String text) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!c.stderr().contains(text) && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
    }

    @Test
    void reloadsUnderTrafficWithoutLosingAMessage(@TempDir Path dir) throws Exception {
        Path live = dir.resolve("policy.bundle.json");
        Files.copy(TestServers.bundle("everything"), live);
        try (RawStdioClient c = new RawStdioClient(new ProxyConfig().bundle(BundleSource.file(live)).watch(true)
                .watchIntervalMillis(20).command(TestServers.everythingStdio()))) {
            c.initialize();
            JsonNode before = c.call(1, "get-env", "{}");
            assertThat(before.path("result").path("isError").asBoolean()).isTrue();

            // Calls stream in while the bundle flips back and forth; every one gets exactly one answer.
            Thread flipper = new Thread(() -> {
                try {
                    for (int i = 0; i < 10; i++) {
                        replace(live, TestServers.bundle(i % 2 == 0 ? "everything-open" : "everything"));
                        Thread.sleep(40);
                    }
                    replace(live, TestServers.bundle("everything-open"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            flipper.start();
            Set<Integer> answered = new HashSet<>();
            for (int id = 100; id < 400; id++) {
                c.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"get-sum\","
                        + "\"arguments\":{\"a\":1,\"b\":" + id + "}}}");
            }
            for (int i = 0; i < 300; i++) {
                JsonNode r = c.next();
                assertThat(answered.add(r.path("id").asInt())).as("one answer per id").isTrue();
                // Allowed by both bundles: each answer is the server's own.
                assertThat(r.path("result").path("content").get(0).path("text").asString())
                        .isEqualTo("The sum of 1 and " + r.path("id").asInt() + " is " + (1 + r.path("id").asInt()) + ".");
            }
            assertThat(answered).hasSize(300);
            flipper.join(10_000);
            // Polling may fold two quick replacements into one reload; the last one always lands.
            awaitStderr(c, "reloaded");
            long deadline = System.currentTimeMillis() + 10_000;
            while (!c.runner.policy().engine().bundle().policyName().equals("everything_open")
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }

            JsonNode after = c.call(2, "get-env", "{}");
            assertThat(after.path("result").has("isError")).as("get-env is allowed by everything-open").isFalse();
            assertThat(after.path("result").path("content").get(0).path("text").asString()).contains("PATH");
        }
    }

    @Test
    void aBadBundleIsIgnoredAndCountersSurviveAReload(@TempDir Path dir) throws Exception {
        Path live = dir.resolve("policy.bundle.json");
        Files.copy(TestServers.bundle("everything"), live);
        try (RawStdioClient c = new RawStdioClient(new ProxyConfig().bundle(BundleSource.file(live)).watch(true)
                .watchIntervalMillis(20).command(TestServers.everythingStdio()))) {
            c.initialize();
            for (int i = 0; i < 3; i++) {
                assertThat(c.call(10 + i, "echo", "{\"message\":\"m\"}").path("result").has("isError")).isFalse();
            }
            Path tampered = dir.resolve("tampered.json");
            Files.writeString(tampered, Files.readString(live).replace("no env dumps", "env dumps welcome"));
            replace(live, tampered);
            awaitReloads(c.runner, "rejected", 1);
            // The metric is counted before the log line has crossed the stderr pipe: wait for both.
            awaitStderr(c, "does not match its sha256");
            assertThat(c.stderr()).contains("reload of").contains("rejected").contains("does not match its sha256");
            assertThat(c.call(20, "get-env", "{}").path("result").path("isError").asBoolean()).isTrue();

            // The same policy again, as a new file: limits continue from the 3 calls already admitted.
            replace(live, TestServers.bundle("everything"));
            awaitReloads(c.runner, "ok", 1);
            JsonNode fourth = c.call(21, "echo", "{\"message\":\"m\"}");
            assertThat(fourth.path("result").path("_meta").path("mcppol/decision").path("outcome").asString())
                    .isEqualTo("limit");
        }
    }
}

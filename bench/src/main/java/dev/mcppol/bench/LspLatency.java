package dev.mcppol.bench;

import dev.mcppol.lsp.LanguageServerLauncher;
import dev.mcppol.runtime.json.Json;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.VersionedTextDocumentIdentifier;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.LspLatency [RULES] [KEYSTROKES]}: how long the
 * language server takes from a keystroke ({@code didChange}) to the new diagnostics
 * ({@code publishDiagnostics}) on a generated policy of RULES rules (default 1,000) checked against
 * a snapshot of its tools. The server runs with no debounce delay and speaks JSON-RPC over pipes, so
 * the number is the protocol plus the full check {@code mcppol check} does; an editor adds the
 * debounce delay (150 ms by default) on top. Each keystroke adds or removes a space at the end of a
 * different rule's line. Prints p50 / p95 / max over the timed keystrokes after a warm-up.
 */
public final class LspLatency {

    private LspLatency() {
    }

    public static void main(String[] args) throws Exception {
        int rules = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int keystrokes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int warmup = Math.max(20, keystrokes / 4);
        Path dir = Files.createTempDirectory("mcppol-lsp-bench");
        Workload w = WorkloadGenerator.generate(rules);
        Files.writeString(dir.resolve("bench.tools.json"), snapshot(w));
        String policy = "tools \"bench.tools.json\"\n" + DslWriter.render(w);
        String uri = dir.resolve("bench.mcppol").toUri().toString();

        PipedInputStream serverIn = new PipedInputStream(1 << 20);
        PipedOutputStream toServer = new PipedOutputStream(serverIn);
        PipedInputStream clientIn = new PipedInputStream(1 << 20);
        PipedOutputStream toClient = new PipedOutputStream(clientIn);
        Thread server = new Thread(() -> {
            try {
                LanguageServerLauncher.serve(serverIn, toClient, 0);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "lsp-server");
        server.setDaemon(true);
        server.start();

        Map<Integer, CompletableFuture<Long>> arrived = new ConcurrentHashMap<>();
        Map<Integer, Integer> count = new ConcurrentHashMap<>();
        LanguageClient client = new LanguageClient() {
            public void telemetryEvent(Object o) {
            }

            public void publishDiagnostics(PublishDiagnosticsParams d) {
                long now = System.nanoTime();
                count.put(d.getVersion(), d.getDiagnostics().size());
                arrived.computeIfAbsent(d.getVersion(), v -> new CompletableFuture<>()).complete(now);
            }

            public void showMessage(MessageParams m) {
            }

            public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams r) {
                return CompletableFuture.completedFuture(null);
            }

            public void logMessage(MessageParams m) {
                System.err.println(m.getMessage());
            }
        };
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, clientIn, toServer);
        LanguageServer remote = launcher.getRemoteProxy();
        launcher.startListening();
        InitializeParams init = new InitializeParams();
        init.setCapabilities(new ClientCapabilities());
        remote.initialize(init).get(60, TimeUnit.SECONDS);
        remote.initialized(new InitializedParams());
        remote.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "mcppol", 1,
                policy)));
        arrived.computeIfAbsent(1, v -> new CompletableFuture<>()).get(120, TimeUnit.SECONDS);

        String[] lines = policy.split("\n", -1);
        int[] ruleLines = java.util.stream.IntStream.range(0, lines.length)
                .filter(i -> lines[i].startsWith("  allow") || lines[i].startsWith("  deny")).toArray();
        long[] nanos = new long[keystrokes];
        java.util.Random random = new java.util.Random(42);
        for (int k = 0; k < warmup + keystrokes; k++) {
            int line = ruleLines[random.nextInt(ruleLines.length)];
            lines[line] = lines[line].endsWith(" ") ? lines[line].substring(0, lines[line].length() - 1)
                    : lines[line] + " ";
            int version = k + 2;
            CompletableFuture<Long> done = arrived.computeIfAbsent(version, v -> new CompletableFuture<>());
            long start = System.nanoTime();
            remote.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                    new VersionedTextDocumentIdentifier(uri, version),
                    List.of(new TextDocumentContentChangeEvent(String.join("\n", lines)))));
            long end = done.get(120, TimeUnit.SECONDS);
            if (k >= warmup) {
                nanos[k - warmup] = end - start;
            }
        }
        remote.shutdown().get(30, TimeUnit.SECONDS);
        remote.exit();
        Arrays.sort(nanos);
        System.out.printf("lsp re-check on a keystroke, %,d rules (%d tools, %d diagnostics): p50 %.1f ms, p95 %.1f ms,"
                        + " max %.1f ms over %d keystrokes (debounce 0; editors add %d ms)%n", rules, w.tools().size(),
                count.getOrDefault(warmup + keystrokes + 1, -1), ms(nanos[nanos.length / 2]),
                ms(nanos[(int) (nanos.length * 0.95)]), ms(nanos[nanos.length - 1]), keystrokes,
                dev.mcppol.lsp.McpPolLanguageServer.DEFAULT_DEBOUNCE_MILLIS);
        System.exit(0);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** A tools/list snapshot declaring the arguments the generated rules read, so the schema checks run too. */
    static String snapshot(Workload w) {
        ObjectNode root = Json.NODES.objectNode();
        ArrayNode tools = root.putArray("tools");
        for (Workload.Tool t : w.tools()) {
            ObjectNode tool = tools.addObject();
            tool.put("name", t.name());
            ObjectNode props = tool.putObject("inputSchema").put("type", "object").putObject("properties");
            props.putObject("mode").put("type", "string");
            props.putObject("size").put("type", "integer");
            props.putObject("region").put("type", "string");
            props.putObject("path").put("type", "string");
            props.putObject("user").put("type", "string");
        }
        return Json.MAPPER.writeValueAsString(root);
    }
}

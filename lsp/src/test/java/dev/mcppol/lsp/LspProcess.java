package dev.mcppol.lsp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
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

/**
 * The language server as a real child process ({@code java -cp <test class path>
 * dev.mcppol.lsp.LanguageServerLauncher}), driven through LSP4J's client side over its stdin and
 * stdout. The test that starts one closes it, which shuts the server down and waits for the process.
 */
final class LspProcess implements AutoCloseable {

    /** Diagnostics the server published, latest per document. */
    final Map<String, PublishDiagnosticsParams> published = new ConcurrentHashMap<>();
    final List<String> logs = java.util.Collections.synchronizedList(new ArrayList<>());
    private final Process process;
    final LanguageServer server;
    private final Future<Void> listening;

    LspProcess(Path workDir, long debounceMillis) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "dev.mcppol.lsp.LanguageServerLauncher", "--debounce-ms", String.valueOf(debounceMillis));
        pb.directory(workDir.toFile());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        process = pb.start();
        LanguageClient client = new LanguageClient() {
            @Override
            public void telemetryEvent(Object object) {
            }

            @Override
            public void publishDiagnostics(PublishDiagnosticsParams diagnostics) {
                synchronized (published) {
                    published.put(diagnostics.getUri(), diagnostics);
                    published.notifyAll();
                }
            }

            @Override
            public void showMessage(MessageParams messageParams) {
                logs.add(messageParams.getMessage());
            }

            @Override
            public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams requestParams) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public void logMessage(MessageParams message) {
                logs.add(message.getMessage());
            }
        };
        Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, process.getInputStream(),
                process.getOutputStream());
        server = launcher.getRemoteProxy();
        listening = launcher.startListening();
        InitializeParams init = new InitializeParams();
        init.setCapabilities(new ClientCapabilities());
        init.setWorkspaceFolders(List.of(new org.eclipse.lsp4j.WorkspaceFolder(workDir.toUri().toString(), "work")));
        server.initialize(init).get(60, TimeUnit.SECONDS);
        server.initialized(new InitializedParams());
    }

    void open(String uri, String languageId, String text) {
        server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, languageId, 1,
                text)));
    }

    void change(String uri, int version, String text) {
        server.getTextDocumentService().didChange(new DidChangeTextDocumentParams(
                new VersionedTextDocumentIdentifier(uri, version), List.of(new TextDocumentContentChangeEvent(text))));
    }

    /** Waits (bounded) for published diagnostics of {@code uri} that satisfy {@code condition}. */
    PublishDiagnosticsParams awaitDiagnostics(String uri, Predicate<PublishDiagnosticsParams> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        synchronized (published) {
            while (true) {
                PublishDiagnosticsParams p = published.get(uri);
                if (p != null && condition.test(p)) {
                    return p;
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    throw new AssertionError("no diagnostics as expected for " + uri + "; last: " + p + "; log: " + logs);
                }
                published.wait(left);
            }
        }
    }

    /** Shuts the server down as a client does; the exit code of the process. */
    int shutdown() throws Exception {
        server.shutdown().get(30, TimeUnit.SECONDS);
        server.exit();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the server did not exit after shutdown and exit");
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        listening.cancel(true);
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

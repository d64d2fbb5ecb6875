package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.ClientCapabilities;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.InitializedParams;
import org.eclipse.lsp4j.MessageActionItem;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.ShowMessageRequestParams;
import org.eclipse.lsp4j.TextDocumentItem;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mcppol lsp} from the shaded jar, as editors start it: stdout carries the protocol and nothing else. */
class LspJarIT {

    @Test
    void theJarServesTheProtocolOnStdio(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("../examples/jupyter/jupyter.tools.json"), dir.resolve("jupyter.tools.json"));
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                ShadedJarIT.JAR.toAbsolutePath().toString(), "lsp").directory(dir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        CompletableFuture<PublishDiagnosticsParams> diagnostics = new CompletableFuture<>();
        try {
            LanguageClient client = new LanguageClient() {
                public void telemetryEvent(Object o) {
                }

                public void publishDiagnostics(PublishDiagnosticsParams d) {
                    diagnostics.complete(d);
                }

                public void showMessage(MessageParams m) {
                }

                public CompletableFuture<MessageActionItem> showMessageRequest(ShowMessageRequestParams r) {
                    return CompletableFuture.completedFuture(null);
                }

                public void logMessage(MessageParams m) {
                }
            };
            Launcher<LanguageServer> launcher = LSPLauncher.createClientLauncher(client, p.getInputStream(),
                    p.getOutputStream());
            LanguageServer server = launcher.getRemoteProxy();
            launcher.startListening();
            InitializeParams init = new InitializeParams();
            init.setCapabilities(new ClientCapabilities());
            InitializeResult r = server.initialize(init).get(60, TimeUnit.SECONDS);
            assertThat(r.getServerInfo().getName()).isEqualTo("mcppol");
            server.initialized(new InitializedParams());
            String uri = dir.resolve("p.mcppol").toUri().toString();
            server.getTextDocumentService().didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, "mcppol", 1,
                    "tools \"jupyter.tools.json\"\ntool list_kernel { allow }\n")));
            PublishDiagnosticsParams d = diagnostics.get(60, TimeUnit.SECONDS);
            assertThat(d.getDiagnostics()).extracting(x -> x.getCode().getLeft()).contains("E101");
            server.shutdown().get(30, TimeUnit.SECONDS);
            server.exit();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}

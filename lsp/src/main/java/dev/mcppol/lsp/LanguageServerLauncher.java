package dev.mcppol.lsp;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.eclipse.lsp4j.jsonrpc.Launcher;
import org.eclipse.lsp4j.launch.LSPLauncher;
import org.eclipse.lsp4j.services.LanguageClient;

/** Serves the language server protocol on a pair of streams (stdin/stdout for {@code mcppol lsp}). */
public final class LanguageServerLauncher {
    private LanguageServerLauncher() {
    }

    /**
     * Serves until the client sends {@code exit} or closes the input.
     *
     * @return the exit code the protocol asks for: 0 after {@code shutdown} then {@code exit}, else 1
     */
    public static int serve(InputStream in, OutputStream out, long debounceMillis) throws InterruptedException {
        McpPolLanguageServer server = new McpPolLanguageServer(debounceMillis);
        Launcher<LanguageClient> launcher = LSPLauncher.createServerLauncher(server, in, out);
        server.connect(launcher.getRemoteProxy());
        Future<Void> listening = launcher.startListening();
        CompletableFuture<Object> inputClosed = CompletableFuture.supplyAsync(() -> {
            try {
                return listening.get();
            } catch (InterruptedException | ExecutionException | java.util.concurrent.CancellationException e) {
                return null;
            }
        });
        try {
            Object first = CompletableFuture.anyOf(server.exited(), inputClosed).get();
            return first instanceof Integer code ? code : server.exited().getNow(1);
        } catch (ExecutionException e) {
            return 1;
        } finally {
            listening.cancel(true);
        }
    }

    /** For running the server without the CLI ({@code java -cp … dev.mcppol.lsp.LanguageServerLauncher}). */
    public static void main(String[] args) throws InterruptedException {
        long debounce = McpPolLanguageServer.DEFAULT_DEBOUNCE_MILLIS;
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--debounce-ms")) {
                debounce = Long.parseLong(args[i + 1]);
            }
        }
        System.exit(serve(System.in, System.out, debounce));
    }
}

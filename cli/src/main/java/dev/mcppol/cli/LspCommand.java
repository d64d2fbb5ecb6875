package dev.mcppol.cli;

import dev.mcppol.lsp.LanguageServerLauncher;
import dev.mcppol.lsp.McpPolLanguageServer;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "lsp", description = {"Serve the Language Server Protocol on stdin/stdout, for editors (docs/EDITORS.md).",
        "Diagnostics as `mcppol check` reports them, completion, hover, definitions, rename, formatting, quick fixes.",
        "Exit 0 after the client's shutdown and exit, 1 when the client goes away without them."})
public final class LspCommand implements Callable<Integer> {

    @Option(names = "--debounce-ms", paramLabel = "MILLIS",
            description = "Check a document once it has been unchanged this long (default: ${DEFAULT-VALUE}).")
    long debounceMillis = McpPolLanguageServer.DEFAULT_DEBOUNCE_MILLIS;

    @Override
    public Integer call() throws InterruptedException {
        // The protocol owns stdout: it is used raw, never through picocli's writer.
        return LanguageServerLauncher.serve(new FileInputStream(FileDescriptor.in), new FileOutputStream(FileDescriptor.out),
                debounceMillis);
    }
}

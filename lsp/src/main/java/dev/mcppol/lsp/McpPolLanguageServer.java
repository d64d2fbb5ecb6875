package dev.mcppol.lsp;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.CodeActionOptions;
import org.eclipse.lsp4j.CompletionOptions;
import org.eclipse.lsp4j.InitializeParams;
import org.eclipse.lsp4j.InitializeResult;
import org.eclipse.lsp4j.RenameOptions;
import org.eclipse.lsp4j.ServerCapabilities;
import org.eclipse.lsp4j.ServerInfo;
import org.eclipse.lsp4j.TextDocumentSyncKind;
import org.eclipse.lsp4j.services.LanguageClient;
import org.eclipse.lsp4j.services.LanguageClientAware;
import org.eclipse.lsp4j.services.LanguageServer;
import org.eclipse.lsp4j.services.TextDocumentService;
import org.eclipse.lsp4j.services.WorkspaceService;

/**
 * The mcppol language server: what it offers, and its life cycle. The work is in
 * {@link PolicyTextDocumentService} (per document) and {@link PolicyWorkspaceService} (files changing).
 */
public final class McpPolLanguageServer implements LanguageServer, LanguageClientAware {

    /** How long a document must be quiet before it is checked (a burst of keystrokes is checked once). */
    public static final long DEFAULT_DEBOUNCE_MILLIS = 150;

    private final Session session;
    private final PolicyTextDocumentService documents;
    private final PolicyWorkspaceService workspace;
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    private volatile boolean shutdown;

    public McpPolLanguageServer(long debounceMillis) {
        this.session = new Session(debounceMillis);
        this.documents = new PolicyTextDocumentService(session);
        this.workspace = new PolicyWorkspaceService(session);
    }

    @Override
    public void connect(LanguageClient client) {
        session.connect(client);
    }

    @Override
    public CompletableFuture<InitializeResult> initialize(InitializeParams params) {
        ServerCapabilities c = new ServerCapabilities();
        c.setTextDocumentSync(TextDocumentSyncKind.Full);
        c.setCompletionProvider(new CompletionOptions(false, List.of(" ", ".", "[", "\"")));
        c.setHoverProvider(true);
        c.setDefinitionProvider(true);
        c.setReferencesProvider(true);
        c.setDocumentSymbolProvider(true);
        c.setRenameProvider(new RenameOptions(true));
        c.setDocumentFormattingProvider(true);
        c.setCodeActionProvider(new CodeActionOptions(List.of(CodeActionKind.QuickFix)));
        return CompletableFuture.completedFuture(new InitializeResult(c, new ServerInfo("mcppol", version())));
    }

    @Override
    public CompletableFuture<Object> shutdown() {
        shutdown = true;
        session.close();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void exit() {
        session.close();
        exited.complete(shutdown ? 0 : 1);
    }

    /** Completes with the exit code once the client sent {@code exit} (0 after {@code shutdown}, else 1). */
    public CompletableFuture<Integer> exited() {
        return exited;
    }

    @Override
    public TextDocumentService getTextDocumentService() {
        return documents;
    }

    @Override
    public WorkspaceService getWorkspaceService() {
        return workspace;
    }

    private static String version() {
        String v = McpPolLanguageServer.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}

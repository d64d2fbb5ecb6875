package dev.mcppol.lsp;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Diagnostic;
import org.eclipse.lsp4j.MessageParams;
import org.eclipse.lsp4j.MessageType;
import org.eclipse.lsp4j.PublishDiagnosticsParams;
import org.eclipse.lsp4j.services.LanguageClient;

/**
 * What the services share: the open documents, the checker, the snapshots and the client. Checks
 * run debounced on one thread and always read the document's latest text, so a stale result is
 * never published over a newer one.
 */
final class Session implements AutoCloseable {

    /** How often the files checks depend on are looked at (for changes no editor reports). */
    private static final long WATCH_MILLIS = 1000;

    final OpenDocuments documents = new OpenDocuments();
    final Analyzer analyzer = new Analyzer();
    final Snapshots snapshots = new Snapshots();
    private final WatchedFiles watched = new WatchedFiles();
    private final Debouncer debouncer;
    private volatile LanguageClient client;

    Session(long debounceMillis) {
        this.debouncer = new Debouncer(debounceMillis);
        debouncer.every(WATCH_MILLIS, () -> {
            if (watched.changed()) {
                recheckAll();
            }
        });
    }

    void connect(LanguageClient client) {
        this.client = client;
    }

    /** Checks the document once it has been quiet for the debounce delay. */
    void scheduleCheck(String uri) {
        debouncer.submit(uri, () -> check(uri));
    }

    void recheckAll() {
        for (OpenDocuments.Doc d : documents.all()) {
            scheduleCheck(d.uri());
        }
    }

    /** Checks the latest text of a document now and publishes the findings. */
    Analysis check(String uri) {
        OpenDocuments.Doc d = documents.get(uri);
        if (d == null) {
            return null;
        }
        Analysis a;
        try {
            a = analyzer.analyze(d.uri(), d.path(), d.languageId(), d.text(), d.version());
        } catch (RuntimeException e) {
            log("mcppol: checking " + uri + " failed: " + e);
            return null;
        }
        documents.keep(a);
        List<java.nio.file.Path> deps = new ArrayList<>(a.snapshots());
        java.nio.file.Path dir = a.path().toAbsolutePath().getParent();
        java.nio.file.Path project = dir == null ? null : dev.mcppol.policytests.ProjectConfig.find(dir);
        if (project != null) {
            deps.add(project);
        }
        watched.watch(deps);
        LanguageClient c = client;
        if (c != null && documents.get(uri) != null) {
            List<Diagnostic> sent = new ArrayList<>();
            a.diagnostics().forEach(p -> sent.add(p.sent()));
            c.publishDiagnostics(new PublishDiagnosticsParams(uri, sent, d.version()));
        }
        return a;
    }

    /** The latest check of a document, made now if the document changed since (requests need it current). */
    Analysis current(String uri) {
        OpenDocuments.Doc d = documents.get(uri);
        Analysis a = documents.analysis(uri);
        if (d == null) {
            return null;
        }
        if (a == null || a.version() != d.version() || !a.lines().text().equals(d.text())) {
            a = analyzer.analyze(d.uri(), d.path(), d.languageId(), d.text(), d.version());
            documents.keep(a);
        }
        return a;
    }

    void clear(String uri) {
        LanguageClient c = client;
        if (c != null) {
            c.publishDiagnostics(new PublishDiagnosticsParams(uri, List.of()));
        }
    }

    void log(String message) {
        LanguageClient c = client;
        if (c != null) {
            c.logMessage(new MessageParams(MessageType.Log, message));
        }
    }

    @Override
    public void close() {
        debouncer.close();
    }
}

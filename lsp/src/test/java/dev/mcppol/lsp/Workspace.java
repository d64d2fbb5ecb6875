package dev.mcppol.lsp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.TextDocumentIdentifier;
import org.eclipse.lsp4j.TextDocumentItem;

/**
 * A folder with a {@code tools/list} snapshot and the server's services in process, for tests of
 * one feature at a time (the stdio test covers the process and the protocol end to end).
 */
final class Workspace implements AutoCloseable {

    /** A snapshot with nesting, arrays, enums and descriptions, beside the Jupyter example's tools. */
    static final String SNAPSHOT = """
            {"tools": [
              {"name": "deploy", "description": "Deploy a service.",
               "inputSchema": {"type": "object", "required": ["service"], "properties": {
                 "service": {"type": "string", "description": "Service to deploy."},
                 "config": {"type": "object", "properties": {
                   "region": {"type": "string", "enum": ["eu-west", "us-east"]},
                   "replicas": {"type": "integer"}}},
                 "tags": {"type": "array", "items": {"type": "string"}},
                 "targets": {"type": "array", "items": {"type": "object", "properties": {"host": {"type": "string"}}}},
                 "dry_run": {"type": "boolean"}}}},
              {"name": "read-file", "description": "Read a file.",
               "inputSchema": {"type": "object", "properties": {"path": {"type": "string"}}}},
              {"name": "list_files", "inputSchema": {"type": "object", "properties": {}}}
            ]}
            """;

    final Path dir;
    final Session session = new Session(10);
    final PolicyTextDocumentService docs = new PolicyTextDocumentService(session);
    private int n;

    Workspace(Path dir) throws Exception {
        this.dir = dir;
        Files.writeString(dir.resolve("deploy.tools.json"), SNAPSHOT);
    }

    /** Opens a document named {@code name} with {@code text}; its URI. */
    String open(String name, String text) {
        String uri = dir.resolve(name).toUri().toString();
        docs.didOpen(new DidOpenTextDocumentParams(new TextDocumentItem(uri, name.endsWith(".mcppol") ? "mcppol"
                : "yaml", ++n, text)));
        return uri;
    }

    View view(String uri) {
        return View.of(session.documents.get(uri), session.snapshots);
    }

    Analysis analysis(String uri) {
        return session.current(uri);
    }

    /** Completion at the first {@code |} of {@code textWithCursor} (which is removed). */
    List<CompletionItem> complete(String textWithCursor) throws Exception {
        int at = textWithCursor.indexOf('|');
        String text = textWithCursor.substring(0, at) + textWithCursor.substring(at + 1);
        String uri = open("c" + n + ".mcppol", text);
        Position p = new TextLines(text).position(at);
        var r = docs.completion(new CompletionParams(new TextDocumentIdentifier(uri), p)).get(30, TimeUnit.SECONDS);
        return r.getLeft();
    }

    static List<String> labels(List<CompletionItem> items) {
        return items.stream().map(CompletionItem::getLabel).toList();
    }

    @Override
    public void close() {
        session.close();
    }
}

package dev.mcppol.lsp;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The documents the client has open: their latest text, version and last check. */
final class OpenDocuments {

    /** One open document; replaced whole on every change. */
    record Doc(String uri, Path path, String languageId, String text, int version) {
    }

    private final Map<String, Doc> docs = new ConcurrentHashMap<>();
    private final Map<String, Analysis> analyses = new ConcurrentHashMap<>();

    void open(String uri, String languageId, String text, int version) {
        docs.put(uri, new Doc(uri, path(uri), languageId, text, version));
    }

    void change(String uri, String text, int version) {
        Doc d = docs.get(uri);
        docs.put(uri, new Doc(uri, path(uri), d == null ? null : d.languageId(), text, version));
    }

    void close(String uri) {
        docs.remove(uri);
        analyses.remove(uri);
    }

    Doc get(String uri) {
        return docs.get(uri);
    }

    List<Doc> all() {
        return List.copyOf(docs.values());
    }

    Analysis analysis(String uri) {
        return analyses.get(uri);
    }

    /** Keeps a check unless a newer one of the same document is already kept. */
    void keep(Analysis a) {
        analyses.merge(a.uri(), a, (old, now) -> now.version() >= old.version() ? now : old);
    }

    /** A file URI as a path; other schemes as a path named after the URI, so messages stay readable. */
    static Path path(String uri) {
        try {
            URI u = URI.create(uri);
            if ("file".equals(u.getScheme())) {
                return Path.of(u);
            }
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            // not a file URI: fall through
        }
        return Path.of(uri.replaceAll("[^A-Za-z0-9._-]", "_"));
    }
}

package dev.mcppol.lsp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What requests (completion, hover, navigation) read: the document's current text, its syntax map
 * and the tools of the snapshots it names. Cheaper than a check, and available while the file does
 * not parse (the compiler binds schemas only to a policy without syntax errors; completion is most
 * needed exactly then).
 */
record View(OpenDocuments.Doc doc, DocumentKind kind, TextLines lines, PolicySyntax syntax, List<Path> snapshotFiles,
            Map<String, JsonNode> tools) {

    static View of(OpenDocuments.Doc doc, Snapshots snapshots) {
        TextLines lines = new TextLines(doc.text());
        DocumentKind kind = DocumentKind.of(doc.path(), doc.languageId(), doc.text());
        PolicySyntax syntax = kind == DocumentKind.DSL ? PolicySyntax.parse(lines) : null;
        List<Path> files = new ArrayList<>(Analyzer.projectTools(doc.path()));
        if (syntax != null) {
            Path dir = doc.path().toAbsolutePath().getParent();
            syntax.schemaFiles.forEach(s -> files.add(dir.resolve(s.name()).normalize()));
        }
        return new View(doc, kind, lines, syntax, List.copyOf(files), snapshots.tools(files));
    }

    String uri() {
        return doc.uri();
    }

    /** The snapshot entries a tool block's target covers: the tool itself, or every tool a glob matches. */
    Map<String, JsonNode> covered(String target) {
        Map<String, JsonNode> out = new java.util.TreeMap<>();
        if (target == null) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : tools.entrySet()) {
            if (e.getKey().equals(target) || (dev.mcppol.runtime.model.Globs.isGlob(target)
                    && dev.mcppol.runtime.model.Globs.matches(target, e.getKey()))) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }
}

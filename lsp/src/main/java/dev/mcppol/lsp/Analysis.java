package dev.mcppol.lsp;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.diag.Diagnostic;
import java.nio.file.Path;
import java.util.List;

/**
 * One check of one version of a document: the compiler's result, the file's syntax map (the
 * policy language only) and each finding with the protocol diagnostic it was published as.
 *
 * @param result    null for files the compiler does not read (the project file, other files)
 * @param syntax    null unless the document is in the policy language
 * @param snapshots the {@code tools/list} files the policy was checked against (watched for changes)
 */
record Analysis(String uri, Path path, int version, DocumentKind kind, TextLines lines, CompileResult result,
                PolicySyntax syntax, List<Path> snapshots, List<Published> diagnostics) {

    /** A compiler finding (null for a project-file error) and what the client was sent for it. */
    record Published(Diagnostic finding, org.eclipse.lsp4j.Diagnostic sent) {
    }

    Analysis {
        snapshots = List.copyOf(snapshots);
        diagnostics = List.copyOf(diagnostics);
    }
}

package dev.mcppol.lsp;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.Severity;
import dev.mcppol.policytests.ProjectConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * Checks one document version exactly as {@code mcppol check} checks the file (same compiler, same
 * checks, same codes, spans and help), on the editor's text instead of the saved file. A policy that
 * a {@code mcppol.yaml} names is also checked against that file's {@code tools}, as {@code mcppol
 * test} does.
 */
final class Analyzer {

    private static final Pattern LOCATED = Pattern.compile("^.*?:(\\d+):(\\d+): (.*)$", Pattern.DOTALL);

    Analysis analyze(String uri, Path path, String languageId, String text, int version) {
        TextLines lines = new TextLines(text);
        DocumentKind kind = DocumentKind.of(path, languageId, text);
        switch (kind) {
            case DSL, IMPORTED -> {
                PolicySyntax syntax = kind == DocumentKind.DSL ? PolicySyntax.parse(lines) : null;
                List<Path> extra = projectTools(path);
                CompileResult result = PolicyCompiler.withAllChecks().check(path, text,
                        PolicyCompiler.Options.defaults().withTools(extra));
                List<Path> snapshots = new ArrayList<>(extra);
                if (syntax != null) {
                    Path dir = path.toAbsolutePath().getParent();
                    syntax.schemaFiles.forEach(s -> snapshots.add(dir.resolve(s.name()).normalize()));
                }
                List<Analysis.Published> published = new ArrayList<>();
                for (Diagnostic d : result.diagnostics().sorted()) {
                    published.add(new Analysis.Published(d, LspDiagnostics.of(d, path.toString(), lines)));
                }
                return new Analysis(uri, path, version, kind, lines, result, syntax, snapshots, published);
            }
            case PROJECT_FILE -> {
                return new Analysis(uri, path, version, kind, lines, null, null, List.of(), projectFile(path, text));
            }
            default -> {
                return new Analysis(uri, path, version, kind, lines, null, null, List.of(), List.of());
            }
        }
    }

    /** The {@code tools} of the nearest {@code mcppol.yaml} when its {@code policy} is this file; else none. */
    static List<Path> projectTools(Path policy) {
        Path dir = policy.toAbsolutePath().getParent();
        Path file = dir == null ? null : ProjectConfig.find(dir);
        if (file == null) {
            return List.of();
        }
        try {
            ProjectConfig config = ProjectConfig.read(file);
            return config.policy().toAbsolutePath().normalize().equals(policy.toAbsolutePath().normalize())
                    ? config.tools().stream().map(p -> p.toAbsolutePath().normalize()).toList() : List.of();
        } catch (IOException | ProjectConfig.ProjectFileException e) {
            return List.of();
        }
    }

    /** The project file read as {@code mcppol test} reads it (from the editor's text, via a scratch copy). */
    private static List<Analysis.Published> projectFile(Path path, String text) {
        Path scratch = null;
        try {
            // ProjectConfig reads files; the buffer may be unsaved. A sibling-free temp folder keeps
            // relative paths meaningless, so only the file's own structure is judged here.
            Path dir = java.nio.file.Files.createTempDirectory("mcppol-lsp");
            scratch = dir.resolve(ProjectConfig.FILE_NAME);
            java.nio.file.Files.writeString(scratch, text);
            ProjectConfig.read(scratch);
            return List.of();
        } catch (ProjectConfig.ProjectFileException e) {
            Matcher m = LOCATED.matcher(e.getMessage());
            Range r = new Range(new Position(0, 0), new Position(0, 0));
            String message = e.getMessage().replace(scratch.toString(), path.toString());
            if (m.matches()) {
                int line = Integer.parseInt(m.group(1)) - 1;
                int col = Math.max(0, Integer.parseInt(m.group(2)) - 1);
                r = new Range(new Position(line, col), new Position(line, col + 1));
                message = m.group(3);
            }
            org.eclipse.lsp4j.Diagnostic d = new org.eclipse.lsp4j.Diagnostic(r, message, DiagnosticSeverity.Error,
                    LspDiagnostics.SOURCE);
            return List.of(new Analysis.Published(null, d));
        } catch (IOException e) {
            return List.of();
        } finally {
            if (scratch != null) {
                try {
                    java.nio.file.Files.deleteIfExists(scratch);
                    java.nio.file.Files.deleteIfExists(scratch.getParent());
                } catch (IOException e) {
                    // a temp file left behind is harmless
                }
            }
        }
    }

    static DiagnosticSeverity severity(Severity s) {
        return s == Severity.ERROR ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning;
    }
}

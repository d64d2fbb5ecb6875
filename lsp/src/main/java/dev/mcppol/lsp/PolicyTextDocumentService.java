package dev.mcppol.lsp;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.fmt.Formatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionParams;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionList;
import org.eclipse.lsp4j.CompletionParams;
import org.eclipse.lsp4j.DefinitionParams;
import org.eclipse.lsp4j.DidChangeTextDocumentParams;
import org.eclipse.lsp4j.DidCloseTextDocumentParams;
import org.eclipse.lsp4j.DidOpenTextDocumentParams;
import org.eclipse.lsp4j.DidSaveTextDocumentParams;
import org.eclipse.lsp4j.DocumentFormattingParams;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.DocumentSymbolParams;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.LocationLink;
import org.eclipse.lsp4j.PrepareRenameDefaultBehavior;
import org.eclipse.lsp4j.PrepareRenameParams;
import org.eclipse.lsp4j.PrepareRenameResult;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.ReferenceParams;
import org.eclipse.lsp4j.RenameParams;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;
import org.eclipse.lsp4j.jsonrpc.messages.Either3;
import org.eclipse.lsp4j.services.TextDocumentService;

/** The per-document protocol: text sync (full), checks, and the requests, each a small class of its own. */
final class PolicyTextDocumentService implements TextDocumentService {

    private final Session session;

    PolicyTextDocumentService(Session session) {
        this.session = session;
    }

    @Override
    public void didOpen(DidOpenTextDocumentParams params) {
        var d = params.getTextDocument();
        session.documents.open(d.getUri(), d.getLanguageId(), d.getText(), d.getVersion());
        session.scheduleCheck(d.getUri());
    }

    @Override
    public void didChange(DidChangeTextDocumentParams params) {
        var changes = params.getContentChanges();
        if (changes.isEmpty()) {
            return;
        }
        // Full sync: the last change holds the whole text.
        String uri = params.getTextDocument().getUri();
        session.documents.change(uri, changes.get(changes.size() - 1).getText(), params.getTextDocument().getVersion());
        session.scheduleCheck(uri);
    }

    @Override
    public void didClose(DidCloseTextDocumentParams params) {
        String uri = params.getTextDocument().getUri();
        session.documents.close(uri);
        session.clear(uri);
    }

    @Override
    public void didSave(DidSaveTextDocumentParams params) {
        // A saved snapshot or project file changes what other documents are checked against.
        session.recheckAll();
    }

    @Override
    public CompletableFuture<Either<List<CompletionItem>, CompletionList>> completion(CompletionParams params) {
        return compute(() -> {
            View v = view(params.getTextDocument().getUri());
            List<CompletionItem> items = v == null || v.kind() != DocumentKind.DSL ? List.of()
                    : Completions.at(v, params.getPosition());
            return Either.forLeft(items);
        });
    }

    @Override
    public CompletableFuture<Hover> hover(HoverParams params) {
        return compute(() -> {
            String uri = params.getTextDocument().getUri();
            View v = view(uri);
            // The check's findings (why a rule never fires) only when they are of this very text.
            Analysis a = session.documents.analysis(uri);
            if (a != null && v != null && a.version() != v.doc().version()) {
                a = null;
            }
            return v == null ? null : Hovers.at(v, a, params.getPosition());
        });
    }

    @Override
    public CompletableFuture<Either<List<? extends Location>, List<? extends LocationLink>>> definition(
            DefinitionParams params) {
        return compute(() -> {
            View v = view(params.getTextDocument().getUri());
            return Either.forLeft(v == null ? List.of() : Navigation.definition(v, session.snapshots, params.getPosition()));
        });
    }

    @Override
    public CompletableFuture<List<? extends Location>> references(ReferenceParams params) {
        return compute(() -> {
            View v = view(params.getTextDocument().getUri());
            return v == null ? List.of() : Navigation.references(v, params.getPosition(),
                    params.getContext() == null || params.getContext().isIncludeDeclaration());
        });
    }

    @Override
    public CompletableFuture<List<Either<SymbolInformation, DocumentSymbol>>> documentSymbol(
            DocumentSymbolParams params) {
        return compute(() -> {
            View v = view(params.getTextDocument().getUri());
            return v == null ? List.of() : Navigation.symbols(v).stream()
                    .map(Either::<SymbolInformation, DocumentSymbol>forRight).toList();
        });
    }

    @Override
    public CompletableFuture<Either3<Range, PrepareRenameResult, PrepareRenameDefaultBehavior>> prepareRename(
            PrepareRenameParams params) {
        return compute(() -> {
            View v = view(params.getTextDocument().getUri());
            Range r = v == null ? null : Navigation.prepareRename(v, params.getPosition());
            return r == null ? null : Either3.forFirst(r);
        });
    }

    @Override
    public CompletableFuture<WorkspaceEdit> rename(RenameParams params) {
        return compute(() -> {
            View v = view(params.getTextDocument().getUri());
            return v == null ? null : Navigation.rename(v, params.getPosition(), params.getNewName());
        });
    }

    /** {@code mcppol fmt}: the whole document, or no edit when it has syntax errors (they are already shown). */
    @Override
    public CompletableFuture<List<? extends TextEdit>> formatting(DocumentFormattingParams params) {
        return compute(() -> {
            View v = view(params.getTextDocument().getUri());
            if (v == null || v.kind() != DocumentKind.DSL) {
                return List.of();
            }
            String text = v.lines().text();
            String formatted = Formatter.format(v.doc().path().toString(), text, new Diagnostics());
            if (formatted == null || formatted.equals(text)) {
                return List.of();
            }
            return List.of(new TextEdit(new Range(v.lines().position(0), v.lines().position(text.length())), formatted));
        });
    }

    @Override
    public CompletableFuture<List<Either<Command, CodeAction>>> codeAction(CodeActionParams params) {
        return compute(() -> {
            Analysis a = session.current(params.getTextDocument().getUri());
            if (a == null) {
                return List.of();
            }
            return CodeActions.at(a, params.getRange()).stream().map(Either::<Command, CodeAction>forRight).toList();
        });
    }

    private View view(String uri) {
        OpenDocuments.Doc d = session.documents.get(uri);
        return d == null ? null : View.of(d, session.snapshots);
    }

    /** Requests are answered off the protocol thread, so a slow one never holds up the next message. */
    private static <T> CompletableFuture<T> compute(Supplier<T> work) {
        return CompletableFuture.supplyAsync(work);
    }
}

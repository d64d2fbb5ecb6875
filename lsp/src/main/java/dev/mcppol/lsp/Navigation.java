package dev.mcppol.lsp;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.ResponseErrorException;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseError;
import org.eclipse.lsp4j.jsonrpc.messages.ResponseErrorCode;

/**
 * Definition, references, rename and the outline: limits (declared once, used anywhere), rule ids,
 * and tools, whose definition is their entry in the {@code tools/list} snapshot.
 */
final class Navigation {

    private static final String IDENT = "[A-Za-z_][A-Za-z0-9_]*";

    private Navigation() {
    }

    static List<Location> definition(View view, Snapshots snapshots, Position pos) {
        PolicySyntax s = view.syntax();
        if (s == null) {
            return List.of();
        }
        String limit = limitAt(s, pos);
        if (limit != null) {
            PolicySyntax.LimitDefinition l = s.limit(limit);
            return l == null ? List.of() : List.of(new Location(view.uri(), l.nameRange()));
        }
        String tool = toolAt(s, pos);
        if (tool != null) {
            List<Location> out = new ArrayList<>();
            for (String name : view.covered(tool).keySet()) {
                Location at = snapshots.locate(name, view.snapshotFiles());
                if (at != null) {
                    out.add(at);
                }
            }
            return out;
        }
        for (PolicySyntax.Named f : s.schemaFiles) {
            if (TextLines.contains(f.range(), pos)) {
                Path file = view.doc().path().toAbsolutePath().getParent().resolve(f.name()).normalize();
                return List.of(new Location(file.toUri().toString(), new Range(new Position(0, 0), new Position(0, 0))));
            }
        }
        return List.of();
    }

    static List<Location> references(View view, Position pos, boolean includeDeclaration) {
        PolicySyntax s = view.syntax();
        String limit = s == null ? null : limitAt(s, pos);
        if (limit == null) {
            return List.of();
        }
        List<Location> out = new ArrayList<>();
        PolicySyntax.LimitDefinition def = s.limit(limit);
        if (includeDeclaration && def != null) {
            out.add(new Location(view.uri(), def.nameRange()));
        }
        for (PolicySyntax.Named u : s.limitUses) {
            if (u.name().equals(limit)) {
                out.add(new Location(view.uri(), u.range()));
            }
        }
        return out;
    }

    /** The range of the limit name or rule id under the cursor; null when nothing there can be renamed. */
    static Range prepareRename(View view, Position pos) {
        PolicySyntax s = view.syntax();
        if (s == null) {
            return null;
        }
        for (PolicySyntax.LimitDefinition l : s.limits) {
            if (TextLines.contains(l.nameRange(), pos)) {
                return l.nameRange();
            }
        }
        for (PolicySyntax.Named u : s.limitUses) {
            if (TextLines.contains(u.range(), pos)) {
                return u.range();
            }
        }
        for (PolicySyntax.RuleSite r : s.rules) {
            if (r.idRange() != null && TextLines.contains(r.idRange(), pos)) {
                return r.idRange();
            }
        }
        return null;
    }

    static WorkspaceEdit rename(View view, Position pos, String newName) {
        PolicySyntax s = view.syntax();
        if (s == null) {
            return null;
        }
        List<TextEdit> edits = new ArrayList<>();
        String limit = limitAt(s, pos);
        if (limit != null) {
            if (!newName.matches(IDENT)) {
                throw invalid("a limit name is a letter or _ followed by letters, digits or _");
            }
            if (!newName.equals(limit) && s.limit(newName) != null) {
                throw invalid("a limit named '" + newName + "' already exists");
            }
            PolicySyntax.LimitDefinition def = s.limit(limit);
            if (def != null) {
                edits.add(new TextEdit(def.nameRange(), newName));
            }
            for (PolicySyntax.Named u : s.limitUses) {
                if (u.name().equals(limit)) {
                    edits.add(new TextEdit(u.range(), newName));
                }
            }
        } else {
            for (PolicySyntax.RuleSite r : s.rules) {
                if (r.idRange() != null && TextLines.contains(r.idRange(), pos)) {
                    for (PolicySyntax.RuleSite other : s.rules) {
                        if (other != r && newName.equals(other.id())) {
                            throw invalid("another rule is already called '" + newName + "'");
                        }
                    }
                    edits.add(new TextEdit(r.idRange(), newName.matches(IDENT) ? newName
                            : dev.mcppol.runtime.model.Texts.quote(newName)));
                }
            }
        }
        if (edits.isEmpty()) {
            return null;
        }
        Map<String, List<TextEdit>> changes = new HashMap<>();
        changes.put(view.uri(), edits);
        return new WorkspaceEdit(changes);
    }

    static List<DocumentSymbol> symbols(View view) {
        PolicySyntax s = view.syntax();
        List<DocumentSymbol> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        for (PolicySyntax.Named f : s.schemaFiles) {
            out.add(new DocumentSymbol(f.name(), SymbolKind.File, f.range(), f.range(), "tools/list snapshot"));
        }
        for (PolicySyntax.LimitDefinition l : s.limits) {
            out.add(new DocumentSymbol(l.name(), SymbolKind.Variable, l.range(), l.nameRange(), l.spec()));
        }
        for (PolicySyntax.ToolBlock b : s.tools) {
            DocumentSymbol tool = new DocumentSymbol(b.name(), SymbolKind.Class, b.range(), b.nameRange(), "tool");
            List<DocumentSymbol> children = new ArrayList<>();
            for (PolicySyntax.RuleSite r : s.rules) {
                if (TextLines.contains(b.range(), r.range().getStart())) {
                    String name = r.id() != null ? r.id() : r.effect() + " (line " + (r.range().getStart().getLine() + 1)
                            + ")";
                    children.add(new DocumentSymbol(name, SymbolKind.Method, r.range(),
                            r.idRange() != null ? r.idRange() : r.range(), r.effect()));
                }
            }
            tool.setChildren(children);
            out.add(tool);
        }
        for (PolicySyntax.Named h : s.hidden) {
            out.add(new DocumentSymbol(h.name(), SymbolKind.Constant, h.range(), h.range(), "hidden"));
        }
        out.sort(java.util.Comparator.comparingInt((DocumentSymbol d) -> d.getRange().getStart().getLine())
                .thenComparingInt(d -> d.getRange().getStart().getCharacter()));
        return out;
    }

    private static String limitAt(PolicySyntax s, Position pos) {
        for (PolicySyntax.LimitDefinition l : s.limits) {
            if (TextLines.contains(l.nameRange(), pos)) {
                return l.name();
            }
        }
        for (PolicySyntax.Named u : s.limitUses) {
            if (TextLines.contains(u.range(), pos)) {
                return u.name();
            }
        }
        return null;
    }

    private static String toolAt(PolicySyntax s, Position pos) {
        for (PolicySyntax.ToolBlock b : s.tools) {
            if (TextLines.contains(b.nameRange(), pos)) {
                return b.name();
            }
        }
        for (PolicySyntax.Named h : s.hidden) {
            if (TextLines.contains(h.range(), pos)) {
                return h.name();
            }
        }
        return null;
    }

    private static ResponseErrorException invalid(String message) {
        return new ResponseErrorException(new ResponseError(ResponseErrorCode.InvalidParams, message, null));
    }
}

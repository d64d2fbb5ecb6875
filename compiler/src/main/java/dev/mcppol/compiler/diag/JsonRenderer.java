package dev.mcppol.compiler.diag;

import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.json.Json;
import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Diagnostics as one JSON document, for editors and scripts:
 * {@code {"diagnostics":[{"code","severity","message","help","file","line","column","endLine","endColumn"}],
 * "errors":N,"warnings":N}}. Positions are 1-based; unknown positions are left out.
 */
public final class JsonRenderer {

    public String render(List<Diagnostic> diagnostics) {
        ObjectNode root = Json.NODES.objectNode();
        ArrayNode items = root.putArray("diagnostics");
        long errors = 0;
        for (Diagnostic d : diagnostics) {
            ObjectNode o = items.addObject();
            o.put("code", d.code());
            o.put("severity", d.severity().word());
            o.put("title", d.kind().title());
            o.put("message", d.message());
            if (d.help() != null) {
                o.put("help", d.help());
            }
            Span s = d.span();
            o.put("file", s.file());
            if (s.known()) {
                o.put("line", s.line());
                o.put("column", s.col());
                o.put("endLine", s.endLine());
                o.put("endColumn", s.endCol());
            }
            errors += d.isError() ? 1 : 0;
        }
        root.put("errors", errors);
        root.put("warnings", diagnostics.size() - errors);
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }
}

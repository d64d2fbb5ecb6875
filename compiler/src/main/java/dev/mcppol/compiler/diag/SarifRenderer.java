package dev.mcppol.compiler.diag;

import dev.mcppol.compiler.ir.Span;
import dev.mcppol.runtime.json.Json;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Diagnostics as SARIF 2.1.0, the shape GitHub code scanning uploads: one run, the tool's rules
 * (one per diagnostic code that occurs), one result per diagnostic. File names become relative URIs
 * with forward slashes, as code scanning resolves them against the repository root.
 */
public final class SarifRenderer {

    public static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private final String version;

    /** @param version the tool's version, as {@code driver.version} */
    public SarifRenderer(String version) {
        this.version = version;
    }

    public String render(List<Diagnostic> diagnostics) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("$schema", SCHEMA);
        root.put("version", "2.1.0");
        ObjectNode run = root.putArray("runs").addObject();
        ObjectNode driver = run.putObject("tool").putObject("driver");
        driver.put("name", "mcppol");
        driver.put("version", version);
        Map<String, DiagnosticKind> kinds = new TreeMap<>();
        for (Diagnostic d : diagnostics) {
            kinds.put(d.code(), d.kind());
        }
        ArrayNode rules = driver.putArray("rules");
        Map<String, Integer> ruleIndex = new TreeMap<>();
        for (DiagnosticKind k : kinds.values()) {
            ruleIndex.put(k.code(), rules.size());
            ObjectNode r = rules.addObject();
            r.put("id", k.code());
            r.put("name", name(k));
            r.putObject("shortDescription").put("text", k.title());
            r.putObject("defaultConfiguration").put("level", level(k.severity()));
            // No helpUri: the project has no published URL; the codes are documented in docs/CHECKS.md.
            r.putObject("help").put("text", "see docs/CHECKS.md, " + k.code());
        }
        ArrayNode results = run.putArray("results");
        for (Diagnostic d : diagnostics) {
            ObjectNode res = results.addObject();
            res.put("ruleId", d.code());
            res.put("ruleIndex", ruleIndex.get(d.code()));
            res.put("level", level(d.severity()));
            res.putObject("message").put("text", d.help() == null ? d.message() : d.message() + "\nhelp: " + d.help());
            ObjectNode physical = res.putArray("locations").addObject().putObject("physicalLocation");
            Span s = d.span();
            physical.putObject("artifactLocation").put("uri", uri(s.file()));
            if (s.known()) {
                ObjectNode region = physical.putObject("region");
                region.put("startLine", s.line());
                region.put("startColumn", Math.max(1, s.col()));
                region.put("endLine", Math.max(s.line(), s.endLine()));
                // SARIF's endColumn is exclusive; spans end inclusive.
                region.put("endColumn", Math.max(1, s.endCol()) + 1);
            }
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    static String level(Severity s) {
        return s == Severity.ERROR ? "error" : "warning";
    }

    /** A PascalCase name from the kind (TYPE_MISMATCH → TypeMismatch), as SARIF viewers show rule names. */
    private static String name(DiagnosticKind k) {
        StringBuilder b = new StringBuilder();
        for (String w : k.name().split("_")) {
            if (!w.isEmpty()) {
                b.append(w.charAt(0)).append(w.substring(1).toLowerCase(java.util.Locale.ROOT));
            }
        }
        return b.toString();
    }

    /** A relative path as a URI reference: forward slashes, each segment percent-encoded where needed. */
    static String uri(String file) {
        String path = file.replace('\\', '/');
        java.util.List<String> segs = new java.util.ArrayList<>();
        for (String seg : path.split("/", -1)) {
            segs.add(java.net.URLEncoder.encode(seg, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        String joined = String.join("/", segs);
        return path.startsWith("/") ? "file://" + joined : joined;
    }
}

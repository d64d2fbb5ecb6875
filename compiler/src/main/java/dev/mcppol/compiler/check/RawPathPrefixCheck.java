package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Conditions;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.ValueTest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * W108: {@code startsWith} or {@code ==} on an argument that is a path or URI — by its name, its
 * schema's {@code format} or its description. Raw prefixes admit {@code /data/work/../etc/passwd}
 * under {@code "/data/work/"}; {@code under} normalises first and refuses what it cannot read. In a
 * {@code resource} block, the same on {@code uri} against a {@code file:} literal (no schema needed:
 * a resource's URI is one by definition).
 */
public final class RawPathPrefixCheck implements Check {

    private static final Pattern PATH_NAME = Pattern.compile(
            "(^|[_\\-.])(path|paths|file|files|filename|filepath|dir|directory|folder|uri|url|source|destination)$"
                    + "|(path|file|dir|uri|url)$|^(path|file|dir|uri|url)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern PATH_WORDS = Pattern.compile("\\b(path|file|directory|folder|uri|url)s?\\b",
            Pattern.CASE_INSENSITIVE);

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        resourceUris(policy, diagnostics);
        ArgumentSites.each(policy, schemas, false, site -> {
            ValueTest t = site.check().test();
            String literal = rawLiteral(t);
            // Absolute paths and file: URIs (what `under` reads); a relative prefix is left to the author.
            boolean raw = literal != null && (literal.startsWith("/") || literal.toLowerCase(Locale.ROOT)
                    .startsWith("file:"));
            if (!raw || !(site.check().operand() instanceof dev.mcppol.runtime.model.Operand.Arg)) {
                return;
            }
            for (Map.Entry<String, SchemaPath.Resolution> e : site.resolutions().entrySet()) {
                if (e.getValue() instanceof SchemaPath.Found f && pathLike(site.path(), f)) {
                    String path = site.pathText();
                    diagnostics.add(new Diagnostic(DiagnosticKind.RAW_PATH_PREFIX, site.atom().span(),
                            "'" + path + "' of tool '" + e.getKey() + "' is a path or URI, and "
                                    + (t instanceof ValueTest.Prefix ? "startsWith" : "==") + " compares it as a raw string: "
                                    + dev.mcppol.runtime.model.Texts.quote(literal + "../x") + " passes it",
                            "test containment with `" + path + " under "
                                    + dev.mcppol.runtime.model.Texts.quote(literal.endsWith("/") && literal.length() > 1
                                    ? literal.substring(0, literal.length() - 1) : literal) + "` (normalises . and .., "
                                    + "refuses what a server could read differently)"));
                    return;
                }
            }
        });
    }

    private static void resourceUris(Policy policy, Diagnostics diagnostics) {
        dev.mcppol.compiler.ir.MethodRules resources = policy.method(dev.mcppol.runtime.model.MethodKind.RESOURCES);
        if (resources == null) {
            return;
        }
        for (dev.mcppol.compiler.ir.Rule r : resources.rules()) {
            Conditions.eachAtom(r.when(), (ac, negated) -> {
                if (ac.atom() instanceof dev.mcppol.runtime.model.Atom.Check check
                        && check.operand() instanceof dev.mcppol.runtime.model.Operand.Arg arg
                        && arg.path().equals(List.of(new PathSeg.Key("uri")))) {
                    ValueTest t = check.test();
                    String literal = rawLiteral(t);
                    if (literal != null && literal.toLowerCase(Locale.ROOT).startsWith("file:")) {
                        String base = literal.endsWith("/") && literal.length() > "file:///".length()
                                ? literal.substring(0, literal.length() - 1) : literal;
                        diagnostics.add(new Diagnostic(DiagnosticKind.RAW_PATH_PREFIX, ac.span(), "'uri' of resource '"
                                + r.target() + "' is a file: URI, and " + (t instanceof ValueTest.Prefix ? "startsWith" : "==")
                                + " compares it as a raw string: " + dev.mcppol.runtime.model.Texts.quote(literal + "../x")
                                + " passes it", "test containment with `uri under "
                                + dev.mcppol.runtime.model.Texts.quote(base) + "` (normalises the path, refuses .. and"
                                + " what a server could read differently)"));
                    }
                }
            });
        }
    }

    /** The string a {@code startsWith} or {@code ==} test compares with, or null for any other test. */
    private static String rawLiteral(ValueTest t) {
        return t instanceof ValueTest.Prefix p ? p.prefix() : t instanceof ValueTest.Cmp c && c.op() == CmpOp.EQ
                && c.value().isString() ? c.value().stringValue() : null;
    }

    private static boolean pathLike(java.util.List<PathSeg> path, SchemaPath.Found found) {
        PathSeg last = path.get(path.size() - 1);
        if (last instanceof PathSeg.Key k && PATH_NAME.matcher(k.name()).find()) {
            return true;
        }
        for (JsonNode s : found.schemas()) {
            String format = s.path("format").asString("").toLowerCase(Locale.ROOT);
            if (format.startsWith("uri") || format.startsWith("iri") || format.contains("path")) {
                return true;
            }
            if (PATH_WORDS.matcher(s.path("description").asString("")).find()) {
                return true;
            }
        }
        return false;
    }
}

package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.imports.PNode.Entry;
import dev.mcppol.compiler.imports.PNode.ScalarKind;
import dev.mcppol.compiler.ir.Span;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import dev.mcppol.runtime.json.YamlScalars;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * One reader for YAML and JSON that builds a {@link PNode} tree with positions from Jackson's
 * streaming parser. It reports every duplicate key (the last one would silently win in Go and in a
 * plain Jackson tree) and, for YAML, every plain scalar that YAML 1.1 (which Intercept's Go parser
 * follows for these forms) reads differently from YAML 1.2: guessing either way could flip a rule.
 * Which scalars those are is {@link YamlScalars}'s to say, for every YAML file mcppol reads.
 */
public final class PositionedReader {

    // Strict duplicate detection is off on purpose: it stops at the first duplicate, and we want all.
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final String file;
    private final String text;
    private final boolean yaml;
    private final Diagnostics diagnostics;
    private final YamlScalars.Source source;

    private PositionedReader(String file, String text, boolean yaml, Diagnostics diagnostics) {
        this.file = file;
        this.text = text;
        this.yaml = yaml;
        this.diagnostics = diagnostics;
        this.source = new YamlScalars.Source(text);
    }

    /** The tree, or null when the text is not well-formed (every problem found is reported). */
    public static PNode readYaml(String file, String text, Diagnostics diagnostics) {
        return new PositionedReader(file, text, true, diagnostics).run();
    }

    public static PNode readJson(String file, String text, Diagnostics diagnostics) {
        return new PositionedReader(file, text, false, diagnostics).run();
    }

    private PNode run() {
        if (text.isBlank()) {
            diagnostics.error(DiagnosticKind.IMPORT_SYNTAX, Span.at(file, 1, 1), "the file is empty");
            return null;
        }
        try (JsonParser p = yaml ? YAML.createParser(text) : JSON.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                diagnostics.error(DiagnosticKind.IMPORT_SYNTAX, Span.at(file, 1, 1), "the file holds no document");
                return null;
            }
            PNode root = value(p, t);
            JsonToken extra = p.nextToken();
            if (extra != null) {
                diagnostics.error(DiagnosticKind.IMPORT_SYNTAX, at(p.currentTokenLocation()),
                        "more than one document in the file", "a policy is one YAML document or one JSON value");
                return null;
            }
            return root;
        } catch (JacksonException e) {
            syntaxError(e);
            return null;
        }
    }

    private PNode value(JsonParser p, JsonToken t) {
        Span span = at(p.currentTokenLocation());
        switch (t) {
            case START_OBJECT: {
                Map<String, Entry> entries = new LinkedHashMap<>();
                JsonToken k;
                while ((k = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                    String key = p.currentName();
                    Span keySpan = at(p.currentTokenLocation());
                    if (yaml) {
                        checkPlainScalar(key, keySpan);
                    }
                    PNode v = value(p, p.nextToken());
                    Entry previous = entries.get(key);
                    if (previous != null) {
                        diagnostics.error(DiagnosticKind.IMPORT_DUPLICATE_KEY, keySpan, "key '" + key
                                + "' is already given at line " + previous.keySpan().line(),
                                "Intercept's decoder would keep the last one silently; keep exactly one");
                    } else {
                        entries.put(key, new Entry(key, keySpan, v));
                    }
                }
                return new PNode.PMap(entries, span);
            }
            case START_ARRAY: {
                List<PNode> items = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    items.add(value(p, e));
                }
                return new PNode.PList(items, span);
            }
            case VALUE_STRING: {
                String s = p.getString();
                if (yaml) {
                    checkPlainScalar(s, span);
                }
                return new PNode.PScalar(ScalarKind.STRING, s, null, spanOf(span, s));
            }
            case VALUE_NUMBER_INT: {
                String s = p.getString();
                return new PNode.PScalar(ScalarKind.INTEGER, s, new BigDecimal(p.getBigIntegerValue()), spanOf(span, s));
            }
            case VALUE_NUMBER_FLOAT: {
                String s = p.getString();
                BigDecimal d = YamlScalars.exactNumber(s);
                if (d == null) {
                    diagnostics.error(DiagnosticKind.IMPORT_WRONG_TYPE, span, YamlScalars.notExact(s));
                    return new PNode.PScalar(ScalarKind.STRING, s, null, spanOf(span, s));
                }
                return new PNode.PScalar(ScalarKind.DECIMAL, s, d, spanOf(span, s));
            }
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new PNode.PScalar(ScalarKind.BOOLEAN, t == JsonToken.VALUE_TRUE ? "true" : "false", null,
                        spanOf(span, p.getString()));
            case VALUE_NULL:
                return new PNode.PScalar(ScalarKind.NULL, "null", null, span);
            default:
                diagnostics.error(DiagnosticKind.IMPORT_SYNTAX, span, "unexpected " + t);
                return new PNode.PScalar(ScalarKind.NULL, "null", null, span);
        }
    }

    /**
     * A plain (unquoted) YAML scalar that YAML 1.1 and YAML 1.2 resolve differently. Jackson's
     * parser gives us the resolved token; whether it was quoted we read from the source text.
     */
    private void checkPlainScalar(String s, Span span) {
        if (!isPlainAt(span)) {
            return;
        }
        String why = YamlScalars.ambiguity(s);
        if (why != null) {
            diagnostics.error(DiagnosticKind.IMPORT_YAML_AMBIGUOUS, span, "'" + s + "' is ambiguous: " + why,
                    YamlScalars.help(s));
        }
    }

    private boolean isPlainAt(Span span) {
        return source.isPlainAt(span.line(), span.col());
    }

    private void syntaxError(JacksonException e) {
        TokenStreamLocation loc = e.getLocation();
        Span where = loc != null && loc.getLineNr() > 0 ? at(loc) : Span.at(file, 1, 1);
        String message = firstLines(e.getOriginalMessage());
        List<YamlLint.Finding> hints = yaml ? new YamlLint(file, text).findings() : List.of();
        boolean explained = hints.stream().anyMatch(h -> h.span().line() <= where.line());
        if (!explained) {
            diagnostics.error(DiagnosticKind.IMPORT_SYNTAX, where, (yaml ? "invalid YAML: " : "invalid JSON: ")
                    + message);
        }
        for (int i = 0; i < hints.size(); i++) {
            diagnostics.error(DiagnosticKind.IMPORT_SYNTAX, hints.get(i).span(), hints.get(i).message(),
                    explained && i == 0 ? "the YAML parser stopped at line " + where.line() + ", column "
                            + where.col() + ": " + message : null);
        }
    }

    /** SnakeYAML's messages quote source lines with carets; keep just the sentences. */
    private static String firstLines(String m) {
        if (m == null) {
            return "unreadable";
        }
        StringBuilder b = new StringBuilder();
        for (String line : m.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("in reader") || l.startsWith("^") || line.startsWith("    ")) {
                continue;
            }
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(l);
        }
        return b.length() == 0 ? m.strip() : b.toString();
    }

    private Span at(TokenStreamLocation l) {
        return Span.at(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
    }

    private static Span spanOf(Span start, String s) {
        int len = s == null ? 1 : Math.max(1, s.length());
        return new Span(start.file(), start.line(), start.col(), start.line(), start.col() + len - 1);
    }
}

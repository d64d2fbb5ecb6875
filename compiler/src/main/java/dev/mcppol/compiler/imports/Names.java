package dev.mcppol.compiler.imports;

import dev.mcppol.compiler.ir.Span;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rule ids and limit names of one imported policy. Ids follow DESIGN: the source's name, else
 * {@code file:line}; both are made unique, since the policy language rejects a repeated {@code as}.
 * Limit names become identifiers, since the printed policy declares them as {@code limit NAME = ...}.
 */
final class Names {

    /** MCP tool names (the DSL's rule), without glob characters. */
    static final Pattern TOOL_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,128}");

    private static final Set<String> KEYWORDS = dev.mcppol.compiler.dsl.Keywords.ALL;

    private final String prefix;
    private final Set<String> ids = new HashSet<>();
    private final Set<String> limits = new HashSet<>();

    Names(String file) {
        Path p = Path.of(file).getFileName();
        this.prefix = p == null ? file : p.toString();
    }

    /** Reserves a source-given name; a repeat gets the tool's name in front, then a number. */
    String ruleId(String name, String tool) {
        if (ids.add(name)) {
            return name;
        }
        String qualified = tool + ": " + name;
        return unique(qualified);
    }

    /** An id for a rule the source does not name: where it was written. */
    String positionId(Span span) {
        String id = prefix + ":" + span.line();
        if (ids.add(id)) {
            return id;
        }
        return unique(id + ":" + span.col());
    }

    private String unique(String base) {
        String id = base;
        for (int n = 2; !ids.add(id); n++) {
            id = base + " #" + n;
        }
        return id;
    }

    /** Reserves an id chosen elsewhere (e.g. an inline limit's rule), so later ids avoid it. */
    boolean reserve(String id) {
        return ids.add(id);
    }

    /** A fresh limit name, an identifier of the policy language derived from {@code base}. */
    String limitName(String base) {
        String s = base.replaceAll("[^A-Za-z0-9_]", "_");
        if (s.isEmpty() || !Character.isLetter(s.charAt(0)) && s.charAt(0) != '_') {
            s = "c_" + s;
        }
        if (KEYWORDS.contains(s)) {
            s = s + "_";
        }
        String name = s;
        // A limit name must not equal a rule id either: inline limits are named after their rule.
        for (int n = 2; ids.contains(name) || !limits.add(name); n++) {
            name = s + "_" + n;
        }
        return name;
    }

    /** Claims a limit name chosen elsewhere (a rule id naming its inline limit); false when taken. */
    boolean claimLimit(String name) {
        return limits.add(name);
    }

    static boolean isKeyword(String s) {
        return KEYWORDS.contains(s);
    }
}

package dev.mcppol.compiler.diff;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.ValueTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * The values a witness tries for one test: its constants and numbers just around them, samples of a
 * regex, strings with a prefix or under a folder (each also with the suffixes the same value must
 * end with), a string and a list holding what a {@code contains} looks for. Lists are fresh: callers
 * reorder them.
 */
final class Seeds implements ValueTest.Visitor<List<JsonNode>> {

    /** The suffixes other tests of the same value want ({@code .ipynb}), combined with prefixes and folders. */
    private final List<String> suffixes;

    Seeds(List<String> suffixes) {
        this.suffixes = List.copyOf(suffixes);
    }

    @Override
    public List<JsonNode> cmp(ValueTest.Cmp c) {
        List<JsonNode> out = new ArrayList<>();
        out.add(c.value());
        if (c.value().isNumber()) {
            BigDecimal v = c.value().decimalValue();
            for (String d : new String[] {"1", "-1", "0.5", "-0.5"}) {
                out.add(Json.NODES.numberNode(v.add(new BigDecimal(d))));
            }
        } else if (c.value().isString()) {
            out.add(Json.NODES.stringNode(c.value().stringValue() + "x"));
        }
        return out;
    }

    @Override
    public List<JsonNode> in(ValueTest.In in) {
        return new ArrayList<>(in.values());
    }

    @Override
    public List<JsonNode> matches(ValueTest.Matches m) {
        List<JsonNode> out = new ArrayList<>();
        for (String s : RegexSamples.of(m.regex())) {
            out.add(Json.NODES.stringNode(s));
        }
        return out;
    }

    @Override
    public List<JsonNode> prefix(ValueTest.Prefix p) {
        List<JsonNode> out = new ArrayList<>();
        out.add(Json.NODES.stringNode(p.prefix()));
        out.add(Json.NODES.stringNode(p.prefix() + "x"));
        // A value that must also end (or not end) a certain way: combine with the suffixes.
        for (String s : suffixes) {
            out.add(Json.NODES.stringNode(p.prefix() + "x" + s));
        }
        return out;
    }

    @Override
    public List<JsonNode> under(ValueTest.Under u) {
        List<JsonNode> out = new ArrayList<>();
        String base = u.base().equals("/") ? "" : u.base();
        out.add(Json.NODES.stringNode(base + "/w"));
        out.add(Json.NODES.stringNode(base + "/w/../../outside-w"));
        out.add(Json.NODES.stringNode(base + "w"));
        // A path that must also end a certain way (.ipynb): the same, with each suffix.
        for (String s : suffixes) {
            out.add(Json.NODES.stringNode(base + "/w" + s));
            out.add(Json.NODES.stringNode(base + "/w/../../outside-w" + s));
        }
        return out;
    }

    @Override
    public List<JsonNode> suffix(ValueTest.Suffix s) {
        List<JsonNode> out = new ArrayList<>();
        out.add(Json.NODES.stringNode(s.suffix()));
        out.add(Json.NODES.stringNode("x" + s.suffix()));
        return out;
    }

    @Override
    public List<JsonNode> contains(ValueTest.Contains c) {
        List<JsonNode> out = new ArrayList<>();
        if (c.value().isString()) {
            out.add(Json.NODES.stringNode("x" + c.value().stringValue() + "x"));
        }
        ArrayNode arr = Json.NODES.arrayNode();
        arr.add(c.value());
        out.add(arr);
        return out;
    }

    @Override
    public List<JsonNode> exists(ValueTest.Exists e) {
        return new ArrayList<>(); // "absent" and the plain values every slot tries decide it
    }
}

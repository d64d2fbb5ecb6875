package dev.mcppol.runtime.bundle;

import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.LimitSpec;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A compiled policy, as the runtime loads it. Every tool named in the policy or its schemas has its
 * own diagram; any other tool name goes through {@link #fallback}, whose diagram tests the globs.
 *
 * @param schemas tool name to the tool's {@code tools/list} entry (name, description, inputSchema)
 * @param hidden  names and globs dropped from {@code tools/list} (their calls are denied by rules)
 * @param sha256  hex SHA-256 of the canonical body, verified on load
 * @param methods one section per kind of request besides {@code tools/call} that the policy decides
 *                (key: {@link dev.mcppol.runtime.model.MethodKind#word()}), each a bundle of its own
 *                whose "tools" are the kind's subjects (URIs, prompt names, …); a kind without a
 *                section passes unchecked
 */
public record Bundle(String policyName, Effect defaultEffect, List<Atom> atoms, List<LimitSpec> limits,
                     List<RuleInfo> rules, List<Leaf> leaves, Map<String, Diagram> tools, Diagram fallback,
                     List<String> hidden, Map<String, JsonNode> schemas, String sha256, Map<String, Bundle> methods) {

    public static final String MAGIC_KEY = "mcppol";
    public static final String FORMAT = "bundle/1";

    public Bundle {
        atoms = List.copyOf(atoms);
        limits = List.copyOf(limits);
        rules = List.copyOf(rules);
        leaves = List.copyOf(leaves);
        tools = Map.copyOf(tools);
        hidden = List.copyOf(hidden);
        schemas = Map.copyOf(schemas);
        methods = Map.copyOf(methods);
    }

    /** A bundle that decides tools only. */
    public Bundle(String policyName, Effect defaultEffect, List<Atom> atoms, List<LimitSpec> limits,
                  List<RuleInfo> rules, List<Leaf> leaves, Map<String, Diagram> tools, Diagram fallback,
                  List<String> hidden, Map<String, JsonNode> schemas, String sha256) {
        this(policyName, defaultEffect, atoms, limits, rules, leaves, tools, fallback, hidden, schemas, sha256,
                Map.of());
    }

    /** The section deciding {@code kind}, or null when the policy leaves that kind unchecked. */
    public Bundle method(dev.mcppol.runtime.model.MethodKind kind) {
        return methods.get(kind.word());
    }

    public Bundle withMethods(Map<String, Bundle> sections) {
        return new Bundle(policyName, defaultEffect, atoms, limits, rules, leaves, tools, fallback, hidden, schemas,
                sha256, sections);
    }

    public Diagram diagramFor(String tool) {
        Diagram d = tools.get(tool);
        return d != null ? d : fallback;
    }

    public Bundle withSha256(String hash) {
        return new Bundle(policyName, defaultEffect, atoms, limits, rules, leaves, tools, fallback, hidden, schemas,
                hash, methods);
    }
}

package dev.mcppol.compiler.ir;

import dev.mcppol.runtime.model.Effect;
import java.util.List;

/**
 * A policy in the intermediate representation every front end (DSL, Intercept YAML, PolicyLayer
 * JSON) produces. Rules are in source order; limits are resolved (every name used is declared).
 *
 * @param notes remarks a front end wants printed with the policy (e.g. where the source tool's
 *              semantics differ from mcppol's)
 * @param methods the sections deciding other requests than {@code tools/call} (resources, prompts,
 *                sampling, …), in {@link dev.mcppol.runtime.model.MethodKind} order; a kind without a
 *                section passes unchecked
 * @param claimsSchema the JSON Schema of the verified token claims the policy reads ({@code claims "FILE"}),
 *              or null when it names none
 */
public record Policy(String name, Effect defaultEffect, List<Rule> rules, List<ToolLimit> toolLimits,
                     List<LimitDef> limits, List<Hidden> hidden, List<SchemaRef> schemaFiles, Span span,
                     List<String> notes, List<MethodRules> methods, SchemaRef claimsSchema) {

    /** A policy that names no claims schema. */
    public Policy(String name, Effect defaultEffect, List<Rule> rules, List<ToolLimit> toolLimits,
                  List<LimitDef> limits, List<Hidden> hidden, List<SchemaRef> schemaFiles, Span span,
                  List<String> notes, List<MethodRules> methods) {
        this(name, defaultEffect, rules, toolLimits, limits, hidden, schemaFiles, span, notes, methods, null);
    }

    public Policy {
        rules = List.copyOf(rules);
        toolLimits = List.copyOf(toolLimits);
        limits = List.copyOf(limits);
        hidden = List.copyOf(hidden);
        schemaFiles = List.copyOf(schemaFiles);
        notes = List.copyOf(notes);
        methods = List.copyOf(methods);
    }

    /** A policy on tools only. */
    public Policy(String name, Effect defaultEffect, List<Rule> rules, List<ToolLimit> toolLimits,
                  List<LimitDef> limits, List<Hidden> hidden, List<SchemaRef> schemaFiles, Span span,
                  List<String> notes) {
        this(name, defaultEffect, rules, toolLimits, limits, hidden, schemaFiles, span, notes, List.of());
    }

    /** The section deciding {@code kind}, or null. */
    public MethodRules method(dev.mcppol.runtime.model.MethodKind kind) {
        for (MethodRules m : methods) {
            if (m.kind() == kind) {
                return m;
            }
        }
        return null;
    }

    /** Every limit by name; build it once where many names are looked up. */
    public java.util.Map<String, LimitDef> limitsByName() {
        java.util.Map<String, LimitDef> byName = new java.util.HashMap<>();
        for (LimitDef l : limits) {
            byName.putIfAbsent(l.name(), l);
        }
        return byName;
    }

    /** One limit by name (a linear search: for many look-ups use {@link #limitsByName()}). */
    public LimitDef limit(String name) {
        for (LimitDef l : limits) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        return null;
    }
}

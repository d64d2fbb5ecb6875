package dev.mcppol.bench;

import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The in-JVM anchor: a {@link Workload}'s policy as Google CEL expressions ({@code dev.cel:cel}),
 * evaluated as a gateway built on CEL would: one program per rule, compiled once (planner runtime,
 * CEL-Java's fastest), and per call the
 * called tool's programs tried first-match, deny rules before allow rules (mcppol's precedence:
 * any matching deny denies, else any matching allow allows, else the default, deny). The call's
 * arguments are the variable {@code args} ({@code map(string, dyn)}); a condition on a missing
 * argument is false, as in mcppol, by a {@code "x" in args &&} guard.
 */
public final class CelPolicy {
    /** One compiled rule. */
    private record Rule(boolean allow, CelRuntime.Program program) {
    }

    private final Map<String, Rule[]> byTool = new HashMap<>();

    public CelPolicy(Workload w) {
        CelCompiler compiler = CelCompilerFactory.standardCelCompilerBuilder()
                .addVar("args", MapType.create(SimpleType.STRING, SimpleType.DYN))
                .setResultType(SimpleType.BOOL).build();
        CelRuntime runtime = CelRuntimeFactory.plannerRuntimeBuilder().build(); // its fastest runtime (about 2.5x the standard one here)
        try {
            for (Workload.Tool t : w.tools()) {
                List<Rule> rules = new ArrayList<>();
                for (boolean allowPass : new boolean[] {false, true}) {
                    for (Workload.RuleSpec r : t.rules()) {
                        if (r.allow() == allowPass) {
                            rules.add(new Rule(r.allow(), runtime.createProgram(compiler.compile(expression(r)).getAst())));
                        }
                    }
                }
                byTool.put(t.name(), rules.toArray(new Rule[0]));
            }
        } catch (Exception e) {
            throw new IllegalStateException("a rule did not compile to CEL: " + e.getMessage(), e);
        }
    }

    /** The rule's condition as CEL text. */
    static String expression(Workload.RuleSpec r) {
        if (r.when().isEmpty()) {
            return "true";
        }
        List<String> atoms = new ArrayList<>();
        for (Workload.Cond c : r.when()) {
            String x = "args[\"" + c.arg() + "\"]";
            String v = c.value().toString(); // strings, integers and lists of strings: JSON text is CEL text
            String test = switch (c.op()) {
                case "eq" -> x + " == " + v;
                case "lt" -> x + " < " + v;
                case "le" -> x + " <= " + v;
                case "gt" -> x + " > " + v;
                case "ge" -> x + " >= " + v;
                case "in" -> x + " in " + v;
                case "prefix" -> x + ".startsWith(" + v + ")";
                default -> throw new IllegalArgumentException("unknown op " + c.op());
            };
            atoms.add("(\"" + c.arg() + "\" in args && " + test + ")");
        }
        return String.join(" && ", atoms);
    }

    /** A call's arguments as CEL takes them: strings as String, integers as Long. */
    public static Map<String, Object> activation(JsonNode args) {
        Map<String, Object> m = new LinkedHashMap<>();
        args.properties().forEach(e -> m.put(e.getKey(), e.getValue().isNumber() ? (Object) e.getValue().longValue()
                : e.getValue().asString()));
        return Map.of("args", m);
    }

    /** True when the call is allowed. */
    public boolean allows(String tool, Map<String, Object> activation) {
        Rule[] rules = byTool.get(tool);
        if (rules == null) {
            return false; // default deny
        }
        try {
            for (Rule r : rules) {
                if ((Boolean) r.program().eval(activation)) {
                    return r.allow();
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("CEL evaluation failed: " + e.getMessage(), e);
        }
        return false;
    }
}

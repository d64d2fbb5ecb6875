package dev.mcppol.compiler.print;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.DiagramCompiler;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.dsl.DslFrontEnd;
import dev.mcppol.compiler.imports.InterceptImporter;
import dev.mcppol.compiler.imports.PolicyLayerImporter;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.reference.ReferenceInterpreter;
import dev.mcppol.compiler.schema.SchemaFiles;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.JsonNode;

/**
 * import → print → parse the printed text → compile decides every call like compiling the import
 * directly; and both agree with the reference interpreter on the imported IR. Rule ids survive,
 * except those the language itself names by position ({@code hide}, {@code validate}).
 */
class RoundTripProperties {

    private static final List<String> TOOLS = List.of("t", "u", "create_charge", "read_file", "*");
    private static final List<String> CALL_TOOLS = List.of("t", "u", "create_charge", "read_file", "other",
            "create_issue", "delete_customer", "get_commit");
    private static final List<String> KEYS = List.of("a", "amount", "currency", "tool", "not");
    private static final List<String> VALUES = List.of("1", "5", "5.0", "10", "\"usd\"", "\"gbp\"", "\"a/b\"", "null",
            "true", "[\"usd\", 1]", "-3", "0.5");

    @Property(tries = 60)
    void corpusFilesRoundTrip(@ForAll("corpus") String path, @ForAll("seeds") long seed) {
        assertRoundTrip(path.substring(path.lastIndexOf('/') + 1), resource(path), seed);
    }

    @Property(tries = 150)
    void generatedInterceptPoliciesRoundTrip(@ForAll("interceptPolicies") String yaml, @ForAll("seeds") long seed) {
        assertRoundTrip("gen.yaml", yaml, seed);
    }

    @Provide
    Arbitrary<String> corpus() {
        List<String> names = new ArrayList<>();
        for (String n : List.of("valid_policy", "default_deny_policy", "stripe", "github", "aws", "filesystem",
                "postgres", "slack")) {
            names.add("intercept/" + n + ".yaml");
        }
        names.addAll(List.of("policylayer/slicer.json", "examples-payments.yaml", "examples-jupyter-pages.yaml",
                "examples-slicer.json"));
        return Arbitraries.of(names);
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs();
    }

    @Provide
    Arbitrary<String> interceptPolicies() {
        Arbitrary<String> condition = Combinators.combine(Arbitraries.of(KEYS),
                Arbitraries.of("eq", "neq", "in", "not_in", "lt", "lte", "gt", "gte", "regex", "contains", "exists"),
                Arbitraries.of(VALUES)).as((k, op, v) -> {
                    String value = switch (op) {
                        case "in", "not_in" -> "[" + v + ", \"gbp\"]";
                        case "lt", "lte", "gt", "gte" -> v.matches("-?[0-9.]+") ? v : "5";
                        case "regex" -> "\"^u|/b\"";
                        case "exists" -> v.equals("true") ? "true" : "false";
                        default -> v;
                    };
                    return "{path: \"args." + k + "\", op: " + op + ", value: " + value + "}";
                });
        Arbitrary<String> rule = Arbitraries.integers().between(0, 5).flatMap(kind -> switch (kind) {
            case 0 -> Arbitraries.just("{action: deny, on_deny: \"no\"}");
            case 1 -> Arbitraries.just("{action: require_approval}");
            case 2 -> Arbitraries.integers().between(1, 3).flatMap(n -> Arbitraries.of("minute", "hour", "day")
                    .map(w -> "{rate_limit: \"" + n + "/" + w + "\"}"));
            case 3 -> Arbitraries.integers().between(2, 4).flatMap(n -> Arbitraries.of("lt", "lte")
                    .map(op -> "{conditions: [{path: \"state.TOOL.c\", op: " + op + ", value: " + n
                            + "}], state: {counter: c, window: minute}}"));
            case 4 -> Arbitraries.of("lt", "lte").map(op -> "{conditions: [{path: \"state.TOOL.b\", op: " + op
                    + ", value: 10}], state: {counter: b, window: hour, increment_from: \"args.amount\"}}");
            default -> condition.list().ofMinSize(1).ofMaxSize(3).map(cs -> "{conditions: [" + String.join(", ", cs)
                    + "]}");
        });
        Arbitrary<String> tool = Combinators.combine(Arbitraries.of(TOOLS), rule.list().ofMaxSize(3))
                .as((t, rules) -> {
                    StringBuilder b = new StringBuilder("  \"" + t + "\":\n    rules:\n");
                    int i = 0;
                    Set<String> counters = new java.util.HashSet<>();
                    for (String r : rules) {
                        // One declaration per counter and tool (a second is an error, tested elsewhere); a
                        // rate_limit is Intercept's counter _rate_WINDOW.
                        String c = r.contains("counter: c") ? "c" : r.contains("counter: b") ? "b"
                                : r.contains("rate_limit") ? r.substring(r.indexOf('/')) : null;
                        if (c != null && !counters.add(c)) {
                            continue;
                        }
                        String key = t.equals("*") ? "_global" : t;
                        b.append("      - {name: \"r").append(i++).append("\", ")
                                .append(r.substring(1).replace("TOOL", key)).append('\n');
                    }
                    if (rules.isEmpty()) {
                        b.setLength(0);
                        b.append("  \"").append(t).append("\":\n    rules: []\n");
                    }
                    return b.toString();
                });
        return Combinators.combine(Arbitraries.of("allow", "deny"), tool.list().ofMaxSize(3).uniqueElements(
                s -> s.substring(0, s.indexOf(':'))), Arbitraries.of("", "hide: [u]\n"))
                .as((def, tools, hide) -> "version: \"1\"\ndefault: " + def + "\n" + hide + "tools:\n"
                        + (tools.isEmpty() ? "  t:\n    rules: []\n" : String.join("", tools)));
    }

    // ---- the property ----

    private static void assertRoundTrip(String file, String text, long seed) {
        Diagnostics d = new Diagnostics();
        Policy imported = file.endsWith(".json") ? PolicyLayerImporter.importText(file, text, d)
                : InterceptImporter.importText(file, text, d);
        assertThat(d.all()).as(text).isEmpty();
        Diagnostics pd = new Diagnostics();
        String printed = DslPrinter.print(imported, pd);
        assertThat(pd.all()).isEmpty();
        Diagnostics rd = new Diagnostics();
        Policy reparsed = DslFrontEnd.parse("printed.mcppol", printed, rd);
        assertThat(rd.all()).as(printed).isEmpty();

        Set<String> importedIds = imported.rules().stream().map(Rule::id).map(RoundTripProperties::norm)
                .collect(Collectors.toSet());
        assertThat(reparsed.rules().stream().map(Rule::id).map(RoundTripProperties::norm)
                .collect(Collectors.toSet())).as(printed).isEqualTo(importedIds);
        // Tool-level limits keep their names and messages too (an Intercept "*" rule's).
        assertThat(reparsed.toolLimits().stream().map(t -> norm(t.ruleId()) + "|" + t.reason()).toList()).as(printed)
                .isEqualTo(imported.toolLimits().stream().map(t -> norm(t.ruleId()) + "|" + t.reason()).toList());

        Engine direct = engine(imported);
        Engine viaText = engine(reparsed);
        ReferenceInterpreter reference = new ReferenceInterpreter(imported, SchemaFiles.newMap());
        Random random = new Random(seed);
        long now = 1_000_000L;
        for (int i = 0; i < 120; i++) {
            now += random.nextInt(3) == 0 ? random.nextInt(4_000_000) : random.nextInt(2000);
            Call call = new Call(CALL_TOOLS.get(random.nextInt(CALL_TOOLS.size())), args(random),
                    random.nextBoolean() ? "s1" : "s2", random.nextBoolean() ? "alice" : null, now,
                    Json.MAPPER.readTree("{\"type\":\"object\",\"required\":[\"a\"]}"));
            Decision a = direct.decide(call);
            Decision b = viaText.decide(call);
            Decision r = reference.decide(call);
            String where = printed + "\n" + call;
            assertThat(b.outcome()).as(where).isEqualTo(a.outcome());
            assertThat(a.outcome()).as(where).isEqualTo(r.outcome());
            assertThat(b.limit()).as(where).isEqualTo(a.limit());
            // Decisions name the first deciding rule, and printing groups rules by tool: the name may be
            // another rule of the same tool that decides alike, never one of another tool.
            Set<String> possible = imported.rules().stream().filter(x -> x.target().equals(call.tool())
                    || Globs.matches(x.target(), call.tool())).map(Rule::id).map(RoundTripProperties::norm)
                    .collect(Collectors.toSet());
            imported.toolLimits().stream().filter(x -> x.target().equals(call.tool())
                    || Globs.matches(x.target(), call.tool())).forEach(x -> possible.add(norm(x.ruleId())));
            assertThat(possible).as(where).containsAll(r.ruleIds().stream().map(RoundTripProperties::norm).toList());
            assertThat(possible).as(where).containsAll(a.ruleIds().stream().map(RoundTripProperties::norm).toList());
            assertThat(possible).as(where).containsAll(b.ruleIds().stream().map(RoundTripProperties::norm).toList());
        }
    }

    private static JsonNode args(Random random) {
        StringBuilder b = new StringBuilder("{");
        for (String k : KEYS) {
            if (random.nextInt(3) > 0) {
                b.append(b.length() > 1 ? "," : "").append('"').append(k).append("\":")
                        .append(VALUES.get(random.nextInt(VALUES.size())));
            }
        }
        return Json.MAPPER.readTree(b.append('}').toString());
    }

    /** Ids the language assigns by position ({@code hide}, {@code validate}) differ in the printed file. */
    private static String norm(String id) {
        return id.matches("(printed\\.mcppol|gen\\.yaml|[^ :]+\\.(yaml|json)):[0-9]+(:[0-9]+)?") ? "position" : id;
    }

    private static Engine engine(Policy p) {
        Diagnostics d = new Diagnostics();
        CompileResult r = new PolicyCompiler().build(p, SchemaFiles.newMap(), DiagramCompiler.DEFAULT_NODE_BUDGET, d,
                new SourceFiles());
        assertThat(d.hasErrors()).as(d.all().toString()).isFalse();
        return new Engine(r.bundle(), new InMemoryLimiter());
    }

    private static String resource(String path) {
        try (InputStream in = RoundTripProperties.class.getResourceAsStream("/imports/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}

package dev.mcppol.compiler.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.diag.TextRenderer;
import dev.mcppol.compiler.fmt.Formatter;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Span;
import dev.mcppol.compiler.schema.SchemaFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import tools.jackson.databind.JsonNode;

/**
 * The front end, the checks and the formatter never throw, whatever the input: random token soups
 * and random mutations of the shipped example always come back as diagnostics (or, for the
 * formatter, as an idempotent layout of a file that parses).
 */
class ParserRobustnessProperties {

    /** The shipped examples between them use every statement and clause of the language. */
    private static final List<String> EXAMPLES = List.of(read(Path.of("../examples/jupyter/policy.mcppol")),
            read(Path.of("../examples/everything/policy.mcppol")), read(Path.of("../examples/identity/policy.mcppol")),
            read(Path.of("../examples/policy-repo/policy.mcppol")));
    private static final Map<String, JsonNode> SCHEMAS = schemas();

    private static final List<String> TOKENS = List.of("policy", "tools", "tool", "hide", "default", "allow", "deny",
            "ask", "limit", "per", "sum", "session", "identity", "global", "require", "required", "validate", "as",
            "when", "reason", "and", "or", "not", "in", "matches", "startsWith", "endsWith", "contains", "exists",
            "len", "true", "false", "null", "args", "==", "!=", "<", "<=", ">", ">=", "=", "(", ")", "[", "]", "{",
            "}", ",", ".", "*", "-", "1m", "10", "2.5", "a", "get-sum", "echo", "message", "location", "\"x\"",
            "\"Chicago\"", "/re/", "/(/", "# c", "\n", "\"", "?", "\\", "\t", "get-*", "under", "\"/tmp\"",
            "\"file:/x\"", "claims", "claims.groups", "resource", "prompt", "client", "sampling", "roots", "resources",
            "prompts", "approvers", "approve", "for", "1h", "0s", "99999999999999d", "\"\\u00\"", "args.claims",
            "[*]", "[0]", "[99999999999]", "-", "1e5", "\n\n");

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(TOKENS).list().ofMaxSize(60).map(l -> String.join(" ", l));
    }

    @Provide
    Arbitrary<String> mutatedExample() {
        return Arbitraries.of(EXAMPLES).flatMap(example -> {
            Arbitrary<Integer> at = Arbitraries.integers().between(0, example.length());
            Arbitrary<String> insert = Arbitraries.oneOf(Arbitraries.of(TOKENS), Arbitraries.strings().ofMaxLength(3));
            Arbitrary<Tuple.Tuple3<Integer, Integer, String>> edit = Arbitraries.integers().between(0, 8)
                    .flatMap(len -> at.flatMap(pos -> insert.map(s -> Tuple.of(pos, len, s))));
            return edit.list().ofMinSize(1).ofMaxSize(6).map(edits -> {
                StringBuilder b = new StringBuilder(example);
                for (Tuple.Tuple3<Integer, Integer, String> e : edits) {
                    int pos = Math.min(e.get1(), b.length());
                    b.replace(pos, Math.min(b.length(), pos + e.get2()), e.get3());
                }
                return b.toString();
            });
        });
    }

    @Property(tries = 1000)
    void tokenSoupsGiveDiagnosticsNotExceptions(@ForAll("tokenSoup") String text) {
        survives(text);
    }

    @Property(tries = 1000)
    void mutationsOfTheExamplesGiveDiagnosticsNotExceptions(@ForAll("mutatedExample") String text) {
        survives(text);
    }

    private static void survives(String text) {
        Diagnostics d = new Diagnostics();
        Policy p = DslFrontEnd.parse("p.mcppol", text, d);
        assertThat(p).isNotNull();
        if (!d.hasErrors()) {
            d.addAll(PolicyCompiler.withAllChecks().check(p, SCHEMAS).diagnostics());
        }
        SourceFiles sources = new SourceFiles();
        sources.add("p.mcppol", text);
        assertThat(new TextRenderer(sources).render(d.sorted())).isNotNull();
        Diagnostics fd = new Diagnostics();
        String formatted = Formatter.format("p.mcppol", text, fd);
        if (formatted != null) {
            assertThat(Formatter.format("p.mcppol", formatted, new Diagnostics())).isEqualTo(formatted);
        } else {
            assertThat(fd.hasErrors()).isTrue();
        }
    }

    private static Map<String, JsonNode> schemas() {
        Map<String, JsonNode> s = SchemaFiles.newMap();
        SchemaFiles.load(Path.of("src/test/resources/schemas/everything.tools.json"), Span.none("test"), s,
                new HashMap<>(), new Diagnostics());
        SchemaFiles.load(Path.of("../examples/jupyter/jupyter.tools.json"), Span.none("test"), s, new HashMap<>(),
                new Diagnostics());
        return s;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.mcppol.compiler.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.DiagramCompiler;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.schema.SchemaFiles;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.model.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Test helpers: import text, compile it, and decide calls through the runtime's own engine. */
final class Imported {
    private Imported() {
    }

    static String resource(String path) {
        try (InputStream in = Imported.class.getResourceAsStream("/imports/" + path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static Policy intercept(String yaml) {
        Diagnostics d = new Diagnostics();
        Policy p = InterceptImporter.importText("p.yaml", yaml, d);
        assertThat(d.all()).as("diagnostics").isEmpty();
        assertThat(p).isNotNull();
        return p;
    }

    static Policy policyLayer(String json) {
        Diagnostics d = new Diagnostics();
        Policy p = PolicyLayerImporter.importText("p.json", json, d);
        assertThat(d.all()).as("diagnostics").isEmpty();
        assertThat(p).isNotNull();
        return p;
    }

    static Diagnostics interceptErrors(String yaml) {
        Diagnostics d = new Diagnostics();
        Policy p = InterceptImporter.importText("p.yaml", yaml, d);
        assertThat(p).isNull();
        assertThat(d.hasErrors()).isTrue();
        return d;
    }

    static Diagnostics policyLayerErrors(String json) {
        Diagnostics d = new Diagnostics();
        Policy p = PolicyLayerImporter.importText("p.json", json, d);
        assertThat(p).isNull();
        assertThat(d.hasErrors()).isTrue();
        return d;
    }

    /** "E212@14" for every diagnostic, sorted. */
    static TreeSet<String> codesAndLines(Diagnostics d) {
        return d.all().stream().map(x -> x.code() + "@" + x.span().line())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    static List<String> codes(Diagnostics d) {
        return d.all().stream().map(Diagnostic::code).toList();
    }

    static Engine engine(Policy policy) {
        Diagnostics d = new Diagnostics();
        CompileResult r = new PolicyCompiler().build(policy, SchemaFiles.newMap(), DiagramCompiler.DEFAULT_NODE_BUDGET,
                d, new SourceFiles());
        assertThat(d.hasErrors()).as(d.all().toString()).isFalse();
        return new Engine(r.bundle(), new InMemoryLimiter());
    }

    static JsonNode json(String s) {
        return Json.MAPPER.readTree(s);
    }

    /** A tiny driver: one engine, a clock, a session and an identity that tests can switch. */
    static final class Driver {
        final Engine engine;
        long now = 1_000_000L;
        String session = "s1";
        String identity = "alice";
        JsonNode schema;

        Driver(Policy p) {
            this.engine = engine(p);
        }

        Decision call(String tool, String args) {
            return engine.decide(new Call(tool, json(args), session, identity, now, schema));
        }

        Outcome outcome(String tool, String args) {
            return call(tool, args).outcome();
        }
    }
}

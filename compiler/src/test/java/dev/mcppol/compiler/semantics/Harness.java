package dev.mcppol.compiler.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.DiagramCompiler;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.diag.SourceFiles;
import dev.mcppol.compiler.dsl.DslFrontEnd;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.reference.ReferenceInterpreter;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.BundleFormatException;
import dev.mcppol.runtime.bundle.BundleReader;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import dev.mcppol.runtime.model.Outcome;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A policy compiled three ways for tests: the in-memory bundle, the same bundle written and read
 * back, and the reference interpreter over the IR. Every decision is taken by all three (each with
 * its own limiter state) and they must agree on outcome, rule ids, limit and retry time.
 */
public final class Harness {

    public static final String FILE = "p.mcppol";

    public final Policy policy;
    public final CompileResult result;
    public final Bundle bundle;
    public final Bundle reread;
    private final Engine engine;
    private final Engine rereadEngine;
    private final ReferenceInterpreter reference;

    private String session = "s1";
    private String identity = "alice";

    private Harness(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        this.policy = policy;
        assertThat(diagnostics.all()).as("diagnostics of the policy").noneMatch(d -> d.isError());
        this.result = new PolicyCompiler().build(policy, schemas, DiagramCompiler.DEFAULT_NODE_BUDGET, diagnostics,
                new SourceFiles());
        assertThat(diagnostics.all()).as("diagnostics of the build").noneMatch(d -> d.isError());
        this.bundle = result.bundle();
        try {
            this.reread = new BundleReader().read(result.bytes(), "test");
        } catch (BundleFormatException e) {
            throw new AssertionError("the written bundle does not read back: " + e.getMessage(), e);
        }
        this.engine = new Engine(bundle, new InMemoryLimiter());
        this.rereadEngine = new Engine(reread, new InMemoryLimiter());
        this.reference = new ReferenceInterpreter(policy, schemas);
    }

    public static Harness of(String text) {
        return of(text, Map.of());
    }

    public static Harness of(String text, Map<String, JsonNode> schemas) {
        Diagnostics diagnostics = new Diagnostics();
        return new Harness(DslFrontEnd.parse(FILE, text, diagnostics), schemas, diagnostics);
    }

    /** A policy already in IR (no front end), compiled against these tool schemas. */
    public static Harness of(Policy policy, Map<String, JsonNode> schemas) {
        return new Harness(policy, schemas, new Diagnostics());
    }

    /** Parses a policy expecting errors; returns the diagnostics. */
    public static Diagnostics errorsOf(String text) {
        Diagnostics diagnostics = new Diagnostics();
        DslFrontEnd.parse(FILE, text, diagnostics);
        return diagnostics;
    }

    public static JsonNode json(String text) {
        return Json.MAPPER.readTree(text);
    }

    /** Context of the following calls. */
    public Harness as(String session, String identity) {
        this.session = session;
        this.identity = identity;
        return this;
    }

    public Decision call(String tool, String args) {
        return call(0, tool, args);
    }

    public Decision call(long t, String tool, String args) {
        return decide(new Call(tool, json(args), session, identity, t, null));
    }

    public Decision call(long t, String tool, String args, String session, String identity) {
        return decide(new Call(tool, json(args), session, identity, t, null));
    }

    public Outcome outcome(String tool, String args) {
        return call(tool, args).outcome();
    }

    /** Decides a request of another kind (subject: a URI, a prompt name, …) with all three; null when unchecked. */
    public Decision method(dev.mcppol.runtime.model.MethodKind kind, String subject, String args) {
        return method(0, kind, subject, args);
    }

    public Decision method(long t, dev.mcppol.runtime.model.MethodKind kind, String subject, String args) {
        Engine e = engine.method(kind);
        assertThat(rereadEngine.method(kind) == null).as("re-read bundle has the section " + kind).isEqualTo(e == null);
        assertThat(reference.method(kind) == null).as("reference has the section " + kind).isEqualTo(e == null);
        if (e == null) {
            return null;
        }
        return decide(new Call(subject, json(args), session, identity, t, null), e, rereadEngine.method(kind),
                reference.method(kind));
    }

    /** Decides with all three and checks that they agree. */
    public Decision decide(Call call) {
        return decide(call, engine, rereadEngine, reference);
    }

    private Decision decide(Call call, Engine engine, Engine rereadEngine, ReferenceInterpreter reference) {
        Decision d = engine.decide(call);
        Decision again = rereadEngine.decide(call);
        Decision oracle = reference.decide(call);
        String what = call.tool() + " " + call.arguments() + " at " + call.nowMillis();
        assertThat(again.outcome()).as("re-read bundle outcome for " + what).isEqualTo(d.outcome());
        assertThat(again.ruleIds()).as("re-read bundle rules for " + what).isEqualTo(d.ruleIds());
        assertThat(again.reason()).as("re-read bundle reason for " + what).isEqualTo(d.reason());
        assertThat(oracle.outcome()).as("reference outcome for " + what + " (engine said: " + d.reason() + ")")
                .isEqualTo(d.outcome());
        assertThat(oracle.ruleIds()).as("reference rules for " + what).isEqualTo(d.ruleIds());
        assertThat(oracle.limit()).as("reference limit for " + what).isEqualTo(d.limit());
        assertThat(oracle.retryAtMillis()).as("reference retry time for " + what).isEqualTo(d.retryAtMillis());
        assertThat(again.retryAtMillis()).as("re-read retry time for " + what).isEqualTo(d.retryAtMillis());
        return d;
    }
}

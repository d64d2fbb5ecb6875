package dev.mcppol.compiler.properties;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.semantics.Harness;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.model.MethodKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * The law the compiler lives by: a compiled bundle decides exactly as the reference interpreter. One
 * suite, one comparison ({@link Harness#decide}: the engine, the bundle read back from its bytes and
 * the reference interpreter agree on outcome, rule ids, limit and retry time), three generators:
 * random IR policies ({@link RandomPolicies}), random tool policies as text, and random policies with
 * the method sections (docs/DESIGN.md, "Every MCP method": {@code resource}, {@code prompt} and
 * {@code client sampling|elicitation|roots} blocks, kind defaults, {@code hide}s, inline, named (shared
 * with tools) and budget limits) over random request sequences — URIs that are and are not under a
 * {@code file:} or path base, ambiguous ones, template variables, prompt arguments, sampling
 * parameters with numbers that read differently as doubles.
 */
class EngineMatchesReferenceProperties {

    // ---- random IR policies ----

    @Property(tries = 1000)
    void compiledBundleDecidesLikeTheReferenceInterpreter(@ForAll long seed) {
        RandomPolicies gen = new RandomPolicies(seed);
        Harness h = Harness.of(gen.policy(), RandomPolicies.SCHEMAS);
        assertThat(h.result.diagnostics().all()).as("compile errors").isEmpty();
        for (Call call : gen.calls()) {
            h.decide(call);
        }
    }

    /**
     * Found by the property above: two tokens whose claim is {@code 5} and {@code 5.0} count in one
     * {@code per claims.org.id} counter (the same number), in the engine and in the reference.
     */
    @Example
    void claimValuesThatAreTheSameNumberShareACounter() {
        compiledBundleDecidesLikeTheReferenceInterpreter(-18497931683145L);
    }

    /**
     * Found by the property above: {@code x in ["a", 7]} and {@code x in [6.9999999999999999999, 5]}
     * exclude each other exactly but not as doubles; the diagram was simplified as if they always did,
     * so the engine took the double reading's decision through a branch that reading never reaches.
     */
    @Example
    void atomRelationsHoldUnderEveryNumberReading() {
        compiledBundleDecidesLikeTheReferenceInterpreter(5081623886462549920L);
    }

    /**
     * Found by the property above: a reading under which another allow rule brings the same limit
     * consumes the same counters; the engine called that ambiguous, the reference (and DESIGN §5) not.
     */
    @Example
    void aReadingThatOnlyChangesWhichRuleBringsALimitIsNotAmbiguous() {
        compiledBundleDecidesLikeTheReferenceInterpreter(3015179892852641178L);
    }

    // ---- tool policies as text ----

    private static final String[] CONDITIONS = {
        "a == 1", "a != 1", "a < 2", "a >= 2", "a in [1, \"1\", null]", "not (a > 0)", "b startsWith \"x\"",
        "b matches /^x.y$/", "b contains \"y\"", "len(b) > 2", "c[*] == 3", "c contains 3", "c exists",
        "not (c exists)", "d.e == true", "session == \"s1\"", "identity exists", "a == 1 or b endsWith \"z\"",
        "(a < 2 and not (b exists)) or c[0] == 3",
    };
    private static final String[] TARGETS = {"t", "u", "t*", "*", "?"};
    private static final String[] EFFECTS = {"allow", "allow", "deny", "ask"};
    private static final String[] LIMITS = {"", "", " limit 2 per 1s", " limit shared", " limit spend"};
    private static final String[] A = {"", "\"a\":1", "\"a\":1.0", "\"a\":\"1\"", "\"a\":3", "\"a\":null", "\"a\":-1"};
    private static final String[] B = {"", "\"b\":\"xay\"", "\"b\":\"xyz\"", "\"b\":5", "\"b\":\"\""};
    private static final String[] C = {"", "\"c\":[3]", "\"c\":[1,3.0]", "\"c\":[]", "\"c\":\"3\""};
    private static final String[] D = {"", "\"d\":{\"e\":true}", "\"d\":{\"e\":1}"};
    private static final String[] AMOUNT = {"", "\"n\":1", "\"n\":4", "\"n\":-1", "\"n\":2.5"};

    /**
     * The same law over policies written as text: parsed by the front end, then decided by the engine,
     * the re-read bundle and the reference interpreter ({@link Harness} checks all three agree).
     */
    @Property(tries = 150)
    void compiledDecisionsMatchTheReference(@ForAll @LongRange(min = 0) long seed) {
        Random r = new Random(seed);
        StringBuilder p = new StringBuilder(r.nextBoolean() ? "default allow\n" : "default deny\n");
        p.append("limit shared = 3 per 2s per identity\n");
        p.append("limit spend = sum(n) <= 5 per 3s per global\n");
        int rules = 1 + r.nextInt(6);
        for (int i = 0; i < rules; i++) {
            String effect = pick(r, EFFECTS);
            p.append("tool ").append(pick(r, TARGETS)).append(" { ");
            if (r.nextInt(8) == 0) {
                p.append("limit 3 per 1s ");
            }
            if (r.nextInt(10) == 0) {
                p.append("require a ");
            }
            p.append(effect);
            if (r.nextBoolean()) {
                p.append(" when ").append(pick(r, CONDITIONS));
            }
            if (effect.equals("allow")) {
                p.append(pick(r, LIMITS));
            }
            p.append(" }\n");
        }
        if (r.nextInt(4) == 0) {
            p.append("hide u\n");
        }
        Harness h = Harness.of(p.toString());
        long t = 0;
        for (int i = 0; i < 40; i++) {
            t += r.nextInt(700);
            String args = object(r, null, A, B, C, D, AMOUNT);
            String tool = pick(r, new String[] {"t", "u", "tx", "v", "x"});
            String session = r.nextInt(3) == 0 ? null : "s" + r.nextInt(2);
            String identity = r.nextInt(3) == 0 ? null : "id" + r.nextInt(2);
            Decision d = h.decide(new Call(tool, Harness.json(args), session, identity, t, null));
            assertThat(d.outcome()).isNotNull();
        }
    }

    // ---- method sections ----

    private static final String[] RESOURCE_TARGETS = {"\"file:///data/*\"", "\"file:///*\"", "\"demo://*\"", "\"*\"",
        "\"file:///data/work/?.txt\"", "\"demo://resource/static/*\"", "\"file:*\""};
    private static final String[] RESOURCE_CONDITIONS = {"uri under \"file:///data/work\"", "uri under \"file:///\"",
        "uri under \"/data\"", "uri under \"file://localhost/data/work/sub/\"", "uri startsWith \"file:///data/\"",
        "uri endsWith \".txt\"", "uri matches /x[0-9]/", "id == \"3\"", "id in [\"1\", \"2\", 3]",
        "not (uri contains \"secret\")", "len(uri) > 24", "id exists",
        "uri under \"file:///data/work\" and not (uri endsWith \".key\")", "uri under \"/data/work\" or id == \"1\""};
    private static final String[] URIS = {"file:///data/work/a.txt", "file:///data/work/../x", "file:///data/w%2fork",
        "file:///data/other/secret", "file://host/data/work/a", "demo://resource/static/1", "relative/x",
        "/data/work/a", "file:///data/work/x1.txt", "FILE:///data/work", "file:///data/work/%2e%2e/etc",
        "https://x/y", "file://localhost/data/work/sub/k.key", "file:///data/work/a b", "file:/data/work/sub/x9"};
    private static final String[] IDS = {"", "\"id\":\"3\"", "\"id\":\"1\"", "\"id\":3", "\"id\":\"x\""};

    private static final String[] PROMPT_TARGETS = {"simple", "args-*", "\"*\"", "complex", "args-prompt"};
    private static final String[] PROMPT_CONDITIONS = {"city == \"Paris\"", "city != \"Atlantis\"", "len(city) > 3",
        "n > 2", "n in [1, 2.0]", "topic matches /^a/", "city exists", "not (n <= 5) or topic startsWith \"b\""};
    private static final String[] PROMPTS = {"simple", "args-x", "args-prompt", "complex", "other"};
    private static final String[] CITY = {"", "\"city\":\"Paris\"", "\"city\":\"Atlantis\"", "\"city\":\"Rome\"",
        "\"city\":7"};
    private static final String[] N = {"", "\"n\":1", "\"n\":2", "\"n\":6.0", "\"n\":9007199254740993", "\"n\":\"2\""};
    private static final String[] TOPIC = {"", "\"topic\":\"apple\"", "\"topic\":\"berry\""};

    private static final String[] SAMPLING_CONDITIONS = {"maxTokens > 100", "maxTokens <= 1000", "len(messages) > 2",
        "modelPreferences.intelligencePriority >= 0.5", "systemPrompt contains \"x\"",
        "messages[*].role == \"assistant\"", "maxTokens > 4000 or len(messages) > 20"};
    private static final String[] SAMPLING_LIMITS = {"", "", " limit 2 per 1s", " limit sum(maxTokens) <= 1500 per 2s",
        " limit shared", " limit 3 per 2s per session"};
    private static final String[] MAX_TOKENS = {"", "\"maxTokens\":50", "\"maxTokens\":100", "\"maxTokens\":100.0",
        "\"maxTokens\":1e3", "\"maxTokens\":5000", "\"maxTokens\":2.5", "\"maxTokens\":\"100\"",
        "\"maxTokens\":-1", "\"maxTokens\":9007199254740993"};
    private static final String[] MESSAGES = {"", "\"messages\":[]",
        "\"messages\":[{\"role\":\"user\"},{\"role\":\"assistant\"},{\"role\":\"user\"}]",
        "\"messages\":[{\"role\":\"user\"}]"};
    private static final String[] PREFS = {"", "\"modelPreferences\":{\"intelligencePriority\":0.7}",
        "\"modelPreferences\":{\"intelligencePriority\":0.2}", "\"systemPrompt\":\"xyz\""};
    private static final String[] ELICITATION_CONDITIONS = {"message contains \"password\"",
        "requestedSchema.type == \"object\"", "len(message) > 10"};
    private static final String[] ELICIT = {"{}", "{\"message\":\"your password?\"}", "{\"message\":\"name?\","
        + "\"requestedSchema\":{\"type\":\"object\"}}", "{\"message\":5}"};

    @Property(tries = 1000)
    void methodSectionsDecideLikeTheReferenceInterpreter(@ForAll @LongRange(min = 0) long seed) {
        Random r = new Random(seed);
        Harness h = Harness.of(policy(r));
        long t = 0;
        for (int i = 0; i < 25; i++) {
            t += r.nextInt(600);
            h.as(r.nextInt(3) == 0 ? null : "s" + r.nextInt(2), r.nextInt(3) == 0 ? null : "id" + r.nextInt(2));
            Decision d;
            switch (r.nextInt(6)) {
                case 0 -> {
                    String uri = pick(r, URIS);
                    d = h.method(t, MethodKind.RESOURCES, uri, object(r, "\"uri\":" + quote(uri), IDS));
                }
                case 1 -> d = h.method(t, MethodKind.PROMPTS, pick(r, PROMPTS), object(r, null, CITY, N, TOPIC));
                case 2 -> d = h.method(t, MethodKind.SAMPLING, "sampling", object(r, null, MAX_TOKENS, MESSAGES, PREFS));
                case 3 -> d = h.method(t, MethodKind.ELICITATION, "elicitation", pick(r, ELICIT));
                case 4 -> d = h.method(t, MethodKind.ROOTS, "roots", "{}");
                default -> d = h.decide(new Call(pick(r, new String[] {"t", "u"}), Harness.json("{}"), "s0", "id0", t,
                        null));
            }
            if (d != null) {
                assertThat(d.outcome()).isNotNull();
            }
        }
    }

    private static String policy(Random r) {
        StringBuilder p = new StringBuilder(r.nextBoolean() ? "default allow\n" : "default deny\n");
        p.append("limit shared = 3 per 2s per identity\n");
        p.append("tool t { allow limit shared }\n");
        for (MethodKind k : MethodKind.values()) {
            if (r.nextInt(3) == 0) {
                p.append("default ").append(k.word()).append(r.nextBoolean() ? " allow\n" : " deny\n");
            }
        }
        int blocks = 1 + r.nextInt(7);
        for (int i = 0; i < blocks; i++) {
            switch (r.nextInt(5)) {
                case 0 -> block(r, p, "resource " + pick(r, RESOURCE_TARGETS), RESOURCE_CONDITIONS, new String[] {""});
                case 1 -> block(r, p, "prompt " + pick(r, PROMPT_TARGETS), PROMPT_CONDITIONS, new String[] {""});
                case 2 -> block(r, p, "client sampling", SAMPLING_CONDITIONS, SAMPLING_LIMITS);
                case 3 -> block(r, p, "client elicitation", ELICITATION_CONDITIONS, new String[] {"", " limit 1 per 1s"});
                default -> block(r, p, "client roots", new String[] {"session == \"s1\"", "identity exists"},
                        new String[] {""});
            }
        }
        if (r.nextInt(4) == 0) {
            p.append("hide resource \"demo://resource/static/*\"\n");
        }
        if (r.nextInt(4) == 0) {
            p.append("hide prompt complex\n");
        }
        return p.toString();
    }

    private static void block(Random r, StringBuilder p, String head, String[] conditions, String[] limits) {
        p.append(head).append(" {\n");
        if (head.startsWith("prompt") && r.nextInt(6) == 0) {
            p.append("  require city\n");
        }
        int rules = 1 + r.nextInt(3);
        for (int i = 0; i < rules; i++) {
            String effect = pick(r, EFFECTS);
            p.append("  ").append(effect);
            if (r.nextInt(4) != 0) {
                p.append(" when ").append(pick(r, conditions));
            }
            if (effect.equals("allow")) {
                p.append(pick(r, limits));
            }
            p.append('\n');
        }
        p.append("}\n");
    }

    private static String object(Random r, String first, String[]... domains) {
        List<String> fields = new ArrayList<>();
        if (first != null) {
            fields.add(first);
        }
        for (String[] dom : domains) {
            String f = pick(r, dom);
            if (!f.isEmpty()) {
                fields.add(f);
            }
        }
        return "{" + String.join(",", fields) + "}";
    }

    private static String quote(String s) {
        return dev.mcppol.runtime.json.Json.NODES.stringNode(s).toString();
    }

    private static String pick(Random r, String[] from) {
        return from[r.nextInt(from.length)];
    }
}

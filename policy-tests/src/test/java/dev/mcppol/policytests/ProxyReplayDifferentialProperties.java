package dev.mcppol.policytests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.handler.CallDecision;
import dev.mcppol.runtime.handler.CallHandler;
import dev.mcppol.runtime.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tested path is the shipped path: every transcript of the repository and generated sessions go
 * through the real stdio proxy ({@link StdioProxyHarness}) and through {@code mcppol test}'s replayer,
 * and both must take the same decisions — outcome, rules, reason, retry time — in the same order. The
 * proxy's recording of the same traffic must then replay green, unchanged, with the same decisions.
 */
class ProxyReplayDifferentialProperties {

    /** One decision, as both sides can state it. */
    record Seen(String session, String identity, String tool, String outcome, String rule, List<String> rules,
                String reason, long retryAfterMs, long t) {
    }

    private static final Set<String> SESSIONS_DRIVEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    // ------------------------------------------------------------------ the repository's transcripts

    @Example
    void everyTranscriptOfTheRepositoryIsDecidedAlikeByProxyAndReplay() throws Exception {
        Path root = repoRoot();
        int files = 0;
        for (Project p : projects(root)) {
            Bundle bundle = compile(p.policy(), p.tools());
            for (Path f : TestRunner.transcripts(p.transcripts())) {
                Path dir = Files.createTempDirectory("mcppol-diff");
                assertThat(driveAndCompare(bundle, f, dir)).as(f.toString()).isPositive();
                files++;
            }
        }
        assertThat(files).isGreaterThanOrEqualTo(6);
    }

    record Project(Path policy, List<Path> tools, List<Path> transcripts) {
    }

    private static List<Project> projects(Path root) throws Exception {
        List<Project> out = new ArrayList<>();
        out.add(new Project(root.resolve("examples/jupyter/policy.mcppol"), List.of(),
                List.of(root.resolve("examples/jupyter/transcripts"))));
        out.add(new Project(root.resolve("examples/identity/policy.mcppol"), List.of(),
                List.of(root.resolve("examples/identity/cases"))));
        for (Path yaml : List.of(root.resolve("examples/policy-repo/mcppol.yaml"),
                root.resolve("policy-tests/src/main/resources/dev/mcppol/policytests/init/mcppol.yaml"))) {
            ProjectConfig c = ProjectConfig.read(yaml);
            out.add(new Project(c.policy(), c.tools(), c.transcripts()));
        }
        // Every transcript and case file of the repository belongs to one of the projects above.
        Set<Path> covered = new HashSet<>();
        for (Project p : out) {
            covered.addAll(TestRunner.transcripts(p.transcripts()).stream().map(Path::normalize).toList());
        }
        try (Stream<Path> all = Files.walk(root)) {
            List<Path> missing = all.filter(f -> Files.isRegularFile(f) && RecordSource.isReplayable(f))
                    .filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/node_modules/")
                            && !f.toString().contains("/src/test/"))
                    .map(Path::normalize).filter(f -> !covered.contains(f)).toList();
            assertThat(missing).as("transcripts the differential test does not drive").isEmpty();
        }
        return out;
    }

    private static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("examples"))) {
            p = p.getParent();
        }
        assertThat(p).as("the repository root (with examples/)").isNotNull();
        return p;
    }

    // ------------------------------------------------------------------ generated sessions

    static final String POLICY = """
            policy diff
            default deny
            limit per_session = 2 per 1s per session
            limit per_person = 3 per 1s per identity
            limit overall = 4 per 2s
            tool echo { allow as echo_ok limit per_session }
            tool write { deny as no_etc when path startsWith "/etc/" reason "system files"
                         allow as writes limit per_person }
            tool strict { validate required
                          allow as strict_ok limit overall }
            tool approve { ask as needs_ok reason "a person approves" }
            tool count { deny as too_big when n > 10 reason "too big"
                         allow as small }
            hide secret
            """;

    private static Bundle generatedBundle;

    private static synchronized Bundle generatedBundle() throws IOException {
        if (generatedBundle == null) {
            Path dir = Files.createTempDirectory("mcppol-diff-policy");
            Path p = dir.resolve("diff.mcppol");
            Files.writeString(p, POLICY);
            generatedBundle = compile(p, List.of());
        }
        return generatedBundle;
    }

    /** One generated record: who sends what, when (milliseconds after the previous record). */
    record Step(int session, long dt, boolean fromServer, JsonNode msg) {
    }

    @Property(tries = 400)
    void generatedSessionsAreDecidedAlikeByProxyAndReplay(@ForAll("sessions") List<Step> steps) throws Exception {
        Path dir = Files.createTempDirectory("mcppol-diff");
        Path f = dir.resolve("generated.jsonl");
        StringBuilder b = new StringBuilder("{\"mcppol\":\"transcript/1\"}\n");
        long t = 0;
        String run = dir.getFileName().toString();
        for (Step s : steps) {
            t += s.dt();
            ObjectNode rec = Json.NODES.objectNode();
            rec.put("t", t);
            rec.put("dir", s.fromServer() ? "s2c" : "c2s");
            rec.put("session", "s" + s.session());
            String identity = IDENTITIES[s.session()];
            if (identity == null) {
                rec.putNull("identity");
            } else {
                rec.put("identity", identity);
            }
            rec.set("msg", s.msg());
            b.append(Json.MAPPER.writeValueAsString(rec)).append('\n');
            SESSIONS_DRIVEN.add(run + "/" + s.session());
        }
        Files.writeString(f, b);
        driveAndCompare(generatedBundle(), f, dir);
    }

    @Example
    void aDeniedCallSharingAPendingListsIdLeavesTheListToTheServersAnswer() throws Exception {
        // In the proxy the denial never passes the server side; in the recording it sits between the list
        // request and its answer with the same id, and the replay must not take it for that answer.
        Path dir = Files.createTempDirectory("mcppol-diff");
        Path f = dir.resolve("collision.jsonl");
        Files.writeString(f, String.join("\n",
                "{\"mcppol\":\"transcript/1\",\"session\":\"s0\",\"identity\":\"alice\"}",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/list\"}}",
                "{\"t\":1,\"dir\":\"c2s\",\"msg\":" + message("call", Json.NODES.numberNode(3), "unknown", "{}") + "}",
                "{\"t\":2,\"dir\":\"s2c\",\"msg\":" + message("listAnswer", Json.NODES.numberNode(3), "", "{}") + "}",
                "{\"t\":3,\"dir\":\"c2s\",\"msg\":" + message("call", Json.NODES.numberNode(4), "strict", "{}") + "}",
                "{\"t\":4,\"dir\":\"c2s\",\"msg\":" + message("call", Json.NODES.numberNode(5), "strict", "{\"q\":1}") + "}") + "\n");
        assertThat(driveAndCompare(generatedBundle(), f, dir)).isEqualTo(3);
    }

    @AfterContainer
    static void atLeastAThousandSessionsWereDriven() {
        if (SESSIONS_DRIVEN.isEmpty()) {
            return; // the property was not selected (a run of one example)
        }
        assertThat(SESSIONS_DRIVEN.size()).isGreaterThanOrEqualTo(1000);
    }

    /** The identity each generated session acts for: two sessions share one, to exercise per-identity limits. */
    private static final String[] IDENTITIES = {"alice", "alice", "bob", null};

    @Provide
    Arbitrary<List<Step>> sessions() {
        Arbitrary<Long> dt = Arbitraries.of(0L, 1L, 499L, 999L, 1000L, 1001L, 1999L, 2000L, 2001L);
        Arbitrary<JsonNode> id = Arbitraries.oneOf(
                // Few ids, so duplicates are common: a denied call and a pending tools/list may share one.
                Arbitraries.integers().between(1, 3).map(i -> (JsonNode) Json.NODES.numberNode(i)),
                Arbitraries.just(Json.NODES.stringNode("a")),
                Arbitraries.just(null),
                Arbitraries.just(Json.NODES.nullNode()));
        Arbitrary<String> tool = Arbitraries.of("echo", "write", "strict", "approve", "count", "secret", "unknown");
        Arbitrary<String> args = Arbitraries.of("{}", "{\"path\":\"/etc/passwd\"}", "{\"path\":\"/tmp/x\"}",
                "{\"n\":5}", "{\"n\":11}", "{\"n\":\"11\"}", "{\"q\":1}", "[1]", "null", "\"x\"", "MISSING");
        Arbitrary<String> shape = Arbitraries.of("call", "call", "call", "call", "noName", "numberName", "noParams",
                "list", "listAnswer", "listAnswer", "notification", "ping");
        Arbitrary<Step> step = Combinators.combine(
                        // One busy session, so one session's requests, answers and calls often meet.
                        Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(0)), Tuple.of(2, Arbitraries.just(1)),
                                Tuple.of(2, Arbitraries.just(2)), Tuple.of(1, Arbitraries.just(3))), dt, shape, id, tool, args)
                .as((session, d, kind, i, name, a) -> new Step(session, d, kind.equals("listAnswer"),
                        message(kind, i, name, a)));
        return step.list().ofMinSize(6).ofMaxSize(20)
                .filter(l -> l.stream().map(Step::session).distinct().count() >= 3);
    }

    private static JsonNode message(String kind, JsonNode id, String tool, String args) {
        ObjectNode m = Json.NODES.objectNode();
        m.put("jsonrpc", "2.0");
        if (id != null) {
            m.set("id", id);
        }
        switch (kind) {
            case "listAnswer" -> {
                m.set("id", id == null ? Json.NODES.numberNode(1) : id);
                m.remove("jsonrpc");
                m.put("jsonrpc", "2.0");
                m.set("result", Json.MAPPER.readTree("{\"tools\":["
                        + "{\"name\":\"strict\",\"inputSchema\":{\"type\":\"object\",\"required\":[\"q\"]}},"
                        + "{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}},"
                        + "{\"name\":\"secret\",\"inputSchema\":{\"type\":\"object\"}}]}"));
            }
            case "list" -> m.put("method", "tools/list");
            case "notification" -> {
                m.remove("id");
                m.put("method", "notifications/progress");
            }
            case "ping" -> m.put("method", "ping");
            default -> {
                m.put("method", "tools/call");
                ObjectNode params = Json.NODES.objectNode();
                switch (kind) {
                    case "noName" -> { }
                    case "numberName" -> params.put("name", 7);
                    case "noParams" -> {
                        return m;
                    }
                    default -> params.put("name", tool);
                }
                if (!args.equals("MISSING")) {
                    params.set("arguments", Json.MAPPER.readTree(args));
                }
                m.set("params", params);
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ the comparison

    /** Drives {@code file} through the proxy and the replayer, compares; returns the number of decisions. */
    private static int driveAndCompare(Bundle bundle, Path file, Path dir) throws Exception {
        List<TranscriptRecord> records = new ArrayList<>();
        try (RecordSource in = RecordSource.open(file)) {
            TranscriptRecord r;
            while ((r = in.next()) != null) {
                records.add(r);
            }
        }
        StdioProxyHarness harness = new StdioProxyHarness(bundle, dir);
        try {
            for (TranscriptRecord r : records) {
                harness.at(r.t());
                if (r.clientToServer()) {
                    harness.fromClient(r.session(), r.identity(), r.claims(), r.msg());
                } else if (!CallHandler.isOwnAnswer(r.msg())) {
                    harness.fromServer(r.session(), r.identity(), r.claims(), r.msg());
                }
            }
        } finally {
            harness.close();
        }
        List<Seen> proxy = new ArrayList<>();
        for (JsonNode d : harness.decisions()) {
            List<String> rules = new ArrayList<>();
            d.path("rules").forEach(x -> rules.add(x.asString()));
            long t = Instant.parse(d.path("time").asString()).toEpochMilli() - StdioProxyHarness.BASE_MILLIS;
            proxy.add(new Seen(d.path("session").asString(null), d.path("identity").asString(null),
                    d.path("tool").asString(), d.path("outcome").asString(), d.path("rule").asString(), rules,
                    d.path("reason").asString(null), d.path("retryAfterMs").asLong(0), t));
        }
        Path recording = harness.recording();
        Map<Integer, Long> timeOfLine = new HashMap<>();
        records.forEach(r -> timeOfLine.put(r.line(), r.t()));
        List<Seen> replayed = replay(bundle, file, timeOfLine, false);
        assertThat(replayed).as("decisions of %s: replay (expected) vs proxy (actual)", file)
                .isEqualTo(proxy);

        // proxy --record, then mcppol test on the recording: green, unchanged, and the same decisions.
        Map<Integer, Long> recordedTimes = new HashMap<>();
        try (RecordSource in = RecordSource.open(recording)) {
            TranscriptRecord r;
            while ((r = in.next()) != null) {
                recordedTimes.put(r.line(), r.t());
            }
        }
        // The recording names sessions by short aliases in order of appearance: compare sessions by that order.
        assertThat(bySessionOrder(replay(bundle, recording, recordedTimes, true)))
                .as("decisions of the recording of %s", file).isEqualTo(bySessionOrder(proxy));
        return proxy.size();
    }

    /** The decisions with each session named by the order it first appears in (#1, #2, …). */
    private static List<Seen> bySessionOrder(List<Seen> seen) {
        Map<String, String> names = new HashMap<>();
        List<Seen> out = new ArrayList<>();
        for (Seen x : seen) {
            String n = names.computeIfAbsent(String.valueOf(x.session()), k -> "#" + (names.size() + 1));
            out.add(new Seen(n, x.identity(), x.tool(), x.outcome(), x.rule(), x.rules(), x.reason(), x.retryAfterMs(), x.t()));
        }
        return out;
    }

    private static List<Seen> replay(Bundle bundle, Path file, Map<Integer, Long> timeOfLine, boolean allExpected)
            throws Exception {
        List<Seen> out = new ArrayList<>();
        new TranscriptReplayer(bundle).replayAll(file, c -> {
            if (allExpected) {
                assertThat(c.expect()).as("%s:%d carries the recorded decision", c.file(), c.line()).isNotNull();
                assertThat(c.expect().mismatch(c.decision())).as("%s:%d", c.file(), c.line()).isNull();
            }
            long t = timeOfLine.get(c.line());
            CallDecision d = c.decision();
            out.add(new Seen(c.session(), c.identity(), c.tool() == null ? "?" : c.tool(), d.outcome().word(), d.rule(),
                    d.rules(), d.reason(), d.retryAfterMillis(t), t));
        });
        return out;
    }

    private static Bundle compile(Path policy, List<Path> tools) throws IOException {
        CompileResult r = new PolicyCompiler().compile(policy, PolicyCompiler.Options.defaults().withTools(tools));
        assertThat(r.bundle()).as("%s compiles: %s", policy, r.diagnostics().all()).isNotNull();
        return r.bundle();
    }
}

package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code mcppol test} as a CI gate: reports, coverage, --update, --baseline, mcppol.yaml. */
class TestCommandTest {

    static final Path EXAMPLE = Path.of("..", "examples", "jupyter");
    static final String POLICY = """
            policy demo
            default deny
            tool echo { allow as echo_ok }
            tool write { deny as no_etc when path startsWith "/etc/" reason "system files"
                         allow as write_ok }
            tool unused { allow as never }
            """;

    @TempDir
    Path dir;
    Path policy;
    Path transcripts;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        return run(ProjectFileContext.ofProcess(), args);
    }

    /** Runs {@code mcppol} with {@code dir} as its working directory (the JVM's own stays as it is). */
    static Run runIn(Path dir, String... args) {
        return run(ProjectFileContext.ofProcess().in(dir), args);
    }

    static Run run(ProjectFileContext context, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true), context);
        return new Run(code, out.toString(), err.toString());
    }

    static String call(int t, String tool, String args, String tail) {
        return "{\"t\":" + t + ",\"dir\":\"c2s\",\"msg\":{\"jsonrpc\":\"2.0\",\"id\":" + t
                + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + args + "}}" + tail + "}";
    }

    @BeforeEach
    void setUp() throws Exception {
        policy = dir.resolve("policy.mcppol");
        Files.writeString(policy, POLICY);
        transcripts = Files.createDirectory(dir.resolve("transcripts"));
        Files.writeString(transcripts.resolve("a.jsonl"), String.join("\n",
                call(0, "echo", "{}", ",\"expect\":\"allow\""),
                call(1, "write", "{\"path\":\"/etc/passwd\"}", ",\"expect\":\"allow\""),
                call(2, "write", "{\"path\":\"/w\"}", ",\"expect\":\"allow\"")) + "\n");
    }

    @Test
    void junitXmlIsWrittenAndCountsEveryExpectation() throws Exception {
        Path xml = dir.resolve("out/junit.xml");
        Files.createDirectories(xml.getParent());
        Run r = run("test", "--policy", policy.toString(), "--junit", xml.toString(), transcripts.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).endsWith("2 passed, 1 failed\n");
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(3);
        assertThat(doc.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(doc.getDocumentElement().getAttribute("failures")).isEqualTo("1");
    }

    @Test
    void githubAnnotationsOnlyUnderGithubActions() {
        Run plain = run("test", "--policy", policy.toString(), transcripts.toString());
        assertThat(plain.out()).doesNotContain("::error");
        Run gh = run(ProjectFileContext.ofProcess().withEnv(Map.of("GITHUB_ACTIONS", "true")), "test", "--policy", policy.toString(), transcripts.toString());
        assertThat(gh.out()).contains("::error file=" + transcripts.resolve("a.jsonl").toString().replace(":", "%3A")
                + ",line=2,title=mcppol test%3A write::expected allow, got deny");
        assertThat(gh.out().lines().filter(l -> l.startsWith("::error"))).hasSize(1);
    }

    @Test
    void jsonFormatPrintsOneDocument() throws Exception {
        Run r = run("test", "--policy", policy.toString(), "--format", "json", transcripts.toString());
        assertThat(r.code()).isEqualTo(1);
        var j = dev.mcppol.runtime.json.Json.MAPPER.readTree(r.out());
        assertThat(j.get("failed").asInt()).isEqualTo(1);
        assertThat(j.get("results")).hasSize(3);
    }

    @Test
    void coverageAndItsThreshold() {
        Run r = run("test", "--policy", policy.toString(), "--coverage", transcripts.toString());
        assertThat(r.out()).contains("coverage: 3 of 4 rules decided at least one call (75.0%)")
                .contains("rules never hit:").contains("never (allow)");
        Path fixed = transcripts.resolve("a.jsonl");
        run("test", "--policy", policy.toString(), "--update", fixed.toString());
        Run ok = run("test", "--policy", policy.toString(), "--min-coverage", "75", transcripts.toString());
        assertThat(ok.code()).isZero();
        Run below = run("test", "--policy", policy.toString(), "--min-coverage", "80", transcripts.toString());
        assertThat(below.code()).isEqualTo(1);
        // The last line says the run failed and why (before, it was "3 passed, 0 failed").
        assertThat(below.out()).endsWith("3 passed, 0 failed\nFAILED: coverage 75.0% is below the minimum of 80.0%\n");
    }

    @Test
    void updateMakesARecordedSessionATest() throws Exception {
        Path f = transcripts.resolve("rec.jsonl");
        List<String> before = List.of(
                "{\"mcppol\": \"transcript/1\", \"session\": \"r\"}",
                "{\"t\": 0, \"dir\": \"c2s\", \"msg\": {\"jsonrpc\": \"2.0\", \"id\": 0, \"method\": \"initialize\"}}",
                call(1, "echo", "{}", ""),
                call(2, "write", "{\"path\":\"/etc/x\"}", ",\"expect\":\"allow\""),
                call(3, "zzz", "{}", ""));
        Files.write(f, before);
        Run r = run("test", "--policy", policy.toString(), "--update", f.toString());
        assertThat(r.code()).isZero();
        assertThat(r.err()).contains("updated 3 of 3 expectation(s) in " + f);
        assertThat(r.out()).endsWith("3 passed, 0 failed\n");
        List<String> after = Files.readAllLines(f);
        assertThat(after).hasSize(before.size());
        assertThat(after.get(0)).isEqualTo(before.get(0));
        assertThat(after.get(1)).isEqualTo(before.get(1));
        assertThat(after.get(2)).isEqualTo(before.get(2).substring(0, before.get(2).length() - 1) + ",\"expect\":\"allow\"}");
        assertThat(after.get(3)).isEqualTo(before.get(3).replace("\"expect\":\"allow\"", "\"expect\":\"deny\""));
        assertThat(after.get(4)).isEqualTo(before.get(4).substring(0, before.get(4).length() - 1) + ",\"expect\":\"deny\"}");
        assertThat(run("test", "--policy", policy.toString(), f.toString()).code()).isZero();
    }

    @Test
    void baselineListsFlippedCallsAndFailsUnlessAllowed() throws Exception {
        Path old = dir.resolve("old.mcppol");
        Files.writeString(old, POLICY.replace("deny as no_etc when path startsWith \"/etc/\" reason \"system files\"",
                "deny as no_etc when path startsWith \"/w\""));
        Path f = transcripts.resolve("a.jsonl");
        run("test", "--policy", policy.toString(), "--update", f.toString());
        Run r = run("test", "--policy", policy.toString(), "--baseline", old.toString(), transcripts.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("CHANGED " + f + ":2: write {\"path\": \"/etc/passwd\"}")
                .contains("CHANGED " + f + ":3: write {\"path\": \"/w\"}")
                .contains("2 calls change outcome against the baseline").endsWith("3 passed, 0 failed\n"
                + "FAILED: the policy changes 2 recorded outcome(s); pass --allow-changes if that is intended\n");
        assertThat(r.out()).doesNotContain(f + ":1:");
        Run allowed = run("test", "--policy", policy.toString(), "--baseline", old.toString(), "--allow-changes",
                transcripts.toString());
        assertThat(allowed.code()).isZero();
        Run same = run("test", "--policy", policy.toString(), "--baseline", policy.toString(), transcripts.toString());
        assertThat(same.code()).isZero();
        assertThat(same.out()).contains("0 calls change outcome");
    }

    @Test
    void theProjectFileIsFoundFromASubfolder() throws Exception {
        Files.writeString(dir.resolve("mcppol.yaml"), "policy: policy.mcppol\ntranscripts: [transcripts]\nmin_coverage: 90\n");
        Path sub = Files.createDirectories(dir.resolve("deep/er"));
        Run r = runIn(sub, "test");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).endsWith("2 passed, 1 failed\nFAILED: coverage 75.0% is below the minimum of 90.0%\n");
        runIn(sub, "test", "--update");
        Run ok = runIn(sub, "test", "--min-coverage", "50");
        assertThat(ok.code()).isZero();
        // A relative PATH is taken against the working directory, and --policy wins over the file.
        Files.writeString(dir.resolve("other.mcppol"), "policy other\ndefault allow\n");
        Run other = runIn(dir, "test", "--policy", "other.mcppol", "transcripts");
        assertThat(other.out()).endsWith("2 passed, 1 failed\n");
    }

    @Test
    void projectFileErrorsNameLineAndColumn() throws Exception {
        Files.writeString(dir.resolve("mcppol.yaml"), "policy: policy.mcppol\nmin_coverag: 90\n");
        Run r = runIn(dir, "test");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(dir.resolve("mcppol.yaml") + ":2:1: unknown key \"min_coverag\"")
                .doesNotContain("Exception");
        Files.writeString(dir.resolve("mcppol.yaml"), "policy: policy.mcppol\nmin_coverage: lots\n");
        assertThat(runIn(dir, "test").err()).contains("mcppol.yaml:2:15: \"min_coverage\" must be a percentage");
    }

    @Test
    void withoutPolicyOrProjectFileItSaysWhatToDo() {
        Run r = runIn(dir, "test");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no --policy given and no mcppol.yaml").contains("mcppol init");
    }

    @Test
    void caseFileErrorsExit2WithFileLineColumn() throws Exception {
        Path c = transcripts.resolve("bad.cases.yaml");
        Files.writeString(c, "- call: {tool: echo}\n  expct: allow\n");
        Run r = run("test", "--policy", policy.toString(), c.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains(c + ":2:3: unknown case key \"expct\"").doesNotContain("\tat ");
    }

    @Test
    void theExamplePolicyRepositoryPassesItsOwnGate() {
        Run r = runIn(Path.of("..", "examples", "policy-repo", "cases").toAbsolutePath(), "test", "--coverage");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("(80.0%)").endsWith("12 passed, 0 failed\n");
    }

    @Test
    void theReadmeExampleStillPasses() {
        Run r = run("test", "--policy", EXAMPLE.resolve("policy.mcppol").toString(), EXAMPLE.resolve("transcripts").toString());
        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("49 passed, 0 failed\n");
    }

    /** Files of different lengths (the first the longest), some failing, a case file among them. */
    void manyFiles() throws Exception {
        for (int f = 0; f < 10; f++) {
            StringBuilder b = new StringBuilder();
            int calls = f == 0 ? 3000 : 3 + f;
            for (int i = 0; i < calls; i++) {
                String call = i % 3 == 0 ? call(i, "write", "{\"path\":\"/etc/" + f + "\"}", ",\"expect\":\"allow\"")
                        : call(i, i % 3 == 1 ? "echo" : "write", "{\"path\":\"/w\"}", ",\"expect\":\"allow\"");
                b.append(call).append('\n');
            }
            Files.writeString(transcripts.resolve(String.format("m%02d.jsonl", f)), b.toString());
        }
        Files.writeString(transcripts.resolve("z.cases.yaml"),
                "- call: {tool: echo}\n  expect: allow\n- call: {tool: unused}\n  expect: deny\n");
    }

    @Test
    void jobsChangeNeitherTheReportNorTheExitCode() throws Exception {
        manyFiles();
        Path xml1 = dir.resolve("one.xml");
        Path xml4 = dir.resolve("four.xml");
        for (String[] extra : List.of(new String[] {"--coverage"}, new String[] {"--format", "json"},
                new String[] {"--baseline", policy.toString(), "--allow-changes"})) {
            Run one = run(concat(new String[] {"test", "--policy", policy.toString(), "--jobs", "1", "--junit", xml1.toString()},
                    extra, transcripts.toString()));
            Run four = run(concat(new String[] {"test", "--policy", policy.toString(), "-j", "4", "--junit", xml4.toString()},
                    extra, transcripts.toString()));
            assertThat(one.code()).as(one.err()).isEqualTo(1);
            assertThat(four.code()).isEqualTo(one.code());
            assertThat(four.out()).isEqualTo(one.out());
            assertThat(four.err()).isEqualTo(one.err());
            assertThat(Files.readString(xml4).replaceAll("time=\"[^\"]*\"", "").replaceAll("timestamp=\"[^\"]*\"", ""))
                    .isEqualTo(Files.readString(xml1).replaceAll("time=\"[^\"]*\"", "").replaceAll("timestamp=\"[^\"]*\"", ""));
        }
        Run defaults = run("test", "--policy", policy.toString(), transcripts.toString());
        assertThat(defaults.out()).isEqualTo(run("test", "--policy", policy.toString(), "--jobs", "1",
                transcripts.toString()).out()).contains("FAIL");
    }

    @Test
    void jobsStopAtTheFirstBrokenFileInOrderAsOneJobDoes() throws Exception {
        manyFiles();
        Files.writeString(transcripts.resolve("m04.jsonl"), "{\"t\":0,\"dir\":\"sideways\"}\n");
        Files.writeString(transcripts.resolve("m07.jsonl"), "nonsense\n");
        Run one = run("test", "--policy", policy.toString(), "--jobs", "1", transcripts.toString());
        Run four = run("test", "--policy", policy.toString(), "--jobs", "4", transcripts.toString());
        assertThat(one.code()).isEqualTo(2);
        assertThat(one.err()).contains("m04.jsonl:1").doesNotContain("\tat ");
        assertThat(four.code()).isEqualTo(2);
        assertThat(four.err()).isEqualTo(one.err());
        assertThat(four.out()).isEqualTo(one.out());
    }

    @Test
    void jobsBelowOneAreAUsageError() {
        Run r = run("test", "--policy", policy.toString(), "--jobs", "0", transcripts.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--jobs: must be at least 1, got 0").doesNotContain("\tat ");
    }

    static String[] concat(String[] head, String[] extra, String tail) {
        List<String> all = new java.util.ArrayList<>(List.of(head));
        all.addAll(List.of(extra));
        all.add(tail);
        return all.toArray(new String[0]);
    }
}

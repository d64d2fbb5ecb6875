package dev.mcppol.policytests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

class ReportsTest {

    @TempDir
    Path dir;
    Bundle bundle;
    Path transcripts;

    @BeforeEach
    void setUp() throws Exception {
        bundle = HarnessFixture.compile(dir, "demo.mcppol", TranscriptReplayTest.POLICY);
        transcripts = Files.createDirectory(dir.resolve("t"));
        // Two passing and one failing expectation in one file, one failing in another; the failing
        // argument text carries XML's special characters and a control character.
        Files.writeString(transcripts.resolve("a.jsonl"), String.join("\n",
                HarnessFixture.rec(0, "echo", "{}", ",\"expect\":\"allow\""),
                HarnessFixture.rec(1, "write", "{\"path\":\"/etc/<x>&\\\"\\u0001\"}", ",\"expect\":\"allow\""),
                HarnessFixture.rec(2, "nope", "{}", ",\"expect\":\"deny\"")) + "\n");
        Files.writeString(transcripts.resolve("b.jsonl"),
                HarnessFixture.rec(0, "echo", "{}", ",\"expect\":{\"outcome\":\"allow\",\"rule\":\"other\"}") + "\n");
    }

    @Test
    void junitXmlParsesBackWithOneTestcasePerExpectation() throws Exception {
        ReplayReport report = new TestRunner().run(bundle, List.of(transcripts));
        Path xml = dir.resolve("junit.xml");
        JUnitReport.write(report, xml);
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("testsuites");
        assertThat(root.getAttribute("tests")).isEqualTo("4");
        assertThat(root.getAttribute("failures")).isEqualTo("2");
        assertThat(doc.getElementsByTagName("testsuite").getLength()).isEqualTo(2);
        NodeList cases = doc.getElementsByTagName("testcase");
        assertThat(cases.getLength()).isEqualTo(4);
        assertThat(((Element) cases.item(1)).getAttribute("name")).isEqualTo(transcripts.resolve("a.jsonl") + ":2 write");
        NodeList failures = doc.getElementsByTagName("failure");
        assertThat(failures.getLength()).isEqualTo(2);
        Element f = (Element) failures.item(0);
        assertThat(f.getAttribute("message")).isEqualTo("expected allow, got deny");
        assertThat(f.getTextContent()).contains("no_etc").contains("/etc/<x>&").contains("\\u0001");
        assertThat(((Element) failures.item(1)).getAttribute("message")).isEqualTo("expected rule other, got echo_ok");
    }

    @Test
    void jsonReportCarriesCountsResultsAndCoverage() throws Exception {
        ReplayReport report = new TestRunner().run(bundle, List.of(transcripts));
        JsonNode j = Json.MAPPER.readTree(JsonReport.render(report));
        assertThat(j.get("passed").asInt()).isEqualTo(2);
        assertThat(j.get("failed").asInt()).isEqualTo(2);
        assertThat(j.get("results")).hasSize(4);
        JsonNode second = j.get("results").get(1);
        assertThat(second.get("line").asInt()).isEqualTo(2);
        assertThat(second.get("actual").get("rule").asString()).isEqualTo("no_etc");
        assertThat(second.get("actual").get("source").asString()).contains("demo.mcppol:6:");
        assertThat(second.get("message").asString()).isEqualTo("expected allow, got deny");
        assertThat(j.get("coverage").get("total").asInt()).isEqualTo(bundle.rules().size());
    }

    @Test
    void githubAnnotationsPointAtTheTranscriptLine() throws Exception {
        ReplayReport report = new TestRunner().run(bundle, List.of(transcripts));
        assertThat(GithubAnnotations.enabled(Map.of("GITHUB_ACTIONS", "true"))).isTrue();
        assertThat(GithubAnnotations.enabled(Map.of())).isFalse();
        String text = GithubAnnotations.render(report, false);
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(2);
        String file = transcripts.resolve("a.jsonl").toString().replace(":", "%3A");
        assertThat(lines[0]).startsWith("::error file=" + file + ",line=2,title=mcppol test%3A write::expected allow, got deny");
        assertThat(GithubAnnotations.data("50%\nnext")).isEqualTo("50%25%0Anext");
    }

    @Test
    void coverageCountsTheDecidingRuleOfEveryCall() throws Exception {
        Bundle b = HarnessFixture.compile(dir, "cov.mcppol", """
                policy cov
                default deny
                tool a { deny as a_no when x == 1
                         allow as a_yes }
                tool b { allow as b_yes }
                tool c { ask as c_ask }
                """);
        Path d = Files.createDirectory(dir.resolve("cov"));
        Files.writeString(d.resolve("c.jsonl"), String.join("\n",
                HarnessFixture.rec(0, "a", "{\"x\":1}", ""),
                HarnessFixture.rec(1, "a", "{\"x\":2}", ""),
                HarnessFixture.rec(2, "a", "{\"x\":3}", ",\"expect\":\"allow\""),
                HarnessFixture.rec(3, "zzz", "{}", ",\"expect\":\"deny\"")) + "\n");
        ReplayReport report = new TestRunner().run(b, List.of(d));
        Coverage c = report.coverage();
        assertThat(c.total()).isEqualTo(4);
        assertThat(c.covered()).isEqualTo(2);
        assertThat(c.percent()).isEqualTo(50.0);
        assertThat(c.byDefault()).isEqualTo(1);
        assertThat(c.rules()).extracting(h -> h.rule().id() + "=" + h.hits())
                .containsExactly("a_no=1", "a_yes=2", "b_yes=0", "c_ask=0");
        assertThat(c.neverHit()).extracting(r -> r.id()).containsExactly("b_yes", "c_ask");
        String text = ConsoleReport.coverage(c);
        assertThat(text).contains("2 of 4 rules decided at least one call (50.0%)")
                .contains("rules never hit:").containsPattern("cov\\.mcppol:5:\\d+  b_yes \\(allow\\)");
    }

    @Test
    void baselineListsExactlyTheFlippedCalls() throws Exception {
        Bundle old = HarnessFixture.compile(dir, "old.mcppol", """
                policy old
                default deny
                tool a { allow }
                tool b { allow as b_old }
                """);
        Bundle now = HarnessFixture.compile(dir, "new.mcppol", """
                policy new
                default deny
                tool a { deny as a_x when x == 1
                         allow }
                tool c { allow as c_new }
                """);
        Path d = Files.createDirectory(dir.resolve("impact"));
        Files.writeString(d.resolve("i.jsonl"), String.join("\n",
                HarnessFixture.rec(0, "a", "{\"x\":1}", ""),
                HarnessFixture.rec(1, "a", "{\"x\":2}", ""),
                HarnessFixture.rec(2, "b", "{}", ""),
                HarnessFixture.rec(3, "c", "{}", ""),
                HarnessFixture.rec(4, "d", "{}", "")) + "\n");
        ReplayReport report = new TestRunner().run(now, old, List.of(d));
        assertThat(report.changes()).extracting(c -> c.line() + " " + c.tool() + " " + c.before().outcome().word()
                + "->" + c.after().outcome().word() + " " + c.after().rule())
                .containsExactly("1 a allow->deny a_x", "3 b allow->deny default", "4 c deny->allow c_new");
        String text = ConsoleReport.changes(report.changes());
        assertThat(text).contains("CHANGED " + d.resolve("i.jsonl") + ":3: b {}")
                .contains("before allow by rule b_old (").contains("after  deny by the policy's default")
                .endsWith("3 calls change outcome against the baseline\n");
    }

    @Test
    void aFlippedCallWhoseExpectationFailsIsAnnotatedOnce() throws Exception {
        Bundle old = HarnessFixture.compile(dir, "old1.mcppol", "policy old\ndefault deny\ntool a { allow }\n");
        Bundle now = HarnessFixture.compile(dir, "new1.mcppol", "policy new\ndefault deny\ntool a { deny as a_x }\n");
        Path d = Files.createDirectory(dir.resolve("once"));
        Files.writeString(d.resolve("o.jsonl"), HarnessFixture.rec(0, "a", "{}", ",\"expect\":\"allow\"") + "\n");
        ReplayReport report = new TestRunner().run(now, old, List.of(d));
        assertThat(report.failures()).hasSize(1);
        assertThat(report.changes()).hasSize(1);
        for (boolean changesFail : new boolean[] {true, false}) {
            String[] lines = GithubAnnotations.render(report, changesFail).split("\n");
            assertThat(lines).hasSize(1);
            assertThat(lines[0]).startsWith("::error file=").contains(",line=1,title=mcppol test%3A outcome changed%3A a::")
                    .contains("allow → deny (expected allow, got deny)");
        }
    }
}

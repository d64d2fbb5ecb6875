package dev.mcppol.compiler.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.Outcome;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every file of the Intercept corpus (copied from its repository, Apache-2.0) imports, or is rejected in full. */
class InterceptCorpusTest {

    static final List<String> VALID = List.of("asana", "atlassian", "aws", "azure", "brave-search", "chargebee",
            "clickhouse", "cloudflare", "cognee", "datadog", "default_deny_policy", "docker", "filesystem", "firecrawl",
            "git", "github", "gitlab", "google-drive", "grafana", "linear", "memory", "mongodb", "n8n", "neon",
            "notion", "paypal", "playwright", "postgres", "puppeteer", "sentry", "shopify", "slack", "square",
            "stripe", "supabase", "tavily", "twilio", "valid_policy");

    static Stream<String> valid() {
        return VALID.stream();
    }

    @ParameterizedTest
    @MethodSource("valid")
    void importsClean(String name) {
        String text = Imported.resource("intercept/" + name + ".yaml");
        Diagnostics d = new Diagnostics();
        Policy p = InterceptImporter.importText(name + ".yaml", text, d);
        assertThat(d.all()).isEmpty();
        assertThat(p).isNotNull();
        Imported.engine(p); // and it compiles
    }

    @Test
    void scaffoldsListEveryToolAndAllowByDefault() {
        Policy p = Imported.intercept(Imported.resource("intercept/github.yaml"));
        assertThat(p.defaultEffect()).isEqualTo(Effect.ALLOW);
        assertThat(p.notes()).anyMatch(n -> n.contains("github/github-mcp-server"));
        assertThat(new Imported.Driver(p).outcome("get_commit", "{}")).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void invalidSchemaReportsEveryError() {
        Diagnostics d = Imported.interceptErrors(Imported.resource("intercept/invalid_schema.yaml"));
        assertThat(Imported.codesAndLines(d)).containsExactlyInAnyOrder(
                "E206@1",   // version "2"
                "E208@6",   // name ""
                "E213@9",   // unknown_op
                "E212@14",  // foo.bar
                "E214@22",  // in needs a list
                "E214@28",  // lt needs a number
                "E006@34",  // [invalid(
                "E210@38",  // deny with conditions
                "E211@44",  // evaluate without conditions
                "E219@49",  // five/hour
                "E220@52",  // rate_limit with conditions
                "E220@59",  // rate_limit with state
                "E219@65",  // 0/hour
                "E216@68",  // 5/week
                "E220@72"); // deny with rate_limit
    }

    @Test
    void invalidPolicyNamesTheUnclosedStringAndTheUnclosedList() {
        Diagnostics d = Imported.interceptErrors(Imported.resource("intercept/invalid_policy.yaml"));
        assertThat(Imported.codesAndLines(d)).containsExactly("E201@5", "E201@9");
        assertThat(d.all().get(0).help()).contains("line 7");
    }
}

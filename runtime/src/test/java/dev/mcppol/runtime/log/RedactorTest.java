package dev.mcppol.runtime.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What must never reach a recording or a decision log in clear. */
class RedactorTest {
    private final Redactor redactor = new Redactor(List.of());

    private String redacted(String json) {
        return Json.MAPPER.writeValueAsString(redactor.arguments(Json.MAPPER.readTree(json)));
    }

    @Test
    void keysTheOldListMissed() {
        for (String key : List.of("passphrase", "pwd", "pass", "db_pass", "auth", "X-Auth", "jwt", "otp", "pin",
                "ssh_key", "privkey", "sessionid", "sessionId", "github_pat", "gitlab_pat", "dsn")) {
            assertThat(redacted("{\"" + key + "\":\"hunter2\"}")).as(key).doesNotContain("hunter2")
                    .contains(Redactor.MARKER);
        }
        for (String key : List.of("author", "compass", "pinned", "path", "passage", "spinner", "progressToken")) {
            assertThat(redacted("{\"" + key + "\":\"visible\"}")).as(key).contains("visible");
        }
    }

    @Test
    void secretShapedValuesUnderAnyKey() {
        String jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLXNpZ25hdHVyZQ";
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";
        String out = redacted(Json.MAPPER.writeValueAsString(Json.NODES.objectNode()
                .put("note", "use " + jwt + " please")
                .put("header", "Bearer abcdefghijklmnop1234")
                .put("key", pem)
                .put("aws", "AKIAIOSFODNN7EXAMPLE")
                .put("gh", "ghp_abcdefghijklmnopqrstuvwxyz0123456789")
                .put("openai", "sk-proj-abcdefghijklmnopqrstuvwxyz")
                .put("db", "postgres://app:s3cretPw@db.internal:5432/app")
                .put("conn", "Server=db;User Id=app;Password=s3cretPw2;")));
        assertThat(out).doesNotContain("eyJzdWIiOiJhbGljZSJ9").doesNotContain("abcdefghijklmnop1234")
                .doesNotContain("MIIEvQIBADANBgkqhkiG9w0BAQEFAASC").doesNotContain("AKIAIOSFODNN7EXAMPLE")
                .doesNotContain("ghp_abcdefghij").doesNotContain("sk-proj-abcdef").doesNotContain("s3cretPw")
                .contains("use [REDACTED] please").contains("postgres://app:[REDACTED]@db.internal:5432/app");
    }

    @Test
    void authorizationPairsInHeaderArrays() {
        String out = redacted("{\"headers\":[{\"name\":\"Authorization\",\"value\":\"Token abc\"},"
                + "[\"Cookie\",\"sid=xyz\"],\"X-Api-Key: k-123\",{\"name\":\"Accept\",\"value\":\"text/plain\"}]}");
        assertThat(out).doesNotContain("Token abc").doesNotContain("sid=xyz").doesNotContain("k-123")
                .contains("text/plain").contains("Authorization");
    }

    @Test
    void secretsInJsonNestedInStrings() {
        String inner = "{\"config\":{\"password\":\"hunter2\",\"user\":\"bob\"}}";
        JsonNode args = Json.NODES.objectNode().put("payload", inner)
                .put("twice", Json.NODES.objectNode().put("body", inner).toString());
        String out = Json.MAPPER.writeValueAsString(redactor.arguments(args));
        assertThat(out).doesNotContain("hunter2").contains("bob");
    }

    @Test
    void proseIsLeftAlone() {
        String prose = "A basic structure: the token expiration is set by the author of the bearer plan.";
        assertThat(redacted("{\"text\":\"" + prose + "\"}")).contains(prose);
    }
}

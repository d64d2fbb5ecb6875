package dev.mcppol.policytests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.transcript.TranscriptException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transcripts and case files carry the verified claims a call was made with; the replay decides with them. */
class ClaimsReplayTest {
    static final String POLICY = """
            policy teams
            default deny
            limit tenant_calls = 1 per 1m per claims.tenant
            tool sum { allow when claims.groups contains "analysts" }
            tool echo { allow limit tenant_calls }
            """;

    @TempDir
    Path dir;
    Bundle bundle;

    @BeforeEach
    void compile() throws Exception {
        bundle = HarnessFixture.compile(dir, "teams.mcppol", POLICY);
    }

    List<CallResult> replay(Path f) throws Exception {
        List<CallResult> out = new ArrayList<>();
        new TranscriptReplayer(bundle).replay(f, out::add);
        return out;
    }

    @Test
    void headerClaimsApplyUntilARecordOverridesOrClearsThem() throws Exception {
        Path f = Files.writeString(dir.resolve("t.jsonl"), String.join("\n",
                "{\"mcppol\":\"transcript/1\",\"session\":\"s\",\"identity\":\"alice\",\"claims\":{\"groups\":[\"analysts\"],\"tenant\":\"acme\"}}",
                "{\"t\":0,\"dir\":\"c2s\",\"msg\":" + TranscriptReplayTest.call(1, "sum", "{}") + ",\"expect\":\"allow\"}",
                "{\"t\":1,\"dir\":\"c2s\",\"identity\":\"bob\",\"claims\":{\"tenant\":\"acme\"},\"msg\":"
                        + TranscriptReplayTest.call(2, "sum", "{}") + ",\"expect\":\"deny\"}",
                "{\"t\":2,\"dir\":\"c2s\",\"claims\":null,\"msg\":" + TranscriptReplayTest.call(3, "sum", "{}") + ",\"expect\":\"deny\"}",
                "{\"t\":3,\"dir\":\"c2s\",\"msg\":" + TranscriptReplayTest.call(4, "echo", "{}") + ",\"expect\":\"allow\"}",
                "{\"t\":4,\"dir\":\"c2s\",\"identity\":\"bob\",\"claims\":{\"tenant\":\"acme\"},\"msg\":"
                        + TranscriptReplayTest.call(5, "echo", "{}") + ",\"expect\":\"limit\"}",
                "{\"t\":5,\"dir\":\"c2s\",\"claims\":{\"tenant\":\"globex\"},\"msg\":"
                        + TranscriptReplayTest.call(6, "echo", "{}") + ",\"expect\":\"allow\"}") + "\n");
        List<CallResult> r = replay(f);
        assertThat(r).hasSize(6).allMatch(CallResult::passed);
    }

    @Test
    void caseFilesTakeClaimsAsDefaultsAndPerCall() throws Exception {
        Path f = Files.writeString(dir.resolve("teams.cases.yaml"), """
                identity: alice
                claims: {groups: [analysts], tenant: acme}
                cases:
                  - call: {tool: sum}
                    expect: allow
                  - call: {tool: sum, identity: bob, claims: {groups: [], tenant: acme}}
                    expect: deny
                  - call: {tool: echo}
                    expect: allow
                  - call: {tool: echo, claims: {tenant: acme}}
                    expect: limit
                  - call: {tool: echo, claims: {tenant: globex}}
                    expect: allow
                  - call: {tool: sum, claims: null}
                    expect: deny
                """);
        assertThat(replay(f)).hasSize(6).allMatch(CallResult::passed);
    }

    @Test
    void claimsThatAreNotAnObjectAreAnErrorNamingTheLine() throws Exception {
        Path t = Files.writeString(dir.resolve("bad.jsonl"), "{\"mcppol\":\"transcript/1\",\"claims\":[\"x\"]}\n");
        assertThatThrownBy(() -> replay(t)).isInstanceOf(TranscriptException.class)
                .hasMessageContaining("\"claims\" must be an object")
                .satisfies(e -> assertThat(((TranscriptException) e).line()).isEqualTo(1));
        Path c = Files.writeString(dir.resolve("bad.cases.yaml"), "cases:\n  - call: {tool: sum, claims: 3}\n");
        assertThatThrownBy(() -> replay(c)).isInstanceOf(TranscriptException.class)
                .hasMessageContaining("\"claims\" must be a mapping")
                .satisfies(e -> assertThat(((TranscriptException) e).line()).isEqualTo(2));
    }
}

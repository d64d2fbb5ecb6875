package dev.mcppol.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code mcppol proxy --auth-*}: option combinations that cannot work stop the proxy before it starts. */
class AuthProxyCommandTest {
    private static int run(StringWriter err, List<String> args) {
        CommandLine cl = new CommandLine(new ProxyCommand());
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args.toArray(String[]::new));
    }

    @Test
    void badAuthOptionsAreExitCodeTwoWithAClearMessage(@TempDir Path dir) throws Exception {
        Path policy = Files.writeString(dir.resolve("p.mcppol"), "policy p\ndefault deny\ntool echo { allow }\n");
        Path jwks = Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[]}");
        List<String> http = List.of("--listen", "127.0.0.1:0", "--upstream", "http://127.0.0.1:9/mcp");
        List<String> auth = List.of("--auth-jwks", jwks.toString(), "--auth-issuer", "https://idp.test",
                "--auth-audience", "https://mcp.test/mcp");
        Object[][] cases = {
            {List.of("--auth-jwks", jwks.toString(), "--auth-issuer", "https://idp.test"), http, "go together"},
            {List.of("--identity-claim", "email"), http, "need --auth-jwks"},
            {List.of("--identity-header", "X-Agent"), http, "--identity-header cannot be combined with --auth-*"},
            {List.of("--auth-audience", "mcp-server"), http, "must be the proxy's own resource URL"},
            {List.of(), http, "holds no public key"},
            {List.of("--upstream-header", "Authorization"), http, "needs NAME=VALUE"},
            {List.of("--upstream-header", "X-Key=env:MCPPOL_SURELY_UNSET_VARIABLE"), http, "is not set"},
            {List.of("--upstream-header", "X-Key=@" + dir.resolve("missing")), http, "cannot read"},
            {List.of(), List.of("--", "node", "-e", "0"), "need the HTTP proxy"},
        };
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            List<String> extra = (List<String>) c[0];
            @SuppressWarnings("unchecked")
            List<String> transport = (List<String>) c[1];
            List<String> args = new ArrayList<>(List.of("--policy", policy.toString()));
            boolean partialAuth = extra.contains("--auth-jwks") || extra.contains("--identity-claim")
                    || extra.contains("--upstream-header");
            if (!partialAuth) {
                List<String> a = new ArrayList<>(auth);
                if (extra.contains("--auth-audience")) {
                    a = a.subList(0, 4);
                }
                args.addAll(a);
            }
            args.addAll(extra);
            args.addAll(transport);
            StringWriter err = new StringWriter();
            assertThat(run(err, args)).as(String.join(" ", args)).isEqualTo(2);
            assertThat(err.toString()).as(String.join(" ", args)).contains((String) c[2])
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}

package dev.mcppol.runtime.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A fixed header the proxy adds to every request it sends upstream — the proxy's own credential
 * towards the server, since the agent's token is never passed on (MCP forbids token passthrough).
 * {@code NAME=VALUE}; {@code NAME=@FILE} reads the value from a file (one trailing newline dropped),
 * {@code NAME=env:VAR} from an environment variable, so the secret need not be on the command line.
 */
public record UpstreamHeader(String name, String value) {
    private static final Set<String> FORBIDDEN = Set.of("host", "content-length", "content-type", "connection",
            "transfer-encoding", "mcp-session-id", "mcp-protocol-version");

    @Override
    public String toString() {
        return name + "=[REDACTED]"; // never print the credential
    }

    public static UpstreamHeader parse(String spec, Map<String, String> env) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("--upstream-header needs NAME=VALUE, NAME=@FILE or NAME=env:VAR");
        }
        String name = spec.substring(0, eq).trim();
        if (!name.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
            throw new IllegalArgumentException("--upstream-header: '" + name + "' is not a header name");
        }
        if (FORBIDDEN.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("--upstream-header: " + name + " is set by the proxy itself");
        }
        String raw = spec.substring(eq + 1);
        String value;
        if (raw.startsWith("@")) {
            Path file = Path.of(raw.substring(1));
            try {
                value = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("--upstream-header " + name + ": cannot read " + file + ": " + e.getMessage());
            }
            if (value.endsWith("\n")) {
                value = value.substring(0, value.length() - (value.endsWith("\r\n") ? 2 : 1));
            }
        } else if (raw.startsWith("env:")) {
            value = env.get(raw.substring(4));
            if (value == null) {
                throw new IllegalArgumentException("--upstream-header " + name + ": environment variable "
                        + raw.substring(4) + " is not set");
            }
        } else {
            value = raw;
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("--upstream-header " + name + ": the value contains a line break");
        }
        return new UpstreamHeader(name, value);
    }
}

package dev.mcppol.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/** An MCP server's Streamable HTTP endpoint as given on the command line: an absolute http(s) URL with a host. */
final class ServerUrl {
    private ServerUrl() {
    }

    static URI parse(CommandLine cl, String option, String text) {
        try {
            URI u = new URI(text);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u;
            }
        } catch (URISyntaxException e) {
            // Said below, in the same words as any other unusable URL.
        }
        throw new ParameterException(cl, option + ": '" + text + "' is not an http:// or https:// URL, e.g. "
                + "http://127.0.0.1:3001/mcp");
    }
}

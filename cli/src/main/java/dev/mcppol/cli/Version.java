package dev.mcppol.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * What {@code mcppol --version} prints: the version, then the commit the jar was built from (both
 * written into {@code build.properties} by the build; "unknown" where the build could not tell).
 */
public final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        Properties p = buildInfo();
        return new String[] {"mcppol " + known(p.getProperty("version"), "0.1.0-SNAPSHOT"),
            "commit " + known(p.getProperty("commit"), "unknown")};
    }

    /** The version alone, for reports that name their tool (SARIF, MCP client info). */
    static String number() {
        return known(buildInfo().getProperty("version"), "0.1.0-SNAPSHOT");
    }

    private static Properties buildInfo() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // No build information: the defaults say so.
        }
        return p;
    }

    /** A value the build filled in; an unfilled placeholder or a blank one is not known. */
    private static String known(String v, String otherwise) {
        return v == null || v.isBlank() || v.startsWith("${") ? otherwise : v.strip();
    }
}

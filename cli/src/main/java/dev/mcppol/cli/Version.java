package dev.mcppol.cli;

import picocli.CommandLine;

/** The version printed by {@code mcppol --version}: the jar's implementation version, if packaged. */
public final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Version.class.getPackage().getImplementationVersion();
        return new String[] {"mcppol " + (v != null ? v : "0.1.0-SNAPSHOT")};
    }
}

package dev.mcppol.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a command runs: its working directory (for relative paths and the {@code mcppol.yaml}
 * search) and its environment (for CI detection). Resolved here, in one place, so tests can run a
 * command "in" a folder of their choosing (system property {@code mcppol.cwd}) and with an
 * environment of their choosing, without changing the JVM's own.
 */
final class ProjectFileContext {
    private ProjectFileContext() {
    }

    private static volatile Map<String, String> envOverride;

    static Path cwd() {
        return Path.of(System.getProperty("mcppol.cwd", System.getProperty("user.dir")));
    }

    /**
     * {@code p} against the working directory (absolute paths unchanged); null stays null. Without an
     * injected directory the path is left as typed, so reports show the names the user wrote.
     */
    static Path resolve(Path p) {
        return p == null || System.getProperty("mcppol.cwd") == null ? p : cwd().resolve(p);
    }

    /**
     * A path from the project file as a person would type it from here: relative to the working
     * directory when it lies below it (reports then say {@code policy.mcppol:8:3}, not a long
     * absolute path), else unchanged.
     */
    static Path shown(Path p) {
        // Files are opened relative to the process's own directory: only shorten against that one.
        if (p == null || !p.isAbsolute() || System.getProperty("mcppol.cwd") != null) {
            return p;
        }
        Path here = cwd().toAbsolutePath().normalize();
        Path abs = p.normalize();
        return abs.startsWith(here) && !abs.equals(here) ? here.relativize(abs) : p;
    }

    static Map<String, String> env() {
        Map<String, String> o = envOverride;
        return o != null ? o : System.getenv();
    }

    /** Tests only: replaces the environment commands see; null restores the real one. */
    static void overrideEnv(Map<String, String> env) {
        envOverride = env;
    }
}

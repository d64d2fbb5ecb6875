package dev.mcppol.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Where one run of {@code mcppol} happens: its working directory (for relative paths and the
 * {@code mcppol.yaml} search) and its environment (for CI detection). A value handed to
 * {@link Main#run(String[], java.io.PrintWriter, java.io.PrintWriter, ProjectFileContext)} and kept by
 * the root command, never global: a test runs a command "in" a folder and with an environment of its
 * choosing without touching the JVM's own, and two runs side by side cannot see each other's.
 *
 * @param dir the working directory
 * @param chosen whether {@code dir} was chosen by the caller (then relative paths are resolved against
 *     it) rather than being the process's own (then paths stay as typed, so reports show them so)
 * @param env the environment variables
 */
record ProjectFileContext(Path dir, boolean chosen, Map<String, String> env) {

    ProjectFileContext {
        env = Map.copyOf(env);
    }

    /** The process's own directory and environment: what {@code mcppol} run from a shell sees. */
    static ProjectFileContext ofProcess() {
        return new ProjectFileContext(Path.of(System.getProperty("user.dir")), false, System.getenv());
    }

    /** The same run, in {@code directory}. */
    ProjectFileContext in(Path directory) {
        return new ProjectFileContext(directory, true, env);
    }

    /** The same run, with {@code environment} instead. */
    ProjectFileContext withEnv(Map<String, String> environment) {
        return new ProjectFileContext(dir, chosen, environment);
    }

    /** The context of the run {@code spec}'s command belongs to; a command run on its own runs in the process. */
    static ProjectFileContext of(CommandSpec spec) {
        Object root = spec.root().userObject();
        return root instanceof McpPolCommand m ? m.context() : ofProcess();
    }

    Path cwd() {
        return dir;
    }

    /**
     * {@code p} against the working directory (absolute paths unchanged); null stays null. In the
     * process's own directory the path is left as typed, so reports show the names the user wrote.
     */
    Path resolve(Path p) {
        return p == null || !chosen ? p : dir.resolve(p);
    }

    /**
     * A path from the project file as a person would type it from here: relative to the working
     * directory when it lies below it (reports then say {@code policy.mcppol:8:3}, not a long
     * absolute path), else unchanged.
     */
    Path shown(Path p) {
        // Files are opened relative to the process's own directory: only shorten against that one.
        if (p == null || !p.isAbsolute() || chosen) {
            return p;
        }
        Path here = dir.toAbsolutePath().normalize();
        Path abs = p.normalize();
        return abs.startsWith(here) && !abs.equals(here) ? here.relativize(abs) : p;
    }
}

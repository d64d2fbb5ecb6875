package dev.mcppol.policytests;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mcppol init}: writes a policy repository that passes {@code mcppol test} out of the box —
 * {@code mcppol.yaml}, an example policy, a tools snapshot and one transcript. Never overwrites: if
 * any of the files exists, nothing at all is written.
 */
public final class ProjectScaffold {
    private ProjectScaffold() {
    }

    /** The files init writes, relative to the target folder. */
    public static final List<String> FILES = List.of("mcppol.yaml", "policy.mcppol", "tools/notes.tools.json",
            "transcripts/example.jsonl");

    /** Some of the files exist already. */
    public static final class AlreadyExists extends Exception {
        public AlreadyExists(String message) {
            super(message);
        }
    }

    /** Writes the scaffold into {@code dir}; returns the files written. */
    public static List<Path> write(Path dir) throws IOException, AlreadyExists {
        List<String> existing = new ArrayList<>();
        for (String f : FILES) {
            if (Files.exists(dir.resolve(f))) {
                existing.add(dir.resolve(f).toString());
            }
        }
        if (!existing.isEmpty()) {
            throw new AlreadyExists("refusing to overwrite " + String.join(", ", existing));
        }
        List<Path> written = new ArrayList<>();
        for (String f : FILES) {
            Path target = dir.resolve(f);
            Files.createDirectories(target.toAbsolutePath().getParent());
            try (InputStream in = ProjectScaffold.class.getResourceAsStream("init/" + f)) {
                if (in == null) {
                    throw new IOException("the mcppol build lacks its init template " + f);
                }
                Files.write(target, in.readAllBytes());
            }
            written.add(target);
        }
        return written;
    }
}

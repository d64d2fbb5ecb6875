package dev.mcppol.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code --bundle} given a policy source: a bundle is a JSON object, so a file that does not start
 * with one is a policy (DSL or YAML). Said plainly, with the flag that takes it, instead of a JSON
 * parser's complaint about its first character.
 */
final class NotABundle {
    private NotABundle() {
    }

    /** Null when the file may be a bundle (or cannot be read: the loader says why); else the message. */
    static String describe(Path file) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(4096);
        } catch (IOException e) {
            return null;
        }
        String start = new String(head, StandardCharsets.UTF_8).stripLeading();
        if (start.isEmpty() || start.startsWith("{")) {
            return null;
        }
        return file + " is a policy, not a compiled bundle: pass it with --policy " + file
                + " (compiled in memory), or compile it first with `mcppol compile " + file + "`";
    }
}

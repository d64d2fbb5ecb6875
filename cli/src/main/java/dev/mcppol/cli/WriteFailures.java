package dev.mcppol.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Why a file could not be written, in words (Java's own messages often say only the path). */
final class WriteFailures {
    private WriteFailures() {
    }

    static String why(Path target, IOException e) {
        Path parent = target.toAbsolutePath().getParent();
        if (e instanceof NoSuchFileException && parent != null && !Files.isDirectory(parent)) {
            return "the folder " + (target.getParent() != null ? target.getParent() : parent)
                    + " does not exist (create it first)";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (Files.isDirectory(target)) {
            return "it is a folder";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}

package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.transcript.TranscriptException;
import dev.mcppol.runtime.transcript.TranscriptLines;
import dev.mcppol.runtime.transcript.TranscriptReader;
import dev.mcppol.runtime.transcript.TranscriptRecord;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code mcppol test --update}: rewrites the {@code expect} of every {@code tools/call} record to the
 * outcome the policy gives it, so a recorded session becomes a test in one command. Only the text of
 * the {@code expect} value changes (or {@code ,"expect":"…"} is appended to a call without one):
 * every other byte of every line, line endings included, stays as it was, so the diff a reviewer
 * sees is exactly the changed expectations. An object-form expectation that still holds is kept.
 * Streams line by line into a temporary file that then replaces the original.
 */
public final class TranscriptUpdater {

    /** What an update did to one file. */
    public record Result(Path file, int changed, int calls) {
    }

    private final Bundle bundle;

    public TranscriptUpdater(Bundle bundle) {
        this.bundle = bundle;
    }

    public Result update(Path file) throws IOException, TranscriptException {
        if (CaseFileReader.isCaseFile(file)) {
            // Case files are written by hand with comments; rewriting YAML text is not worth the risk.
            throw new TranscriptException(file.toString(), 0, "--update rewrites transcripts (*.jsonl) only; "
                    + "edit the expectations of a case file by hand");
        }
        TranscriptReader parser = TranscriptReader.lineFed(file);
        ReplayState state = new ReplayState(bundle);
        Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
        int changed = 0;
        int calls = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            String terminator;
            while ((terminator = TranscriptLines.readLine(in, line)) != null) {
                String text = line.toString();
                TranscriptRecord r = parser.parseLine(text);
                DecidedCall c = r == null ? null : state.accept(file.toString(), r);
                String updated = text;
                if (c != null) {
                    calls++;
                    updated = rewrite(text, c);
                    if (!updated.equals(text)) {
                        changed++;
                    }
                }
                out.write(updated);
                out.write(terminator);
            }
        } catch (IOException | TranscriptException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        if (changed > 0) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(tmp);
        }
        return new Result(file, changed, calls);
    }

    /** The line with its expectation set to the decision; the line itself when it already holds. */
    static String rewrite(String line, DecidedCall c) {
        if (c.expect() != null && c.expect().mismatch(c.decision()) == null) {
            return line;
        }
        return TranscriptLines.withExpect(line, c.decision().outcome().word());
    }
}

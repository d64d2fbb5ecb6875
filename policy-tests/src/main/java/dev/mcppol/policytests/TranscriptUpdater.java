package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.json.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

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
            while ((terminator = readLine(in, line)) != null) {
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

    /**
     * Reads one line into {@code line} and returns its terminator ({@code "\n"}, {@code "\r\n"} or
     * {@code ""} at the end of a file without a final newline); null at the end of the input.
     */
    static String readLine(BufferedReader in, StringBuilder line) throws IOException {
        line.setLength(0);
        int ch;
        boolean any = false;
        while ((ch = in.read()) != -1) {
            any = true;
            if (ch == '\n') {
                int n = line.length();
                if (n > 0 && line.charAt(n - 1) == '\r') {
                    line.setLength(n - 1);
                    return "\r\n";
                }
                return "\n";
            }
            line.append((char) ch);
        }
        return any ? "" : null;
    }

    /** The line with its expectation set to the decision; the line itself when it already holds. */
    static String rewrite(String line, DecidedCall c) {
        if (c.expect() != null && c.expect().mismatch(c.decision()) == null) {
            return line;
        }
        String value = "\"" + c.decision().outcome().word() + "\"";
        int[] span = expectSpan(line);
        if (span != null) {
            return line.substring(0, span[0]) + value + line.substring(span[1]);
        }
        int close = line.lastIndexOf('}');
        // Follow the line's own spacing, so an appended member looks like its neighbours.
        String sep = line.contains("\": ") ? ", \"expect\": " : ",\"expect\":";
        return line.substring(0, close) + sep + value + line.substring(close);
    }

    /**
     * The character span {@code [start, end)} of the top-level {@code expect} member's value in a
     * record's JSON text, or null without one. The end is found from where the next token starts,
     * backing over whitespace and the comma, since a scalar's own end is not reported by the parser.
     */
    static int[] expectSpan(String line) {
        try (JsonParser p = Json.MAPPER.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.PROPERTY_NAME) {
                String name = p.currentName();
                p.nextToken();
                int start = (int) p.currentTokenLocation().getCharOffset();
                p.skipChildren();
                if (!name.equals("expect")) {
                    continue;
                }
                p.nextToken();
                int end = (int) p.currentTokenLocation().getCharOffset();
                while (end > start && Character.isWhitespace(line.charAt(end - 1))) {
                    end--;
                }
                if (end > start && line.charAt(end - 1) == ',') {
                    end--;
                }
                while (end > start && Character.isWhitespace(line.charAt(end - 1))) {
                    end--;
                }
                return new int[] {start, end};
            }
            return null;
        }
    }
}

package dev.mcppol.runtime.transcript;

import dev.mcppol.runtime.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Edits of a transcript's text that keep every other byte as it was: reading a line with its own
 * terminator, and setting a record's {@code expect} in place. {@code mcppol test --update} uses them
 * so the diff a reviewer sees is exactly the changed expectations.
 */
public final class TranscriptLines {
    private TranscriptLines() {
    }

    /**
     * Reads one line into {@code line} and returns its terminator ({@code "\n"}, {@code "\r\n"} or
     * {@code ""} at the end of a file without a final newline); null at the end of the input.
     */
    public static String readLine(BufferedReader in, StringBuilder line) throws IOException {
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

    /**
     * The record's text with its {@code expect} set to the outcome word: the value replaced where the
     * record has one, else {@code ,"expect":"…"} appended in the line's own spacing.
     */
    public static String withExpect(String line, String outcome) {
        String value = "\"" + outcome + "\"";
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
    public static int[] expectSpan(String line) {
        try (JsonParser p = Json.MAPPER.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.PROPERTY_NAME) {
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

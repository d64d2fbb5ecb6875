package dev.mcppol.runtime.proxy;

/**
 * Finds the top-level {@code "id"} of a JSON message fed in chunks, in constant memory: a message
 * over the size limit is skipped unread, but its request still deserves an answer. Keeps the raw
 * text of the id (at most {@link #MAX_ID} bytes) and whether a top-level {@code "method"} was seen.
 * Not a validator: the id is only used to address an error reply.
 */
final class TopLevelIdScanner {
    static final int MAX_ID = 256;
    private static final int MAX_KEY = 8;

    private int depth;
    private boolean inString;
    private boolean escape;
    private boolean keyString;
    private final StringBuilder key = new StringBuilder();
    private String lastKey;
    private boolean expectValue;
    private StringBuilder idText;
    private boolean idDone;
    private String id;
    private boolean method;

    void feed(byte[] b, int off, int len) {
        for (int i = off; i < off + len; i++) {
            feed((char) (b[i] & 0xff));
        }
    }

    private void feed(char c) {
        if (idText != null && !idDone) {
            if ((depth == 1 && !inString && (c == ',' || c == '}')) || idText.length() > MAX_ID) {
                idDone = true;
                id = idText.length() > MAX_ID ? null : idText.toString().trim();
            } else {
                idText.append(c);
            }
        }
        if (inString) {
            if (escape) {
                escape = false;
            } else if (c == '\\') {
                escape = true;
            } else if (c == '"') {
                inString = false;
                if (keyString) {
                    lastKey = key.length() > MAX_KEY ? null : key.toString();
                    key.setLength(0);
                    keyString = false;
                }
            } else if (keyString && key.length() <= MAX_KEY) {
                key.append(c);
            }
            return;
        }
        switch (c) {
            case '"' -> {
                inString = true;
                keyString = depth == 1 && !expectValue;
            }
            case '{', '[' -> depth++;
            case '}', ']' -> depth--;
            case ':' -> {
                if (depth == 1) {
                    expectValue = true;
                    if ("id".equals(lastKey) && idText == null) {
                        idText = new StringBuilder();
                    }
                    method |= "method".equals(lastKey);
                }
            }
            case ',' -> {
                if (depth == 1) {
                    expectValue = false;
                }
            }
            default -> {
            }
        }
    }

    /** The id's JSON text (a number or a quoted string), or null when none was found. */
    String id() {
        if (!idDone && idText != null && idText.length() <= MAX_ID) {
            return null;
        }
        return id != null && (id.matches("-?[0-9]+") || id.matches("\"[^\"\\\\]*\"")) ? id : null;
    }

    boolean hasMethod() {
        return method;
    }
}

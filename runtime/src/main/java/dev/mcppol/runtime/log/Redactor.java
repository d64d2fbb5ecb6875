package dev.mcppol.runtime.log;

import dev.mcppol.runtime.json.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Replaces secrets by {@link #MARKER} before a message is written to a file that may be committed.
 * Two ways a value counts as secret: its key looks like one (token, password, secret, authorization,
 * api_key, cookie, credential, private_key …, case-insensitive, anywhere in a message), or it sits at a
 * {@code --redact} path inside a {@code tools/call}'s arguments ({@code a.b.c}, {@code *} for any key
 * or index).
 */
public final class Redactor {
    public static final String MARKER = "[REDACTED]";

    /** Strings parsed as JSON to look for secrets inside, at most this deep. */
    private static final int MAX_NESTED_JSON = 3;

    private final List<List<String>> argumentPaths;
    private final List<List<String>> claimPaths;

    public Redactor(List<String> argumentPaths) {
        this(argumentPaths, List.of());
    }

    /** @param claimPaths claim paths ({@code email}, {@code address.street}) to redact in recorded claims */
    public Redactor(List<String> argumentPaths, List<String> claimPaths) {
        this.claimPaths = parse(claimPaths, "--redact-claim needs a claim name such as email");
        this.argumentPaths = parse(argumentPaths, "--redact needs a path such as headers.x-api-key");
    }

    private static List<List<String>> parse(List<String> dotted, String problem) {
        List<List<String>> paths = new ArrayList<>();
        for (String p : dotted) {
            if (p.isBlank()) {
                throw new IllegalArgumentException(problem);
            }
            paths.add(Arrays.asList(p.split("\\.")));
        }
        return List.copyOf(paths);
    }

    /**
     * A redacted copy of verified token claims: secret-looking keys and every {@code --redact-claim}
     * path. A condition on a redacted claim replays against the marker, like a redacted argument.
     */
    public JsonNode claims(JsonNode claims) {
        JsonNode copy = claims.deepCopy();
        redactKeys(copy);
        for (List<String> path : claimPaths) {
            redactPath(copy, path, 0);
        }
        return copy;
    }

    public static boolean secretKey(String key) {
        return SecretPatterns.secretKey(key);
    }

    /** A redacted copy of a whole JSON-RPC message (the input is left untouched). */
    public JsonNode message(JsonNode msg) {
        JsonNode copy = msg.deepCopy();
        redactKeys(copy);
        JsonNode params = copy.get("params");
        if ("tools/call".equals(copy.path("method").asString(null)) && params != null && params.isObject()) {
            JsonNode args = params.get("arguments");
            if (args != null && args.isObject()) {
                ((ObjectNode) params).set("arguments", arguments(args));
            }
        }
        return copy;
    }

    /** A redacted copy of a call's arguments (secret keys and {@code --redact} paths). */
    public JsonNode arguments(JsonNode args) {
        JsonNode copy = args.deepCopy();
        redactKeys(copy);
        for (List<String> path : argumentPaths) {
            redactPath(copy, path, 0);
        }
        return copy;
    }

    private static void redactKeys(JsonNode node) {
        redactKeys(node, 0);
    }

    /**
     * Secret keys, header pairs ({@code {"name": "Authorization", "value": …}}, {@code ["Cookie", …]},
     * {@code "Authorization: …"}), secret-shaped strings, and JSON nested in strings.
     */
    private static void redactKeys(JsonNode node, int nesting) {
        if (node instanceof ObjectNode obj) {
            String pairName = headerPairName(obj);
            for (Map.Entry<String, JsonNode> e : new ArrayList<>(obj.properties())) {
                if (secretKey(e.getKey()) || (pairName != null && isPairValueKey(e.getKey()))) {
                    obj.put(e.getKey(), MARKER);
                } else if (e.getValue().isString()) {
                    obj.set(e.getKey(), redactString(e.getValue(), nesting));
                } else {
                    redactKeys(e.getValue(), nesting);
                }
            }
        } else if (node instanceof ArrayNode arr) {
            boolean pair = arr.size() == 2 && arr.get(0).isString() && secretKey(arr.get(0).stringValue());
            for (int i = 0; i < arr.size(); i++) {
                JsonNode e = arr.get(i);
                if (pair && i == 1) {
                    arr.set(i, Json.NODES.stringNode(MARKER));
                } else if (e.isString()) {
                    arr.set(i, redactString(e, nesting));
                } else {
                    redactKeys(e, nesting);
                }
            }
        }
    }

    /** The secret header name of a {@code {name|key|header: NAME, value: …}} entry, else null. */
    private static String headerPairName(ObjectNode obj) {
        for (String k : List.of("name", "key", "header")) {
            JsonNode n = obj.get(k);
            if (n != null && n.isString() && secretKey(n.stringValue())) {
                return n.stringValue();
            }
        }
        return null;
    }

    private static boolean isPairValueKey(String key) {
        return key.equals("value") || key.equals("values");
    }

    private static JsonNode redactString(JsonNode v, int nesting) {
        String s = v.stringValue();
        String t = s.stripLeading();
        if (nesting < MAX_NESTED_JSON && (t.startsWith("{") || t.startsWith("["))) {
            try {
                JsonNode inner = Json.MAPPER.readTree(s);
                if (inner != null && inner.isContainer()) {
                    JsonNode copy = inner.deepCopy();
                    redactKeys(copy, nesting + 1);
                    return copy.equals(inner) ? v : Json.NODES.stringNode(Json.MAPPER.writeValueAsString(copy));
                }
            } catch (RuntimeException notJson) {
                // not JSON after all: searched as text below
            }
        }
        String out = SecretPatterns.redactHeaderLine(SecretPatterns.redactValue(s, MARKER), MARKER);
        return out.equals(s) ? v : Json.NODES.stringNode(out);
    }

    private static void redactPath(JsonNode node, List<String> path, int at) {
        String seg = path.get(at);
        boolean last = at == path.size() - 1;
        if (node instanceof ObjectNode obj) {
            for (String key : new ArrayList<>(obj.propertyNames())) {
                if (seg.equals("*") || seg.equals(key)) {
                    if (last) {
                        obj.put(key, MARKER);
                    } else {
                        redactPath(obj.get(key), path, at + 1);
                    }
                }
            }
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                if (seg.equals("*") || seg.equals(Integer.toString(i))) {
                    if (last) {
                        arr.set(i, Json.NODES.stringNode(MARKER));
                    } else {
                        redactPath(arr.get(i), path, at + 1);
                    }
                }
            }
        }
    }
}

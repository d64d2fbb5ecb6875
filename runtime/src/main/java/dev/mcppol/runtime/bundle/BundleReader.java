package dev.mcppol.runtime.bundle;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.Outcome;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.Scope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/** Loads a bundle file: checks the magic key and version, verifies the hash, then builds the model. */
public final class BundleReader {

    private final java.security.PublicKey verifyKey;

    /** A reader that checks the hash only. */
    public BundleReader() {
        this(null);
    }

    /** A reader that also requires a valid Ed25519 signature by this key (none: hash only). */
    public BundleReader(java.security.PublicKey verifyKey) {
        this.verifyKey = verifyKey;
    }

    public Bundle read(Path file) throws IOException, BundleFormatException {
        return read(Files.readAllBytes(file), file.toString());
    }

    public Bundle read(byte[] bytes, String name) throws BundleFormatException {
        JsonNode root;
        try {
            root = Json.tree(() -> Json.MAPPER.readTree(bytes));
        } catch (JacksonException e) {
            throw new BundleFormatException(name + ": not a readable bundle: " + e.getOriginalMessage());
        }
        return read(root, name);
    }

    public Bundle read(JsonNode root, String name) throws BundleFormatException {
        if (!isBundle(root)) {
            throw new BundleFormatException(name + ": not an mcppol bundle (no \"mcppol\" key)");
        }
        String format = root.get(Bundle.MAGIC_KEY).asString();
        if (!Bundle.FORMAT.equals(format)) {
            throw new BundleFormatException(name + ": unsupported bundle version '" + format + "' (this mcppol reads "
                    + Bundle.FORMAT + ")");
        }
        JsonNode body = root.get("body");
        JsonNode hash = root.get("sha256");
        if (body == null || !body.isObject() || hash == null || !hash.isString()) {
            throw new BundleFormatException(name + ": bundle lacks its body or its sha256");
        }
        String actual = sha256(body);
        if (!actual.equals(hash.stringValue())) {
            throw new BundleFormatException(name + ": bundle content does not match its sha256 (corrupt or edited)");
        }
        if (verifyKey != null) {
            JsonNode sig = root.get("signature");
            if (sig == null || !sig.isObject() || !sig.path("value").isString()) {
                throw new BundleFormatException(name + ": bundle is not signed, and a verify key was given");
            }
            if (!BundleSignatures.ALGORITHM.equals(sig.path("alg").asString(""))
                    || !BundleSignatures.verify(actual, sig.get("value").stringValue(), verifyKey)) {
                throw new BundleFormatException(name + ": bundle signature does not verify with the given key "
                        + "(tampered, or signed by another key)");
            }
        }
        try {
            return parseBody(body, actual);
        } catch (RuntimeException e) {
            throw new BundleFormatException(name + ": malformed bundle body: " + e.getMessage());
        }
    }

    /** True when a parsed JSON document is a bundle (carries the magic key). */
    public static boolean isBundle(JsonNode root) {
        return root != null && root.isObject() && root.has(Bundle.MAGIC_KEY) && root.get(Bundle.MAGIC_KEY).isString()
                && root.get(Bundle.MAGIC_KEY).stringValue().startsWith("bundle/");
    }

    /** Hex SHA-256 of the canonical (sorted-key, compact) serialisation of a bundle body. */
    public static String sha256(JsonNode body) {
        try {
            byte[] bytes = Json.CANONICAL.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    private static Bundle parseBody(JsonNode body, String hash) {
        Map<String, Bundle> methods = new LinkedHashMap<>();
        JsonNode sections = body.get("methods");
        if (sections != null) {
            if (!sections.isObject()) {
                throw new IllegalArgumentException("\"methods\" is not an object");
            }
            for (Map.Entry<String, JsonNode> e : sections.properties()) {
                if (dev.mcppol.runtime.model.MethodKind.fromWord(e.getKey()) == null) {
                    // A section this reader does not know would pass its requests unchecked: refuse it.
                    throw new IllegalArgumentException("unknown method section '" + e.getKey() + "'");
                }
                if (!e.getValue().isObject() || e.getValue().has("methods")) {
                    throw new IllegalArgumentException("method section '" + e.getKey() + "' is malformed");
                }
                methods.put(e.getKey(), parseBody(e.getValue(), hash));
            }
        }
        return parseSection(body, hash).withMethods(methods);
    }

    private static Bundle parseSection(JsonNode body, String hash) {
        List<Atom> atoms = new ArrayList<>();
        for (JsonNode a : req(body, "atoms")) {
            atoms.add(AtomCodec.read(a));
        }
        List<LimitSpec> limits = new ArrayList<>();
        for (JsonNode l : req(body, "limits")) {
            limits.add(new LimitSpec(text(l, "name"), req(l, "shared").booleanValue(),
                    l.has("amount") ? path(l.get("amount")) : List.of(), req(l, "max").decimalValue(),
                    req(l, "windowMs").longValue(), Scope.fromWord(text(l, "scope")),
                    l.has("scopeClaim") ? path(l.get("scopeClaim")) : List.of()));
        }
        List<RuleInfo> rules = new ArrayList<>();
        for (JsonNode r : req(body, "rules")) {
            List<String> approvers = new ArrayList<>();
            if (r.has("approvers")) {
                for (JsonNode a : req(r, "approvers")) {
                    if (!a.isString()) {
                        throw new IllegalArgumentException("rule approvers must be strings");
                    }
                    approvers.add(a.stringValue());
                }
            }
            long grant = r.has("approveForMs") ? req(r, "approveForMs").asLong() : 0;
            if (grant < 0) {
                throw new IllegalArgumentException("rule approveForMs must not be negative");
            }
            rules.add(new RuleInfo(text(r, "id"), Effect.fromWord(text(r, "effect")),
                    r.has("reason") ? text(r, "reason") : null, text(r, "source"), approvers, grant));
        }
        List<Leaf> leaves = new ArrayList<>();
        for (JsonNode l : req(body, "leaves")) {
            Outcome outcome = Outcome.fromWord(text(l, "outcome"));
            List<Integer> leafRules = ints(req(l, "rules"), rules.size());
            List<Integer> leafLimits = ints(req(l, "limits"), limits.size());
            if (l.has("limitRules")) {
                List<List<Integer>> by = new ArrayList<>();
                for (JsonNode r : req(l, "limitRules")) {
                    by.add(ints(r, rules.size()));
                }
                leaves.add(new Leaf(outcome, leafRules, leafLimits, by));
            } else {
                leaves.add(new Leaf(outcome, leafRules, leafLimits));
            }
        }
        Map<String, Diagram> tools = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : req(body, "tools").properties()) {
            tools.put(e.getKey(), diagram(e.getValue(), atoms.size(), leaves.size()));
        }
        Diagram fallback = diagram(req(body, "fallback"), atoms.size(), leaves.size());
        List<String> hidden = new ArrayList<>();
        for (JsonNode h : req(body, "hidden")) {
            hidden.add(h.stringValue());
        }
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : req(body, "schemas").properties()) {
            schemas.put(e.getKey(), e.getValue());
        }
        return new Bundle(text(body, "policy"), Effect.fromWord(text(body, "default")), atoms, limits, rules, leaves,
                tools, fallback, hidden, schemas, hash);
    }

    private static Diagram diagram(JsonNode d, int atoms, int leaves) {
        JsonNode nodes = req(d, "nodes");
        int n = nodes.size();
        int[] atom = new int[n];
        int[] low = new int[n];
        int[] high = new int[n];
        for (int i = 0; i < n; i++) {
            JsonNode node = nodes.get(i);
            atom[i] = node.get(0).intValue();
            low[i] = node.get(1).intValue();
            high[i] = node.get(2).intValue();
            if (atom[i] < 0 || atom[i] >= atoms) {
                throw new IllegalArgumentException("node " + i + " tests an atom that does not exist");
            }
            // Children point forward only (towards the leaves), so walking a diagram always ends.
            checkRef(low[i], i, n, leaves);
            checkRef(high[i], i, n, leaves);
        }
        int root = req(d, "root").intValue();
        checkRef(root, -1, n, leaves);
        return new Diagram(root, atom, low, high);
    }

    private static void checkRef(int ref, int from, int nodes, int leaves) {
        if (ref >= 0 ? (ref <= from || ref >= nodes) : Diagram.leafOf(ref) >= leaves) {
            throw new IllegalArgumentException("diagram reference " + ref + " out of range");
        }
    }

    private static List<PathSeg> path(JsonNode p) {
        return AtomCodec.path(p);
    }

    private static List<Integer> ints(JsonNode arr, int bound) {
        List<Integer> out = new ArrayList<>();
        for (JsonNode i : arr) {
            int v = i.intValue();
            if (!i.isInt() || v < 0 || v >= bound) {
                throw new IllegalArgumentException("index " + i + " out of range");
            }
            out.add(v);
        }
        return out;
    }

    private static JsonNode req(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("missing \"" + key + "\"");
        }
        return v;
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = req(n, key);
        if (!v.isString()) {
            throw new IllegalArgumentException("\"" + key + "\" must be a string");
        }
        return v.stringValue();
    }
}

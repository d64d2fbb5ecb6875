package dev.mcppol.runtime.bundle;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.PathSeg;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes bundles: the body as JSON with sorted keys, its SHA-256, and the magic key. The same
 * input always gives the same bytes. The inverse of {@link BundleReader}: the format has one owner,
 * this package, and the compiler only hands it the {@link Bundle} to write.
 */
public final class BundleWriter {

    /** The bundle with its hash filled in, and the file's bytes. */
    public record Written(Bundle bundle, byte[] bytes) {
    }

    public Written write(Bundle bundle) {
        return write(bundle, null);
    }

    /** Writes the bundle, signed with an Ed25519 key when one is given. */
    public Written write(Bundle bundle, java.security.PrivateKey signingKey) {
        ObjectNode body = body(bundle);
        // Round-trip once so the hash is over exactly what a reader will reconstruct from the bytes.
        JsonNode normalised = Json.MAPPER.readTree(Json.CANONICAL.writeValueAsString(body));
        String hash = BundleReader.sha256(normalised);
        ObjectNode file = Json.NODES.objectNode();
        file.put(Bundle.MAGIC_KEY, Bundle.FORMAT);
        file.put("sha256", hash);
        if (signingKey != null) {
            ObjectNode sig = file.putObject("signature");
            sig.put("alg", BundleSignatures.ALGORITHM);
            sig.put("value", BundleSignatures.sign(hash, signingKey));
        }
        file.set("body", normalised);
        String text = Json.CANONICAL.writerWithDefaultPrettyPrinter().writeValueAsString(file) + "\n";
        return new Written(bundle.withSha256(hash), text.getBytes(StandardCharsets.UTF_8));
    }

    private static ObjectNode body(Bundle b) {
        ObjectNode body = Json.NODES.objectNode();
        body.put("policy", b.policyName());
        body.put("default", b.defaultEffect().word());
        ArrayNode atoms = body.putArray("atoms");
        for (Atom a : b.atoms()) {
            atoms.add(AtomCodec.write(a));
        }
        ArrayNode limits = body.putArray("limits");
        for (LimitSpec l : b.limits()) {
            ObjectNode o = limits.addObject();
            o.put("name", l.name());
            o.put("shared", l.shared());
            if (l.isBudget()) {
                o.set("amount", path(l.amount()));
            }
            o.set("max", number(l.max()));
            o.put("windowMs", l.windowMillis());
            o.put("scope", l.scope().word());
            if (!l.scopeClaim().isEmpty()) {
                o.set("scopeClaim", path(l.scopeClaim()));
            }
        }
        ArrayNode rules = body.putArray("rules");
        for (RuleInfo r : b.rules()) {
            ObjectNode o = rules.addObject();
            o.put("id", r.id());
            o.put("effect", r.effect().word());
            if (r.reason() != null) {
                o.put("reason", r.reason());
            }
            o.put("source", r.source());
            // Written only when set, so a policy without approval settings keeps its bundle bytes.
            if (!r.approvers().isEmpty()) {
                r.approvers().forEach(o.putArray("approvers")::add);
            }
            if (r.grantMillis() > 0) {
                o.put("approveForMs", r.grantMillis());
            }
        }
        ArrayNode leaves = body.putArray("leaves");
        for (Leaf l : b.leaves()) {
            ObjectNode o = leaves.addObject();
            o.put("outcome", l.outcome().word());
            l.rules().forEach(o.putArray("rules")::add);
            l.limits().forEach(o.putArray("limits")::add);
            if (!l.limits().isEmpty()) {
                ArrayNode by = o.putArray("limitRules");
                l.limitRules().forEach(r -> r.forEach(by.addArray()::add));
            }
        }
        ObjectNode tools = body.putObject("tools");
        for (Map.Entry<String, Diagram> e : new java.util.TreeMap<>(b.tools()).entrySet()) {
            tools.set(e.getKey(), diagram(e.getValue()));
        }
        body.set("fallback", diagram(b.fallback()));
        ArrayNode hidden = body.putArray("hidden");
        b.hidden().forEach(hidden::add);
        ObjectNode schemas = body.putObject("schemas");
        for (Map.Entry<String, JsonNode> e : new java.util.TreeMap<>(b.schemas()).entrySet()) {
            schemas.set(e.getKey(), e.getValue());
        }
        if (!b.methods().isEmpty()) {
            // Only when the policy decides other methods: a tools-only bundle keeps its bytes.
            ObjectNode methods = body.putObject("methods");
            for (Map.Entry<String, Bundle> e : new java.util.TreeMap<>(b.methods()).entrySet()) {
                methods.set(e.getKey(), body(e.getValue()));
            }
        }
        return body;
    }

    private static JsonNode diagram(Diagram d) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("root", d.root());
        ArrayNode nodes = o.putArray("nodes");
        for (int i = 0; i < d.size(); i++) {
            ArrayNode n = nodes.addArray();
            n.add(d.atom()[i]);
            n.add(d.low()[i]);
            n.add(d.high()[i]);
        }
        return o;
    }

    private static ArrayNode path(List<PathSeg> path) {
        return AtomCodec.path(path);
    }

    private static JsonNode number(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() <= 0 ? Json.NODES.numberNode(s.toBigInteger()) : Json.NODES.numberNode(s);
    }
}

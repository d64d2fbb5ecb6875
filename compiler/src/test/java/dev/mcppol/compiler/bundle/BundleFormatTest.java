package dev.mcppol.compiler.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcppol.compiler.semantics.Harness;
import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.BundleFormatException;
import dev.mcppol.runtime.bundle.BundleReader;
import dev.mcppol.runtime.bundle.BundleWriter;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.limit.InMemoryLimiter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** DESIGN "Compiled bundle": versioned, hashed, deterministic, refused when tampered or malformed. */
class BundleFormatTest {

    static final String POLICY = """
            policy shop
            default deny
            limit spend = sum(amount) <= 100 per 1h per identity
            limit calls = 10 per 1m per session
            tool pay {
              require amount
              deny as no_usd when currency == "USD" reason "euros only"
              ask as big when amount > 50
              allow as pay_ok when currency in ["EUR", null] limit spend
            }
            tool fs_* {
              deny when path matches /^\\/etc\\//i
              allow when len(path) < 100 and tags[*] contains "ok" limit calls
            }
            tool report { validate required
              allow when not (headers["x-y"] exists) or session == "admin" }
            hide delete_all
            """;

    static final Map<String, JsonNode> SCHEMAS = Map.of("report", Harness.json(
            "{\"name\":\"report\",\"inputSchema\":{\"type\":\"object\",\"required\":[\"q\"]}}"));

    private static byte[] bytes() {
        return Harness.of(POLICY, SCHEMAS).result.bytes();
    }

    private static Bundle read(byte[] bytes) throws BundleFormatException {
        return new BundleReader().read(bytes, "b.json");
    }

    private static ObjectNode tree(byte[] bytes) {
        return (ObjectNode) Json.MAPPER.readTree(bytes);
    }

    /** Re-hashes an edited body, so only the reader's structural checks can refuse it. */
    private static ObjectNode rehash(ObjectNode root) {
        root.put("sha256", BundleReader.sha256(root.get("body")));
        return root;
    }

    @Test
    void compilingTwiceGivesByteIdenticalBundles() {
        assertThat(bytes()).isEqualTo(bytes());
    }

    @Test
    void rewritingAReadBundleGivesTheSameBytes() throws Exception {
        byte[] first = bytes();
        assertThat(new BundleWriter().write(read(first)).bytes()).isEqualTo(first);
    }

    @Test
    void theFileCarriesTheMagicKeyFormatAndHash() throws Exception {
        ObjectNode root = tree(bytes());
        assertThat(root.get("mcppol").stringValue()).isEqualTo(Bundle.FORMAT);
        assertThat(root.get("sha256").stringValue()).hasSize(64).isEqualTo(BundleReader.sha256(root.get("body")));
        assertThat(read(bytes()).sha256()).isEqualTo(root.get("sha256").stringValue());
        assertThat(BundleReader.isBundle(root)).isTrue();
    }

    @Test
    void aReadBundleDecidesLikeTheCompiledOne() throws Exception {
        Harness h = Harness.of(POLICY, SCHEMAS);
        Engine fromFile = new Engine(read(h.result.bytes()), new InMemoryLimiter());
        Engine inMemory = new Engine(h.bundle, new InMemoryLimiter());
        String[][] calls = {
            {"pay", "{\"amount\":20,\"currency\":\"EUR\"}"}, {"pay", "{\"amount\":60}"},
            {"pay", "{\"amount\":20,\"currency\":\"USD\"}"}, {"pay", "{}"}, {"pay", "{\"amount\":-1}"},
            {"fs_read", "{\"path\":\"/ETC/x\",\"tags\":[[\"ok\"]]}"}, {"fs_read", "{\"path\":\"/x\",\"tags\":[\"ok\"]}"},
            {"report", "{\"q\":1}"}, {"report", "{\"q\":1,\"headers\":{\"x-y\":1}}"}, {"report", "{}"},
            {"delete_all", "{}"}, {"nobody", "{}"},
        };
        for (int i = 0; i < 3; i++) {
            for (String[] c : calls) {
                Call call = new Call(c[0], Harness.json(c[1]), "s", "id", i * 1000L, null);
                Decision a = inMemory.decide(call);
                Decision b = fromFile.decide(call);
                assertThat(b).as(c[0] + " " + c[1]).isEqualTo(a);
            }
        }
    }

    @Test
    void aBundleWrittenToDiskReadsBack(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path f = dir.resolve("b.mcppolb");
        Files.write(f, bytes());
        assertThat(new BundleReader().read(f).policyName()).isEqualTo("shop");
    }

    @Test
    void flippingOneByteOfTheBodyIsRefusedNamingTheHash() {
        byte[] b = bytes();
        String text = new String(b, StandardCharsets.UTF_8);
        int at = text.indexOf("euros only") + 1;
        b[at] = (byte) (b[at] ^ 0x01);
        assertThatThrownBy(() -> read(b)).isInstanceOf(BundleFormatException.class).hasMessageContaining("sha256");
    }

    @Test
    void changingANumberInTheBodyIsRefused() {
        String text = new String(bytes(), StandardCharsets.UTF_8).replace("\"windowMs\" : 60000", "\"windowMs\" : 60001");
        assertThat(text).contains("60001");
        assertThatThrownBy(() -> read(text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BundleFormatException.class).hasMessageContaining("sha256");
    }

    @Test
    void reformattingTheFileKeepsItValid() throws Exception {
        byte[] compact = Json.MAPPER.writeValueAsBytes(tree(bytes()));
        assertThat(read(compact).policyName()).isEqualTo("shop");
    }

    @Test
    void anUnknownFormatVersionIsRefused() {
        ObjectNode root = tree(bytes());
        root.put("mcppol", "bundle/2");
        assertThatThrownBy(() -> new BundleReader().read(root, "b")).isInstanceOf(BundleFormatException.class)
                .hasMessageContaining("unsupported bundle version 'bundle/2'");
    }

    @Test
    void aFileWithoutTheMagicKeyIsNotABundle() {
        ObjectNode root = tree(bytes());
        root.remove("mcppol");
        assertThatThrownBy(() -> new BundleReader().read(root, "b")).isInstanceOf(BundleFormatException.class)
                .hasMessageContaining("not an mcppol bundle");
        assertThat(BundleReader.isBundle(root)).isFalse();
    }

    @Test
    void aMissingHashOrBodyIsRefused() {
        ObjectNode noHash = tree(bytes());
        noHash.remove("sha256");
        assertThatThrownBy(() -> new BundleReader().read(noHash, "b")).isInstanceOf(BundleFormatException.class);
        ObjectNode noBody = tree(bytes());
        noBody.remove("body");
        assertThatThrownBy(() -> new BundleReader().read(noBody, "b")).isInstanceOf(BundleFormatException.class);
    }

    @Test
    void unreadableBytesAreRefusedNotThrown() {
        assertThatThrownBy(() -> read("{\"mcppol\":".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BundleFormatException.class).hasMessageContaining("not a readable bundle");
    }

    @Test
    void aDiagramNodePointingBackwardsIsRefusedAsMalformed() {
        ObjectNode root = tree(bytes());
        ArrayNode nodes = (ArrayNode) root.get("body").get("tools").get("pay").get("nodes");
        assertThat(nodes.size()).isGreaterThan(1);
        ((ArrayNode) nodes.get(1)).set(1, Json.NODES.numberNode(0));
        assertThatThrownBy(() -> new BundleReader().read(rehash(root), "b"))
                .isInstanceOf(BundleFormatException.class).hasMessageContaining("malformed");
    }

    @Test
    void aDiagramNodePointingAtItselfIsRefused() {
        ObjectNode root = tree(bytes());
        ArrayNode nodes = (ArrayNode) root.get("body").get("tools").get("pay").get("nodes");
        ((ArrayNode) nodes.get(0)).set(2, Json.NODES.numberNode(0));
        assertThatThrownBy(() -> new BundleReader().read(rehash(root), "b"))
                .isInstanceOf(BundleFormatException.class).hasMessageContaining("malformed");
    }

    @Test
    void aReferenceToAMissingLeafOrAtomIsRefused() {
        ObjectNode leaf = tree(bytes());
        ((ObjectNode) leaf.get("body").get("fallback")).put("root", -1000);
        assertThatThrownBy(() -> new BundleReader().read(rehash(leaf), "b")).hasMessageContaining("malformed");
        ObjectNode atom = tree(bytes());
        ArrayNode nodes = (ArrayNode) atom.get("body").get("tools").get("pay").get("nodes");
        ((ArrayNode) nodes.get(0)).set(0, Json.NODES.numberNode(999));
        assertThatThrownBy(() -> new BundleReader().read(rehash(atom), "b")).hasMessageContaining("malformed");
    }

    @Test
    void aRootPointingPastTheNodesIsRefused() {
        ObjectNode root = tree(bytes());
        ObjectNode pay = (ObjectNode) root.get("body").get("tools").get("pay");
        pay.put("root", pay.get("nodes").size());
        assertThatThrownBy(() -> new BundleReader().read(rehash(root), "b")).hasMessageContaining("malformed");
    }

    @Test
    void aLeafNamingAMissingRuleOrLimitIsRefused() {
        ObjectNode root = tree(bytes());
        ArrayNode leaves = (ArrayNode) root.get("body").get("leaves");
        ((ObjectNode) leaves.get(0)).putArray("rules").add(9999);
        assertThatThrownBy(() -> new BundleReader().read(rehash(root), "b")).hasMessageContaining("malformed");
    }

    @Test
    void aLeafSayingLimitIsRefused() {
        ObjectNode root = tree(bytes());
        ((ObjectNode) root.get("body").get("leaves").get(0)).put("outcome", "limit");
        assertThatThrownBy(() -> new BundleReader().read(rehash(root), "b")).hasMessageContaining("malformed");
    }

    @Test
    void anUnknownAtomOrScopeIsRefused() {
        ObjectNode atom = tree(bytes());
        ((ArrayNode) atom.get("body").get("atoms")).set(0, Json.MAPPER.readTree("{\"arg\":[\"a\"],\"frob\":1}"));
        assertThatThrownBy(() -> new BundleReader().read(rehash(atom), "b")).hasMessageContaining("malformed");
        ObjectNode scope = tree(bytes());
        ((ObjectNode) scope.get("body").get("limits").get(0)).put("scope", "planet");
        assertThatThrownBy(() -> new BundleReader().read(rehash(scope), "b")).hasMessageContaining("malformed");
    }

    @Test
    void aNegativeOrZeroWindowIsRefused() {
        ObjectNode root = tree(bytes());
        ((ObjectNode) root.get("body").get("limits").get(0)).put("windowMs", 0);
        assertThatThrownBy(() -> new BundleReader().read(rehash(root), "b")).hasMessageContaining("malformed");
    }
}

package dev.mcppol.compiler.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostics;
import org.junit.jupiter.api.Test;

class PositionedReaderTest {

    @Test
    void positionsOfKeysAndValues() {
        Diagnostics d = new Diagnostics();
        PNode.PMap m = (PNode.PMap) PositionedReader.readYaml("f.yaml", "a:\n  b: \"x\"\n", d);
        assertThat(d.all()).isEmpty();
        PNode.Entry a = m.entry("a");
        assertThat(a.keySpan().line()).isEqualTo(1);
        PNode.Entry b = ((PNode.PMap) a.value()).entry("b");
        assertThat(b.keySpan().line()).isEqualTo(2);
        assertThat(b.keySpan().col()).isEqualTo(3);
        assertThat(b.value().span().col()).isEqualTo(6);
    }

    @Test
    void everyDuplicateKeyIsReported() {
        Diagnostics d = new Diagnostics();
        PositionedReader.readJson("f.json", "{\"a\":1,\n\"a\":2,\n\"b\":{\"c\":1,\"c\":2}}", d);
        assertThat(Imported.codesAndLines(d)).containsExactly("E202@2", "E202@3");
    }

    @Test
    void quotedAmbiguousScalarsAreFine() {
        Diagnostics d = new Diagnostics();
        PositionedReader.readYaml("f.yaml", "a: \"yes\"\nb: '0755'\nc: \"2024-01-01\"\n", d);
        assertThat(d.all()).isEmpty();
        PositionedReader.readYaml("f.yaml", "a: on\nb: ~\nc: 0o17\n", d);
        assertThat(Imported.codesAndLines(d)).containsExactly("E224@1", "E224@2", "E224@3");
    }

    @Test
    void moreThanOneDocumentIsRefused() {
        Diagnostics d = new Diagnostics();
        assertThat(PositionedReader.readYaml("f.yaml", "a: 1\n---\nb: 2\n", d)).isNull();
        assertThat(Imported.codes(d)).containsExactly("E201");
    }
}

package dev.mcppol.runtime.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.CmpOp;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.ValueTest;
import dev.mcppol.runtime.model.TestOperator;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The operator table has one row per kind of test, and the bundle codec reads back every atom it
 * writes: each test kind on each operand kind.
 */
class OperatorTableTest {

    static final List<ValueTest> ONE_OF_EACH = List.of(new ValueTest.Cmp(CmpOp.LE, Json.NODES.numberNode(5)),
            new ValueTest.In(List.of(Json.NODES.stringNode("a"), Json.NODES.nullNode())), new ValueTest.Matches("^a/b$"),
            new ValueTest.Prefix("/etc/"), new ValueTest.Suffix(".txt"), new ValueTest.Contains(Json.NODES.numberNode(3)),
            new ValueTest.Exists(), new ValueTest.Under("/srv"));

    static final List<Operand> OPERANDS = List.of(new Operand.Arg(List.of(new PathSeg.Key("a"), new PathSeg.Any())),
            new Operand.Len(List.of(new PathSeg.Key("b"), new PathSeg.Index(2))), new Operand.Session(),
            new Operand.Identity(), new Operand.Claim(List.of(new PathSeg.Key("groups")), false),
            new Operand.Claim(List.of(new PathSeg.Key("groups")), true));

    @org.junit.jupiter.api.Test
    void everyKindOfTestHasItsOwnRow() {
        Set<Class<?>> kinds = ONE_OF_EACH.stream().map(Object::getClass).collect(Collectors.toSet());
        assertThat(kinds).containsExactlyInAnyOrderElementsOf(Arrays.asList(ValueTest.class.getPermittedSubclasses()));
        assertThat(ONE_OF_EACH.stream().map(TestOperator::of).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(TestOperator.values());
        Set<String> keys = new HashSet<>();
        for (TestOperator op : TestOperator.values()) {
            assertThat(keys.add(op.bundleKey())).as("bundle key %s", op.bundleKey()).isTrue();
        }
        assertThat(TestOperator.words()).doesNotHaveDuplicates().hasSize(TestOperator.values().length - 1);
    }

    @org.junit.jupiter.api.Test
    void theTextOfATestStartsWithItsOperatorsWord() {
        for (ValueTest t : ONE_OF_EACH) {
            String word = TestOperator.of(t).word();
            assertThat(t.text()).startsWith(word == null ? ((ValueTest.Cmp) t).op().symbol() : word);
        }
    }

    @org.junit.jupiter.api.Test
    void everyAtomReadsBackAsWritten() {
        for (Operand o : OPERANDS) {
            for (ValueTest t : ONE_OF_EACH) {
                Atom a = new Atom.Check(o, t);
                assertThat(AtomCodec.read(AtomCodec.write(a))).as(a.key()).isEqualTo(a);
            }
        }
        for (Atom a : List.of(new Atom.ToolName("fs_*"), new Atom.Schema(true), new Atom.Schema(false))) {
            assertThat(AtomCodec.read(AtomCodec.write(a))).isEqualTo(a);
        }
    }
}

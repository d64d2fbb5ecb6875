package dev.mcppol.compiler.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.model.TestOperator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OperatorTypesTest {

    @Test
    void onAValueOfUnknownTypeEveryOperatorOfTheTableIsOffered() {
        List<String> every = new ArrayList<>(TestOperator.symbolsAndWords());
        every.add("not in");
        assertThat(OperatorTypes.holdingOn(Set.of())).containsExactlyInAnyOrderElementsOf(every);
    }

    @Test
    void eachTypeGetsTheOperatorsThatCanHoldOnIt() {
        assertThat(OperatorTypes.holdingOn(Set.of("integer")))
                .containsExactly("==", "!=", "<", "<=", ">", ">=", "in", "not in", "exists");
        assertThat(OperatorTypes.holdingOn(Set.of("string"))).containsExactly("==", "!=", "in", "not in", "matches",
                "startsWith", "under", "endsWith", "contains", "exists");
        assertThat(OperatorTypes.holdingOn(Set.of("array"))).containsExactly("==", "!=", "in", "not in", "contains",
                "exists");
        assertThat(OperatorTypes.holdingOn(Set.of("boolean"))).containsExactly("==", "!=", "in", "not in", "exists");
        assertThat(OperatorTypes.holdingOn(Set.of("number", "null"))).contains("<").doesNotContain("startsWith");
    }

    @Test
    void everyRowSaysItsTypes() {
        for (TestOperator op : TestOperator.values()) {
            assertThat(OperatorTypes.of(op)).isNotNull();
        }
        assertThat(OperatorTypes.of(TestOperator.UNDER)).containsExactly("string");
    }
}

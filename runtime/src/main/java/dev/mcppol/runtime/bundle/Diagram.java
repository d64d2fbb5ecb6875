package dev.mcppol.runtime.bundle;

import java.util.Arrays;

/**
 * A reduced ordered decision diagram. Node {@code i} tests atom {@code atom[i]} and continues to
 * {@code high[i]} when it holds, else to {@code low[i]}. A reference {@code r >= 0} is a node,
 * {@code r < 0} is the leaf {@code -r - 1}; {@link #root} is such a reference.
 */
public record Diagram(int root, int[] atom, int[] low, int[] high) {

    public Diagram {
        if (atom.length != low.length || atom.length != high.length) {
            throw new IllegalArgumentException("diagram arrays differ in length");
        }
    }

    public static int leafRef(int leaf) {
        return -leaf - 1;
    }

    public static int leafOf(int ref) {
        return -ref - 1;
    }

    public int size() {
        return atom.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Diagram d && root == d.root && Arrays.equals(atom, d.atom) && Arrays.equals(low, d.low)
                && Arrays.equals(high, d.high);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * root + Arrays.hashCode(atom)) + Arrays.hashCode(low)) + Arrays.hashCode(high);
    }

    @Override
    public String toString() {
        return "Diagram[root=" + root + ", nodes=" + atom.length + "]";
    }
}

package dev.mcppol.compiler.compile;

/** The decision structure of one tool grew past the node budget. */
public final class NodeBudgetExceeded extends RuntimeException {
    public NodeBudgetExceeded(int budget) {
        super("more than " + budget + " decision nodes", null, false, false);
    }
}

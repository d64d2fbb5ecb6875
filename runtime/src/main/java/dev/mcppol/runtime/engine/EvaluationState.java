package dev.mcppol.runtime.engine;

/** What one decision learns on its way to a leaf, beyond true and false. */
public final class EvaluationState {
    String schemaProblem;
}

package dev.mcppol.compiler.diff;

import java.util.List;

/**
 * The semantic comparison of two policies. {@link #equivalent()} is true only when proven: every
 * feasible path through both decision structures ends in leaves with the same meaning.
 */
public record DiffReport(List<String> added, List<String> removed, List<String> limitChanges,
                         List<String> hiddenChanges, List<ToolDiff> tools) {

    public DiffReport {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        limitChanges = List.copyOf(limitChanges);
        hiddenChanges = List.copyOf(hiddenChanges);
        tools = List.copyOf(tools);
    }

    public boolean equivalent() {
        return tools.isEmpty() && limitChanges.isEmpty() && hiddenChanges.isEmpty();
    }
}

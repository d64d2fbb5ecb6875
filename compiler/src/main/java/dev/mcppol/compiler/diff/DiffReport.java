package dev.mcppol.compiler.diff;

import java.util.List;

/**
 * The semantic comparison of two policies. {@link #equivalent()} is true only when proven: every
 * feasible path through both decision structures ends in leaves with the same meaning.
 */
public record DiffReport(List<String> added, List<String> removed, List<String> limitChanges,
                         List<String> hiddenChanges, List<ToolDiff> tools, List<String> methodChanges,
                         java.util.Map<String, DiffReport> methods) {

    /**
     * @param methodChanges kinds of request (resources, prompts, …) decided on one side and unchecked on the other
     * @param methods       per kind decided on both sides, the comparison of its section (subjects in the place of tools)
     */
    public DiffReport {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        limitChanges = List.copyOf(limitChanges);
        hiddenChanges = List.copyOf(hiddenChanges);
        tools = List.copyOf(tools);
        methodChanges = List.copyOf(methodChanges);
        methods = java.util.Map.copyOf(methods);
    }

    public DiffReport(List<String> added, List<String> removed, List<String> limitChanges, List<String> hiddenChanges,
                      List<ToolDiff> tools) {
        this(added, removed, limitChanges, hiddenChanges, tools, List.of(), java.util.Map.of());
    }

    public boolean equivalent() {
        return tools.isEmpty() && limitChanges.isEmpty() && hiddenChanges.isEmpty() && methodChanges.isEmpty()
                && methods.values().stream().allMatch(DiffReport::equivalent);
    }
}

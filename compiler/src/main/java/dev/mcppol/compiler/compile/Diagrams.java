package dev.mcppol.compiler.compile;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.model.MethodKind;
import java.util.Map;

/**
 * The decision diagrams of one policy, built once: the reachability checks read them and the bundle
 * is written from them.
 *
 * @param tools    every diagram of the policy (its sections' included), not yet hashed; null when they
 *                 could not be built
 * @param sections each section's diagrams (resources, prompts, …), also when {@code tools} could not
 *                 be built but the section could; a section missing here could not be built
 * @param tooLarge why {@code tools} is null when a diagram outgrew the node budget, else null
 */
public record Diagrams(Bundle tools, Map<MethodKind, Bundle> sections, String tooLarge) {

    public Diagrams {
        sections = Map.copyOf(sections);
    }
}

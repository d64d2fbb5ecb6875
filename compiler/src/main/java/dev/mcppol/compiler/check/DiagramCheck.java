package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Policy;
import java.util.Optional;

/**
 * A static check that also reads what the policy's decision diagrams let decide; the compiler runs
 * these after it has built the diagrams, once.
 */
public interface DiagramCheck {

    /** @param reached what the diagrams decide; empty when they could not be built (too large, unresolved limits) */
    void run(Policy policy, Optional<ReachableLeaves> reached, Diagnostics diagnostics);
}

package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Diagram;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.model.Outcome;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Deque;

/**
 * Which tools {@code tools/list} may show. A tool is dropped when the policy hides it, or when every
 * call to it is denied whatever its arguments: an agent should not plan with a tool it can never use.
 */
public final class ToolVisibility {
    private ToolVisibility() {
    }

    public static boolean visible(Engine engine, String tool) {
        return !engine.isHidden(tool) && !alwaysDenied(engine.bundle(), tool);
    }

    /**
     * True when every leaf the tool's diagram can reach is a deny. Tool-name tests are decided for
     * this tool; any other test may go both ways, so this over-approximates the reachable leaves and
     * only says "always" when it is certain (a single DENY leaf is the common case).
     */
    public static boolean alwaysDenied(Bundle bundle, String tool) {
        Diagram d = bundle.diagramFor(tool);
        Deque<Integer> todo = new ArrayDeque<>();
        BitSet seen = new BitSet();
        todo.push(d.root());
        while (!todo.isEmpty()) {
            int ref = todo.pop();
            if (ref < 0) {
                if (bundle.leaves().get(Diagram.leafOf(ref)).outcome() != Outcome.DENY) {
                    return false;
                }
                continue;
            }
            if (seen.get(ref)) {
                continue;
            }
            seen.set(ref);
            Atom atom = bundle.atoms().get(d.atom()[ref]);
            if (atom instanceof Atom.ToolName t) {
                todo.push(Globs.matches(t.glob(), tool) ? d.high()[ref] : d.low()[ref]);
            } else {
                todo.push(d.high()[ref]);
                todo.push(d.low()[ref]);
            }
        }
        return true;
    }
}

package dev.mcppol.runtime.handler;

import dev.mcppol.runtime.engine.Engine;

/**
 * Which tools {@code tools/list} may show. A tool is dropped when the policy hides it, or when every
 * call to it is denied whatever its arguments ({@link Engine#alwaysDenies}, the same test every other
 * list uses): an agent should not plan with a tool it can never use.
 */
public final class ToolVisibility {
    private ToolVisibility() {
    }

    public static boolean visible(Engine engine, String tool) {
        return !engine.isHidden(tool) && !engine.alwaysDenies(tool);
    }
}

package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Policy;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** One static check over the IR; it reports findings and never changes the policy. */
public interface Check {

    /** @param schemas tool name to its tools/list entry; empty when no schema is bound */
    void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics);
}

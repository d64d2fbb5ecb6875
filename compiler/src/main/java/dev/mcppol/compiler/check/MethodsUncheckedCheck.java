package dev.mcppol.compiler.check;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.DiagnosticKind;
import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Policy;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * W131 ({@code mcppol check} only: it is about what the proxy will let through): a policy that names
 * no other kind of request than tools leaves {@code resources/read}, {@code prompts/get}, sampling,
 * elicitation and roots unchecked. Said once, where the policy starts.
 */
public final class MethodsUncheckedCheck implements Check {

    @Override
    public void run(Policy policy, Map<String, JsonNode> schemas, Diagnostics diagnostics) {
        if (policy.methods().isEmpty()) {
            diagnostics.add(new Diagnostic(DiagnosticKind.METHODS_UNCHECKED, policy.span(), "the policy decides"
                    + " tools/call only: resources/read, prompts/get, completion/complete, sampling, elicitation and"
                    + " roots/list pass through unchecked", "decide them, e.g. `default resources deny` with "
                    + "`resource \"GLOB\" { allow }`, `prompt NAME { allow }`, `client sampling { allow limit 10 per 1m }`;"
                    + " or say that they pass: `default resources allow`"));
        }
    }
}

package dev.mcppol.policytests;

import dev.mcppol.runtime.handler.CallDecision;
import dev.mcppol.runtime.json.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code --format json}: the whole report as one JSON document, for tools that post-process it. */
public final class JsonReport {
    private JsonReport() {
    }

    public static String render(ReplayReport report) {
        ObjectNode root = Json.NODES.objectNode();
        root.put("passed", report.passed());
        root.put("failed", report.failed());
        root.put("decisions", report.decisions());
        ArrayNode files = root.putArray("files");
        report.files().forEach(files::add);
        ArrayNode results = root.putArray("results");
        for (CallResult r : report.results()) {
            ObjectNode o = results.addObject();
            o.put("file", r.file());
            o.put("line", r.line());
            o.put("session", r.session());
            o.put("identity", r.identity());
            o.put("tool", r.tool());
            o.set("arguments", r.arguments());
            ObjectNode exp = o.putObject("expected");
            exp.put("outcome", r.expected().outcome().word());
            if (r.expected().rule() != null) {
                exp.put("rule", r.expected().rule());
            }
            if (r.expected().reason() != null) {
                exp.put("reason", r.expected().reason());
            }
            o.set("actual", decision(r.actual()));
            o.put("passed", r.passed());
            if (!r.passed()) {
                o.put("message", r.mismatch());
            }
        }
        if (report.coverage() != null) {
            Coverage c = report.coverage();
            ObjectNode cov = root.putObject("coverage");
            cov.put("covered", c.covered());
            cov.put("total", c.total());
            cov.put("percent", Math.round(c.percent() * 10) / 10.0);
            cov.put("byDefault", c.byDefault());
            ArrayNode rules = cov.putArray("rules");
            for (Coverage.RuleHits h : c.rules()) {
                ObjectNode o = rules.addObject();
                o.put("rule", h.rule().id());
                o.put("source", h.rule().source());
                o.put("hits", h.hits());
            }
        }
        ArrayNode changes = root.putArray("changes");
        for (ChangedCall c : report.changes()) {
            ObjectNode o = changes.addObject();
            o.put("file", c.file());
            o.put("line", c.line());
            o.put("session", c.session());
            o.put("identity", c.identity());
            o.put("tool", c.tool());
            o.set("arguments", c.arguments());
            o.set("before", decision(c.before()));
            o.set("after", decision(c.after()));
        }
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
    }

    private static ObjectNode decision(CallDecision d) {
        ObjectNode o = Json.NODES.objectNode();
        o.put("outcome", d.outcome().word());
        o.put("rule", d.rule());
        if (!d.decidedBy().isEmpty()) {
            o.put("source", d.decidedBy().get(0).source());
        }
        o.put("reason", d.reason());
        if (d.limit() != null) {
            o.put("limit", d.limit());
            o.put("retryAtMillis", d.retryAtMillis());
        }
        return o;
    }
}

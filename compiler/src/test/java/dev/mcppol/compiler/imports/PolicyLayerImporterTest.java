package dev.mcppol.compiler.imports;

import static dev.mcppol.runtime.model.Outcome.ALLOW;
import static dev.mcppol.runtime.model.Outcome.ASK;
import static dev.mcppol.runtime.model.Outcome.DENY;
import static dev.mcppol.runtime.model.Outcome.LIMIT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostics;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.runtime.model.Scope;
import org.junit.jupiter.api.Test;

class PolicyLayerImporterTest {

    @Test
    void seedPolicyLimitsPerGrant() {
        Policy p = Imported.policyLayer(Imported.resource("policylayer/slicer.json"));
        assertThat(p.limits()).singleElement().satisfies(l -> assertThat(l.spec().scope()).isEqualTo(Scope.IDENTITY));
        Imported.Driver d = new Imported.Driver(p);
        for (int i = 0; i < 10; i++) {
            assertThat(d.outcome("execute_python_code", "{}")).isEqualTo(ALLOW);
        }
        assertThat(d.outcome("execute_python_code", "{}")).isEqualTo(LIMIT);
        d.session = "another session, same grant";
        assertThat(d.outcome("execute_python_code", "{}")).isEqualTo(LIMIT);
        d.identity = "bob";
        assertThat(d.outcome("execute_python_code", "{}")).isEqualTo(ALLOW);
        assertThat(d.outcome("list_nodes", "{}")).isEqualTo(DENY);
    }

    @Test
    void requireDenyIfApprovalAllTools() {
        Imported.Driver d = new Imported.Driver(Imported.policyLayer("""
                {"version": "1", "default": "allow", "hide": ["drop_db"],
                 "all_tools": {"limits": [{"counter": "all", "window": "minute", "max": 5, "scope": "session"}]},
                 "tools": {
                   "query": {"require": ["args.sql"],
                             "deny_if": [{"path": "args.sql", "op": "regex", "value": "(?i)\\\\bdrop\\\\b"}]},
                   "email": {"approval": true},
                   "read": {}
                 }}
                """));
        assertThat(d.outcome("query", "{}")).isEqualTo(DENY);
        assertThat(d.call("query", "{}").reason()).contains("missing required argument 'sql'");
        assertThat(d.outcome("query", "{\"sql\":\"DROP TABLE x\"}")).isEqualTo(DENY);
        assertThat(d.outcome("query", "{\"sql\":\"select 1\"}")).isEqualTo(ALLOW);
        assertThat(d.outcome("email", "{}")).isEqualTo(ASK);
        assertThat(d.outcome("drop_db", "{}")).isEqualTo(DENY);
        assertThat(d.outcome("unlisted", "{}")).isEqualTo(ALLOW);
        assertThat(d.outcome("read", "{}")).isEqualTo(ALLOW);
        assertThat(d.outcome("read", "{}")).isEqualTo(ALLOW);
        assertThat(d.outcome("read", "{}")).isEqualTo(ALLOW);
        assertThat(d.outcome("read", "{}")).as("all_tools: 5 per minute over every tool").isEqualTo(LIMIT);
    }

    @Test
    void sharedCounterAcrossTools() {
        Imported.Driver d = new Imported.Driver(Imported.policyLayer("""
                {"version": "1", "default": "deny", "tools": {
                  "a": {"limits": [{"counter": "w", "window": "hour", "max": 2, "scope": "global"}]},
                  "b": {"limits": [{"counter": "w", "window": "hour", "max": 2, "scope": "global"}]}}}
                """));
        assertThat(d.outcome("a", "{}")).isEqualTo(ALLOW);
        d.identity = "x";
        assertThat(d.outcome("b", "{}")).isEqualTo(ALLOW);
        assertThat(d.outcome("a", "{}")).isEqualTo(LIMIT);
    }

    @Test
    void errorsAreAllReportedWithPositions() {
        Diagnostics d = Imported.policyLayerErrors("""
                {"default": "maybe",
                 "tools": {
                   "a": {"limits": [{"counter": "", "window": "week", "max": -1, "scope": "team"}], "aproval": true},
                   "b": {"deny_if": [{"path": "state.x.y", "op": "lt", "value": 1}], "require": ["sql"]},
                   "c": {"limits": [{"counter": "w", "window": "hour", "max": 2}]},
                   "d": {"limits": [{"counter": "w", "window": "day", "max": 2}]},
                   "a": {}
                 }}
                """);
        assertThat(Imported.codesAndLines(d)).containsExactlyInAnyOrder("E205@1", "E207@1", "E215@3", "E216@3",
                "E225@3", "E203@3", "E212@4", "E221@6", "E202@7");
        assertThat(Imported.codes(d)).filteredOn("E225"::equals).hasSize(2);
        assertThat(Imported.codes(d)).filteredOn("E212"::equals).hasSize(2);
    }

    @Test
    void malformedJson() {
        Diagnostics d = Imported.policyLayerErrors("{\"version\": \"1\",\n \"default\": }");
        assertThat(Imported.codesAndLines(d)).containsExactly("E201@2");
    }
}

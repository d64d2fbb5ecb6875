package dev.mcppol.compiler.imports;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.diag.Diagnostic;
import dev.mcppol.compiler.diag.Diagnostics;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One case per validation error: a rule body (under tools.t.rules) and the code and line expected. */
class InterceptValidationTest {

    private static final String HEAD = "version: \"1\"\ntools:\n  t:\n    rules:\n";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unnamed rule            | - {action: deny}                                                          | E208 | 5
            unknown action          | - {name: r, action: block}                                                | E209 | 5
            deny with conditions    | - {name: r, action: deny, conditions: [{path: args.a, op: eq, value: 1}]} | E210 | 5
            evaluate without conds  | - {name: r}                                                               | E211 | 5
            bad path prefix         | - {name: r, conditions: [{path: a.b, op: eq, value: 1}]}                  | E212 | 5
            unknown operator        | - {name: r, conditions: [{path: args.a, op: like, value: 1}]}             | E213 | 5
            in needs a list         | - {name: r, conditions: [{path: args.a, op: in, value: 1}]}               | E214 | 5
            lt needs a number       | - {name: r, conditions: [{path: args.a, op: lt, value: x}]}               | E214 | 5
            exists needs a boolean  | - {name: r, conditions: [{path: args.a, op: exists, value: x}]}           | E214 | 5
            regex needs a string    | - {name: r, conditions: [{path: args.a, op: regex, value: 1}]}            | E214 | 5
            invalid regex           | - {name: r, conditions: [{path: args.a, op: regex, value: 'a(?=b)'}]}     | E006 | 5
            empty counter           | - {name: r, conditions: [{path: state.t.c, op: lt, value: 1}], state: {counter: '', window: day}} | E215 | 5
            bad state window        | - {name: r, conditions: [{path: state.t.c, op: lt, value: 1}], state: {counter: c, window: week}} | E216 | 5
            bad increment_from      | - {name: r, conditions: [{path: state.t.c, op: lt, value: 1}], state: {counter: c, window: day, increment_from: amount}} | E217 | 5
            bad increment           | - {name: r, conditions: [{path: state.t.c, op: lt, value: 1}], state: {counter: c, window: day, increment: -1}} | E217 | 5
            state without block     | - {name: r, conditions: [{path: state.t.c, op: lt, value: 1}]}            | E218 | 5
            other counter           | - {name: r, conditions: [{path: state.t.x, op: lt, value: 1}], state: {counter: c, window: day}} | E218 | 5
            lt 1 admits no call     | - {name: r, conditions: [{path: state.t.c, op: lt, value: 1}], state: {counter: c, window: day}} | E226 | 5
            state op                | - {name: r, conditions: [{path: state.t.c, op: eq, value: 1}], state: {counter: c, window: day}} | E226 | 5
            bad rate_limit          | - {name: r, rate_limit: lots}                                             | E219 | 5
            zero rate_limit         | - {name: r, rate_limit: 0/day}                                            | E219 | 5
            bad rate window         | - {name: r, rate_limit: 5/fortnight}                                      | E216 | 5
            rate_limit + conditions | - {name: r, rate_limit: 5/day, conditions: [{path: args.a, op: eq, value: 1}]} | E220 | 5
            deny with rate_limit    | - {name: r, action: deny, rate_limit: 5/day}                              | E220 | 5
            unknown rule key        | - {name: r, acton: deny}                                                  | E203 | 5
            unknown condition key   | - {name: r, conditions: [{path: args.a, op: eq, value: 1, vaule: 2}]}     | E203 | 5
            numeric path segment    | - {name: r, conditions: [{path: args.a.0, op: eq, value: 1}]}             | E212 | 5
            map value               | - {name: r, conditions: [{path: args.a, op: eq, value: {k: 1}}]}          | E214 | 5
            yaml 1.1 boolean        | - {name: r, conditions: [{path: args.a, op: eq, value: yes}]}             | E224 | 5
            yaml 1.1 octal          | - {name: r, conditions: [{path: args.a, op: eq, value: 0755}]}            | E224 | 5
            timestamp               | - {name: r, conditions: [{path: args.a, op: eq, value: 2024-01-01}]}      | E224 | 5
            mixed dialects          | - {name: r, action: allow, validate: {required_args: true}}               | E223 | 5
            """)
    void reports(String what, String rule, String code, int line) {
        Diagnostics d = Imported.interceptErrors(HEAD + "      " + rule + "\n");
        assertThat(d.all()).as(what).extracting(Diagnostic::code).contains(code);
        assertThat(d.all()).as(what).filteredOn(x -> x.code().equals(code)).allMatch(x -> x.span().line() == line
                && x.span().col() > 0 && x.span().file().equals("p.yaml"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bad version       | version: "2"\\ntools: {}                            | E206 | 1
            bad default       | version: "1"\\ndefault: block                        | E207 | 2
            unknown top key   | version: "1"\\ntool: {}                              | E203 | 2
            duplicate key     | version: "1"\\ndefault: deny\\ndefault: allow        | E202 | 3
            empty hide        | version: "1"\\nhide: [""]                            | E222 | 2
            duplicate hide    | version: "1"\\nhide: [a, b, a]                       | E222 | 2
            conflicting state | version: "1"\\ntools:\\n  t:\\n    rules:\\n      - {name: r, rate_limit: 5/day, state: {counter: c, window: day}} | E220 | 5
            dup counter       | version: "1"\\ntools:\\n  t:\\n    rules:\\n      - {name: a, conditions: [{path: state.t.c, op: lt, value: 1}], state: {counter: c, window: day}}\\n      - {name: b, conditions: [{path: state.t.c, op: lt, value: 1}], state: {counter: c, window: day}} | E221 | 6
            dup rate counter  | version: "1"\\ntools:\\n  t:\\n    rules:\\n      - {name: a, rate_limit: 5/hour}\\n      - {name: b, rate_limit: 10/hour} | E228 | 6
            rate vs state     | version: "1"\\ntools:\\n  t:\\n    rules:\\n      - {name: a, rate_limit: 5/day}\\n      - {name: b, conditions: [{path: state.t._rate_day, op: lt, value: 1}], state: {counter: _rate_day, window: day}} | E221 | 6
            dup global rate   | version: "1"\\ntools:\\n  "*":\\n    rules:\\n      - {name: a, rate_limit: 5/minute}\\n      - {name: b, rate_limit: 7/minute} | E228 | 6
            bad tool name     | version: "1"\\ntools:\\n  "a b":\\n    rules: []         | E014 | 3
            case of keys      | version: "1"\\nDefault: deny                         | E203 | 2
            """)
    void reportsTopLevel(String what, String text, String code, int line) {
        Diagnostics d = Imported.interceptErrors(text.replace("\\n", "\n"));
        assertThat(d.all()).as(what).extracting(Diagnostic::code).contains(code);
        assertThat(d.all()).as(what).filteredOn(x -> x.code().equals(code)).allMatch(x -> x.span().line() == line);
    }
}

package dev.mcppol.compiler.semantics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.model.Outcome;
import org.junit.jupiter.api.Test;

/** DESIGN "Decision semantics" §5: missing and wrongly typed values, typed equality, paths, regexes. */
class ValuesTest {

    /** Whether {@code condition} holds for a call of tool t with {@code args}, by all three deciders. */
    static boolean holds(String condition, String args) {
        Harness h = Harness.of("default deny\ntool t { allow as yes when " + condition + " }\n");
        return h.call("t", args).outcome() == Outcome.ALLOW;
    }

    static boolean holdsWith(String condition, String session, String identity) {
        Harness h = Harness.of("default deny\ntool t { allow as yes when " + condition + " }\n");
        return h.decide(new Call("t", Harness.json("{\"session\":\"arg\",\"identity\":\"arg\"}"), session, identity,
                0, null)).outcome() == Outcome.ALLOW;
    }

    // ---- missing and wrongly typed values ----

    @Test
    void comparisonOnAMissingArgumentIsFalse() {
        assertThat(holds("a < 5", "{}")).isFalse();
        assertThat(holds("a == 5", "{}")).isFalse();
        assertThat(holds("a startsWith \"x\"", "{}")).isFalse();
        assertThat(holds("a < 5", "{\"a\":4}")).isTrue();
    }

    @Test
    void orderingOnAStringIsFalseNotLexicographic() {
        assertThat(holds("a < 5", "{\"a\":\"1\"}")).isFalse();
        assertThat(holds("a >= 5", "{\"a\":\"9\"}")).isFalse();
    }

    @Test
    void orderingOnBooleansNullsArraysIsFalse() {
        assertThat(holds("a < 5", "{\"a\":true}")).isFalse();
        assertThat(holds("a < 5", "{\"a\":null}")).isFalse();
        assertThat(holds("a < 5", "{\"a\":[1]}")).isFalse();
    }

    @Test
    void matchesOnANumberIsFalse() {
        assertThat(holds("a matches /1/", "{\"a\":1}")).isFalse();
        assertThat(holds("a matches /1/", "{\"a\":\"1\"}")).isTrue();
    }

    @Test
    void startsWithAndEndsWithOnANumberAreFalse() {
        assertThat(holds("a startsWith \"1\"", "{\"a\":12}")).isFalse();
        assertThat(holds("a endsWith \"2\"", "{\"a\":12}")).isFalse();
        assertThat(holds("a startsWith \"1\"", "{\"a\":\"12\"}")).isTrue();
        assertThat(holds("a endsWith \"2\"", "{\"a\":\"12\"}")).isTrue();
    }

    @Test
    void notIsPlainNegationSoNotLessThanHoldsWhenMissing() {
        assertThat(holds("not (a < 5)", "{}")).isTrue();
        assertThat(holds("not (a < 5)", "{\"a\":\"x\"}")).isTrue();
        assertThat(holds("not (a < 5)", "{\"a\":3}")).isFalse();
        assertThat(holds("not (a < 5)", "{\"a\":7}")).isTrue();
    }

    @Test
    void notEqualIsFalseWhenTheArgumentIsMissing() {
        assertThat(holds("a != 5", "{}")).isFalse();
        assertThat(holds("a != 5", "{\"a\":6}")).isTrue();
        assertThat(holds("a != 5", "{\"a\":5}")).isFalse();
        assertThat(holds("a != 5", "{\"a\":\"5\"}")).isTrue();
    }

    // ---- typed equality ----

    @Test
    void numbersAreEqualByValueWhateverTheirSpelling() {
        assertThat(holds("a == 5", "{\"a\":5.0}")).isTrue();
        assertThat(holds("a == 5.0", "{\"a\":5}")).isTrue();
        assertThat(holds("a == 500", "{\"a\":5e2}")).isTrue();
        assertThat(holds("a == 0.1", "{\"a\":0.10}")).isTrue();
    }

    @Test
    void aStringIsNeverEqualToANumber() {
        assertThat(holds("a == 5", "{\"a\":\"5\"}")).isFalse();
        assertThat(holds("a == \"5\"", "{\"a\":5}")).isFalse();
        assertThat(holds("a == \"5\"", "{\"a\":\"5\"}")).isTrue();
    }

    @Test
    void booleansAreNotNumbersOrStrings() {
        assertThat(holds("a == true", "{\"a\":true}")).isTrue();
        assertThat(holds("a == true", "{\"a\":1}")).isFalse();
        assertThat(holds("a == true", "{\"a\":\"true\"}")).isFalse();
        assertThat(holds("a == false", "{\"a\":0}")).isFalse();
    }

    @Test
    void arraysAreEqualByContentInOrder() {
        assertThat(holds("a == [1, \"b\"]", "{\"a\":[1.0,\"b\"]}")).isTrue();
        assertThat(holds("a == [1, \"b\"]", "{\"a\":[\"b\",1]}")).isFalse();
        assertThat(holds("a == [\"a b\"]", "{\"a\":[\"a\",\"b\"]}")).isFalse();
        assertThat(holds("a == []", "{\"a\":[]}")).isTrue();
    }

    @Test
    void objectsAreEqualByContentRegardlessOfKeyOrder() {
        // The language has no object literal: compare two objects through `in` on an array argument.
        assertThat(holds("a contains 1", "{\"a\":[{\"x\":1},1]}")).isTrue();
        assertThat(holds("a[0].x == 1 and a[0].y == 2", "{\"a\":[{\"y\":2,\"x\":1.0}]}")).isTrue();
    }

    @Test
    void nullEqualsOnlyAnExplicitNull() {
        assertThat(holds("a == null", "{\"a\":null}")).isTrue();
        assertThat(holds("a == null", "{}")).isFalse();
        assertThat(holds("a == null", "{\"a\":0}")).isFalse();
        assertThat(holds("a == null", "{\"a\":\"null\"}")).isFalse();
        assertThat(holds("a != null", "{\"a\":1}")).isTrue();
    }

    @Test
    void inIsTypedMembership() {
        assertThat(holds("a in [1, 2, \"x\"]", "{\"a\":2.0}")).isTrue();
        assertThat(holds("a in [1, 2, \"x\"]", "{\"a\":\"x\"}")).isTrue();
        assertThat(holds("a in [1, 2, \"x\"]", "{\"a\":\"1\"}")).isFalse();
        assertThat(holds("a in [1, 2, \"x\"]", "{}")).isFalse();
        assertThat(holds("a in []", "{\"a\":1}")).isFalse();
        assertThat(holds("a in [[1, 2], null]", "{\"a\":[1,2]}")).isTrue();
        assertThat(holds("a in [[1, 2], null]", "{\"a\":null}")).isTrue();
    }

    @Test
    void notInIsFalseWhenMissingLikeNotEquals() {
        assertThat(holds("a not in [1, 2]", "{\"a\":3}")).isTrue();
        assertThat(holds("a not in [1, 2]", "{\"a\":1}")).isFalse();
        assertThat(holds("a not in [1, 2]", "{\"a\":\"1\"}")).isTrue();
        assertThat(holds("a not in [1, 2]", "{\"a\":null}")).isTrue();
        // An allow rule must not admit a call that lacks the argument (fail closed), exactly like !=.
        assertThat(holds("a not in [1, 2]", "{}")).isFalse();
        assertThat(holds("a != 1", "{}")).isFalse();
        assertThat(holds("len(a) not in [1]", "{}")).isFalse();
        // Plain negation stays plain negation.
        assertThat(holds("not (a in [1, 2])", "{}")).isTrue();
    }

    @Test
    void containsIsASubstringTestOnStrings() {
        assertThat(holds("a contains \"ell\"", "{\"a\":\"hello\"}")).isTrue();
        assertThat(holds("a contains \"\"", "{\"a\":\"\"}")).isTrue();
        assertThat(holds("a contains \"xyz\"", "{\"a\":\"hello\"}")).isFalse();
        assertThat(holds("a contains 1", "{\"a\":\"a1\"}")).isFalse();
    }

    @Test
    void containsIsATypedElementTestOnArrays() {
        assertThat(holds("a contains \"x\"", "{\"a\":[\"y\",\"x\"]}")).isTrue();
        assertThat(holds("a contains \"x\"", "{\"a\":[\"xx\"]}")).isFalse();
        assertThat(holds("a contains 5", "{\"a\":[5.0]}")).isTrue();
        assertThat(holds("a contains 5", "{\"a\":[\"5\"]}")).isFalse();
        assertThat(holds("a contains [1]", "{\"a\":[[1],2]}")).isTrue();
    }

    @Test
    void containsOnANumberOrObjectIsFalse() {
        assertThat(holds("a contains 1", "{\"a\":1}")).isFalse();
        assertThat(holds("a contains \"k\"", "{\"a\":{\"k\":1}}")).isFalse();
    }

    @Test
    void existsIsFalseForMissingAndForExplicitNull() {
        assertThat(holds("a exists", "{\"a\":null}")).isFalse();
        assertThat(holds("a exists", "{}")).isFalse();
        assertThat(holds("a exists", "{\"a\":false}")).isTrue();
        assertThat(holds("a exists", "{\"a\":\"\"}")).isTrue();
        assertThat(holds("a exists", "{\"a\":[]}")).isTrue();
    }

    // ---- len ----

    @Test
    void lenOfAStringCountsCodePointsNotUtf16Units() {
        assertThat(holds("len(s) == 3", "{\"s\":\"abc\"}")).isTrue();
        assertThat(holds("len(s) == 2", "{\"s\":\"\uD83D\uDE00\u00e9\"}")).isTrue();
        assertThat(holds("len(s) == 1", "{\"s\":\"\uD83D\uDE00\"}")).isTrue();
    }

    @Test
    void lenOfArraysAndObjectsCountsElementsAndKeys() {
        assertThat(holds("len(a) == 2", "{\"a\":[1,[2,3]]}")).isTrue();
        assertThat(holds("len(a) == 0", "{\"a\":[]}")).isTrue();
        assertThat(holds("len(a) == 3", "{\"a\":{\"x\":1,\"y\":2,\"z\":3}}")).isTrue();
    }

    @Test
    void lenOfANumberOrMissingValueIsAbsent() {
        assertThat(holds("len(a) >= 0", "{\"a\":12345}")).isFalse();
        assertThat(holds("len(a) >= 0", "{\"a\":true}")).isFalse();
        assertThat(holds("len(a) >= 0", "{}")).isFalse();
        assertThat(holds("not (len(a) > 3)", "{\"a\":12345}")).isTrue();
    }

    // ---- paths ----

    @Test
    void nestedPathsWithIndexesReachDeepValues() {
        assertThat(holds("a.b[0].c == \"x\"", "{\"a\":{\"b\":[{\"c\":\"x\"}]}}")).isTrue();
        assertThat(holds("a.b[1].c == \"x\"", "{\"a\":{\"b\":[{\"c\":\"x\"}]}}")).isFalse();
        assertThat(holds("a.b[0].c == \"x\"", "{\"a\":{\"b\":{\"c\":\"x\"}}}")).isFalse();
        assertThat(holds("a.b.c == \"x\"", "{\"a\":{\"b\":[{\"c\":\"x\"}]}}")).isFalse();
    }

    @Test
    void starSegmentHoldsWhenAnyElementHolds() {
        assertThat(holds("files[*].path startsWith \"/etc/\"",
                "{\"files\":[{\"path\":\"/tmp/a\"},{\"path\":\"/etc/shadow\"}]}")).isTrue();
        assertThat(holds("files[*].path startsWith \"/etc/\"", "{\"files\":[{\"path\":\"/tmp/a\"}]}")).isFalse();
        assertThat(holds("files[*].path startsWith \"/etc/\"", "{\"files\":[]}")).isFalse();
        assertThat(holds("files[*] exists", "{\"files\":{\"a\":1}}")).isFalse();
    }

    @Test
    void negatedStarSegmentMeansNoElementHolds() {
        assertThat(holds("not (xs[*] > 10)", "{\"xs\":[1,2,30]}")).isFalse();
        assertThat(holds("not (xs[*] > 10)", "{\"xs\":[1,2,3]}")).isTrue();
    }

    @Test
    void quotedKeysReachKeysThatAreNotIdentifiers() {
        assertThat(holds("headers[\"content-type\"] == \"text/plain\"",
                "{\"headers\":{\"content-type\":\"text/plain\"}}")).isTrue();
        assertThat(holds("headers[\"content-type\"] exists", "{\"headers\":{\"content_type\":\"x\"}}")).isFalse();
        assertThat(holds("headers[\"a.b\"] == 1", "{\"headers\":{\"a.b\":1}}")).isTrue();
        assertThat(holds("headers[\"a.b\"] == 1", "{\"headers\":{\"a\":{\"b\":1}}}")).isFalse();
    }

    @Test
    void keywordsCanNameArgumentsAndArgsPrefixIsOptional() {
        assertThat(holds("limit == 3", "{\"limit\":3}")).isTrue();
        assertThat(holds("args.limit == 3", "{\"limit\":3}")).isTrue();
        assertThat(holds("args.x.y == 1", "{\"x\":{\"y\":1}}")).isTrue();
    }

    @Test
    void argsDotSessionIsTheArgumentAndBareSessionIsTheContext() {
        assertThat(holdsWith("args.session == \"arg\"", "ctx", "bob")).isTrue();
        assertThat(holdsWith("session == \"arg\"", "ctx", "bob")).isFalse();
        assertThat(holdsWith("session == \"ctx\"", "ctx", "bob")).isTrue();
        assertThat(holdsWith("args.identity == \"arg\"", "ctx", "bob")).isTrue();
        assertThat(holdsWith("identity == \"bob\"", "ctx", "bob")).isTrue();
    }

    @Test
    void anArgumentNamedSessionIsNotTheContextSession() {
        Harness h = Harness.of("""
                default deny
                tool t {
                  allow as by_arg when args["session"] == "x"
                  allow as by_ctx when session == "x"
                }
                """);
        assertThat(h.decide(new Call("t", Harness.json("{\"session\":\"x\"}"), "other", null, 0, null)).ruleIds())
                .containsExactly("by_arg");
        assertThat(h.decide(new Call("t", Harness.json("{}"), "x", null, 0, null)).ruleIds())
                .containsExactly("by_ctx");
    }

    @Test
    void anArgumentNamedIdentityIsNotTheContextIdentity() {
        Harness h = Harness.of("""
                default allow
                tool t {
                  deny as by_arg when args["identity"] == "root"
                  ask as by_ctx when identity == "root"
                }
                """);
        assertThat(h.decide(new Call("t", Harness.json("{}"), "s", "root", 0, null)).ruleIds())
                .containsExactly("by_ctx");
        assertThat(h.decide(new Call("t", Harness.json("{\"identity\":\"root\"}"), "s", "bob", 0, null))
                .ruleIds()).containsExactly("by_arg");
    }

    @Test
    void absentIdentityMakesConditionsOnItFalse() {
        assertThat(holdsWith("identity == \"bob\"", "s", null)).isFalse();
        assertThat(holdsWith("identity != \"bob\"", "s", null)).isFalse();
        assertThat(holdsWith("identity exists", "s", null)).isFalse();
        assertThat(holdsWith("identity exists", "s", "bob")).isTrue();
        assertThat(holdsWith("not (identity == \"bob\")", "s", null)).isTrue();
    }

    @Test
    void absentSessionMakesConditionsOnItFalse() {
        assertThat(holdsWith("session startsWith \"\"", null, "bob")).isFalse();
        assertThat(holdsWith("session startsWith \"\"", "s", "bob")).isTrue();
    }

    // ---- regexes ----

    @Test
    void regexIsUnanchoredByDefault() {
        assertThat(holds("a matches /b+/", "{\"a\":\"abbbc\"}")).isTrue();
        assertThat(holds("a matches /^b+$/", "{\"a\":\"abbbc\"}")).isFalse();
        assertThat(holds("a matches /^b+$/", "{\"a\":\"bbb\"}")).isTrue();
    }

    @Test
    void regexFlagIMakesItCaseInsensitive() {
        assertThat(holds("a matches /abc/i", "{\"a\":\"xABCx\"}")).isTrue();
        assertThat(holds("a matches /abc/", "{\"a\":\"xABCx\"}")).isFalse();
    }

    @Test
    void regexAnchorsAreWholeTextUnlessMultiline() {
        assertThat(holds("a matches /^rm/", "{\"a\":\"ls\\nrm -rf\"}")).isFalse();
        assertThat(holds("a matches /^rm/m", "{\"a\":\"ls\\nrm -rf\"}")).isTrue();
    }

    @Test
    void regexWithAnEscapedSlashMatchesASlash() {
        assertThat(holds("a matches /^\\/etc\\//", "{\"a\":\"/etc/passwd\"}")).isTrue();
        assertThat(holds("a matches /^\\/etc\\//", "{\"a\":\"etc/passwd\"}")).isFalse();
    }

    @Test
    void regexIsLinearTimeOnAPathologicalInput() {
        String evil = "a".repeat(5000) + "!";
        long start = System.nanoTime();
        assertThat(holds("a matches /^(a+)+$/", "{\"a\":\"" + evil + "\"}")).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(5_000_000_000L);
    }

    @Test
    void anInvalidRegexIsACompileErrorNotARuntimeSurprise() {
        assertThat(Harness.errorsOf("tool t { allow when a matches /(/ }\n").hasErrors()).isTrue();
        assertThat(Harness.errorsOf("tool t { allow when a matches /(?=x)/ }\n").hasErrors()).isTrue();
    }

    // ---- comparisons ----

    @Test
    void reversedComparisonFlipsTheOperator() {
        assertThat(holds("5 < a", "{\"a\":6}")).isTrue();
        assertThat(holds("5 < a", "{\"a\":5}")).isFalse();
        assertThat(holds("5 >= a", "{\"a\":5}")).isTrue();
        assertThat(holds("5 >= a", "{\"a\":6}")).isFalse();
        assertThat(holds("\"x\" == a", "{\"a\":\"x\"}")).isTrue();
    }

    @Test
    void decimalAndNegativeLiteralsCompareExactly() {
        assertThat(holds("a > -1.5", "{\"a\":-1.25}")).isTrue();
        assertThat(holds("a > -1.5", "{\"a\":-1.5}")).isFalse();
        assertThat(holds("a <= 0.3", "{\"a\":0.30000000000000004}")).isFalse();
        assertThat(holds("a == -0", "{\"a\":0}")).isTrue();
        assertThat(holds("a < 100000000000000000000", "{\"a\":99999999999999999998}")).isFalse();
        // Exact, 99999999999999999999 < 1e20; a double reader reads both as 1e20: ambiguous, so denied.
        assertThat(holds("a < 100000000000000000000", "{\"a\":99999999999999999999}")).isFalse();
    }

    @Test
    void andOrAndParenthesesCombineAsWritten() {
        String c = "(a == 1 or b == 1) and not c exists";
        assertThat(holds(c, "{\"a\":1}")).isTrue();
        assertThat(holds(c, "{\"b\":1}")).isTrue();
        assertThat(holds(c, "{\"a\":1,\"c\":0}")).isFalse();
        assertThat(holds(c, "{}")).isFalse();
    }

    @Test
    void severalWhenClausesOnOneRuleAreConjoined() {
        Harness h = Harness.of("default deny\ntool t { allow when a == 1 when b == 2 }\n");
        assertThat(h.outcome("t", "{\"a\":1,\"b\":2}")).isEqualTo(Outcome.ALLOW);
        assertThat(h.outcome("t", "{\"a\":1}")).isEqualTo(Outcome.DENY);
    }

    @Test
    void deeplyNestedConditionIsAnErrorNotAStackOverflow() {
        String deep = "(".repeat(200) + "a == 1" + ")".repeat(200);
        assertThat(Harness.errorsOf("tool t { allow when " + deep + " }\n").hasErrors()).isTrue();
    }

    @Test
    void longAndChainCompilesAndDecides() {
        StringBuilder c = new StringBuilder("a0 == 0");
        StringBuilder args = new StringBuilder("{\"a0\":0");
        for (int i = 1; i < 300; i++) {
            c.append(" and a").append(i).append(" == ").append(i);
            args.append(",\"a").append(i).append("\":").append(i);
        }
        assertThat(holds(c.toString(), args + "}")).isTrue();
        assertThat(holds(c.toString(), args.toString().replace("\"a299\":299", "\"a299\":0") + "}")).isFalse();
    }
}

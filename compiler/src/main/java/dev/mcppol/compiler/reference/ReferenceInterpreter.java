package dev.mcppol.compiler.reference;

import com.google.re2j.Pattern;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.mcppol.compiler.ir.Condition;
import dev.mcppol.compiler.ir.LimitDef;
import dev.mcppol.compiler.ir.Policy;
import dev.mcppol.compiler.ir.Rule;
import dev.mcppol.compiler.ir.ToolLimit;
import dev.mcppol.runtime.bundle.RuleInfo;
import dev.mcppol.runtime.engine.Call;
import dev.mcppol.runtime.engine.Decision;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.json.NumberReading;
import dev.mcppol.runtime.json.TypeReading;
import dev.mcppol.runtime.model.Atom;
import dev.mcppol.runtime.model.Effect;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.Operand;
import dev.mcppol.runtime.model.Outcome;
import dev.mcppol.runtime.model.PathSeg;
import dev.mcppol.runtime.model.ValueTest;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * DESIGN.md's decision semantics, written as directly as possible, straight over the IR: the
 * oracle that compiled bundles are tested against. It shares no evaluation code with the engine on
 * purpose, and is never optimised: clarity is its only job.
 */
public final class ReferenceInterpreter {

    private record Admitted(long time, BigDecimal amount) {
    }

    private final Policy policy;
    private final Map<String, JsonNode> schemas;
    private final Map<String, List<Admitted>> admitted;
    /** While a decision tries each truth value of the `under` tests that cannot read their path. */
    private final Map<Atom, Boolean> forced = new HashMap<>();

    public ReferenceInterpreter(Policy policy, Map<String, JsonNode> schemas) {
        this(policy, schemas, new HashMap<>());
    }

    private ReferenceInterpreter(Policy policy, Map<String, JsonNode> schemas, Map<String, List<Admitted>> admitted) {
        this.policy = policy;
        this.schemas = schemas;
        this.admitted = admitted;
    }

    /**
     * The interpreter for requests of {@code kind} (subjects in the place of tools), counting limits
     * together with this one; null when the policy leaves the kind unchecked.
     */
    public ReferenceInterpreter method(dev.mcppol.runtime.model.MethodKind kind) {
        dev.mcppol.compiler.ir.MethodRules m = policy.method(kind);
        return m == null ? null : new ReferenceInterpreter(m.asPolicy(policy), Map.of(), admitted);
    }

    /** Which rules of each effect match a call, its numbers read one way. */
    private record Matches(List<Rule> denies, List<Rule> asks, List<Rule> allows) {
    }

    private Matches matches(Call call, NumberReading reading) {
        List<Rule> denies = new ArrayList<>();
        List<Rule> asks = new ArrayList<>();
        List<Rule> allows = new ArrayList<>();
        List<Rule> inSourceOrder = new ArrayList<>(policy.rules());
        inSourceOrder.sort(Rule.SOURCE_ORDER);
        Call read = new Call(call.tool(), reading.read(call.arguments()), call.session(), call.identity(),
                call.nowMillis(), call.sessionSchema(), call.claims() == null ? null : reading.read(call.claims()));
        for (Rule r : inSourceOrder) {
            if (targets(r.target(), call.tool()) && holds(r.when(), read, reading)) {
                (r.effect() == Effect.DENY ? denies : r.effect() == Effect.ASK ? asks : allows).add(r);
            }
        }
        return new Matches(denies, asks, allows);
    }

    /**
     * What a decision before limits consists of: the outcome, the rule that names it and the limits
     * that would apply. A call whose numbers are not all integers within ±2^53 must get the same one
     * under every reading (exact decimal, double, int64), else it is ambiguous.
     */
    private List<Object> leafOf(Call call, Matches m) {
        if (!m.denies().isEmpty()) {
            return List.of(Outcome.DENY, m.denies().get(0).id());
        }
        if (!m.asks().isEmpty()) {
            return List.of(Outcome.ASK, m.asks().get(0).id());
        }
        if (m.allows().isEmpty() && policy.defaultEffect() != Effect.ALLOW) {
            return List.of(Outcome.DENY);
        }
        return List.of(Outcome.ALLOW, m.allows().isEmpty() ? "" : m.allows().get(0).id(), limitNames(call, m.allows()));
    }

    /**
     * Everything a decision before limits names: outcome, deciding rule, and (allow, ask) the limits
     * a call would consume with the rules that brought each.
     */
    private List<Object> fullLeafOf(Call call, Matches m) {
        List<Object> leaf = leafOf(call, m);
        if (leaf.get(0) == Outcome.DENY) {
            return leaf;
        }
        List<Rule> allows = leaf.get(0) == Outcome.ASK ? List.of() : m.allows();
        Set<String> names = new java.util.TreeSet<>(limitNames(call, allows));
        return List.of(leaf.get(0), leaf.get(1), names, carriers(new ArrayList<>(names), allows, call));
    }

    private Set<String> limitNames(Call call, List<Rule> allows) {
        Set<String> names = new LinkedHashSet<>();
        for (Rule r : allows) {
            names.addAll(r.limits());
        }
        for (ToolLimit t : policy.toolLimits()) {
            if (targets(t.target(), call.tool())) {
                names.add(t.limit());
            }
        }
        return names;
    }

    /** Whether the call's strings read as their declared types alone (no defaults) decide otherwise. */
    private boolean typesAloneDecideOtherwise(Call call, TypeReading.Plan plan, List<Object> leaf) {
        JsonNode typed = TypeReading.read(call.arguments(), plan);
        if (typed == call.arguments()) {
            return false;
        }
        Call typedCall = new Call(call.tool(), typed, call.session(), call.identity(), call.nowMillis(),
                call.sessionSchema(), call.claims());
        for (NumberReading r : NumberReading.ALL) {
            if (r != NumberReading.EXACT && NumberReading.allPlain(typed)) {
                continue;
            }
            if (!leafOf(typedCall, matches(typedCall, r)).equals(leaf)) {
                return true;
            }
        }
        return false;
    }

    public Decision decide(Call call) {
        // The decision must not depend on an `under` test of this tool's rules that reads a path with
        // no certain reading: every truth value of such tests must lead to the same decision.
        Set<Atom> unreadable = new LinkedHashSet<>();
        for (Rule r : policy.rules()) {
            if (targets(r.target(), call.tool())) {
                ambiguousUnderAtoms(r.when(), call, unreadable);
            }
        }
        if (!unreadable.isEmpty()) {
            List<Atom> list = new ArrayList<>(unreadable);
            Set<List<Object>> leaves = new java.util.HashSet<>();
            try {
                for (int mask = 0; mask < 1 << list.size(); mask++) {
                    forced.clear();
                    for (int i = 0; i < list.size(); i++) {
                        forced.put(list.get(i), (mask >> i & 1) == 1);
                    }
                    leaves.add(fullLeafOf(call, matches(call, NumberReading.EXACT)));
                }
            } finally {
                forced.clear();
            }
            if (leaves.size() > 1) {
                return new Decision(Outcome.DENY, List.of(new RuleInfo(Engine.RULE_AMBIGUOUS_PATH, Effect.DENY,
                        "ambiguous path", null)), "deny", null, 0);
            }
        }
        Matches exact = matches(call, NumberReading.EXACT);
        if (!NumberReading.allPlain(call.arguments())) {
            List<Object> leaf = leafOf(call, exact);
            for (NumberReading r : NumberReading.ALL) {
                if (!leafOf(call, matches(call, r)).equals(leaf)) {
                    return new Decision(Outcome.DENY, List.of(new RuleInfo(Engine.RULE_AMBIGUOUS_NUMBER, Effect.DENY,
                            "ambiguous number", null)), "deny", null, 0);
                }
            }
        }
        // A string given where the schema declares another type: a lax server reads it as that type,
        // and the decision must not change (under every number reading of the result either).
        // It also fills in what the call leaves out with the schema's defaults (pydantic, zod's .default()).
        TypeReading.Plan plan = TypeReading.plan(inputSchema(call));
        List<String> filled = new ArrayList<>();
        JsonNode lax = TypeReading.read(TypeReading.withDefaults(call.arguments(), plan, filled), plan);
        if (lax != call.arguments()) {
            List<Object> leaf = leafOf(call, exact);
            Call laxCall = new Call(call.tool(), lax, call.session(), call.identity(), call.nowMillis(),
                    call.sessionSchema(), call.claims());
            for (NumberReading r : NumberReading.ALL) {
                if (r != NumberReading.EXACT && NumberReading.allPlain(lax)) {
                    continue; // every reader reads integers within 2^53 alike, as for the call as sent
                }
                if (!leafOf(laxCall, matches(laxCall, r)).equals(leaf)) {
                    String rule = filled.isEmpty() || typesAloneDecideOtherwise(call, plan, leaf)
                            ? Engine.RULE_AMBIGUOUS_TYPE : Engine.RULE_AMBIGUOUS_DEFAULT;
                    return new Decision(Outcome.DENY, List.of(new RuleInfo(rule, Effect.DENY,
                            "ambiguous reading", null)), "deny", null, 0);
                }
            }
        }
        List<Rule> denies = exact.denies();
        List<Rule> asks = exact.asks();
        List<Rule> allows = exact.allows();
        // A decision names the first rule (in source order) of the effect that decided.
        if (!denies.isEmpty()) {
            return decision(Outcome.DENY, denies.subList(0, 1), null, 0);
        }
        if (!asks.isEmpty()) {
            return decision(Outcome.ASK, asks.subList(0, 1), null, 0);
        }
        if (allows.isEmpty() && policy.defaultEffect() != Effect.ALLOW) {
            return decision(Outcome.DENY, allows, null, 0);
        }
        List<Rule> deciding = allows.isEmpty() ? allows : allows.subList(0, 1);
        // Every limit that applies, in declaration order.
        Set<String> names = limitNames(call, allows);
        List<LimitSpec> limits = new ArrayList<>();
        for (LimitDef l : policy.limits()) {
            if (names.contains(l.name())) {
                limits.add(l.spec());
            }
        }
        List<BigDecimal> amounts = new ArrayList<>();
        for (LimitSpec l : limits) {
            BigDecimal amount = BigDecimal.ONE;
            if (l.isBudget()) {
                List<JsonNode> v = values(call.arguments(), l.amount());
                // Budgets count in millionths: an amount finer than that, or beyond 2^52 of them, never fits.
                if (v.size() != 1 || !v.get(0).isNumber() || v.get(0).decimalValue().signum() < 0
                        || v.get(0).decimalValue().stripTrailingZeros().scale() > 6
                        || v.get(0).decimalValue().compareTo(new BigDecimal("4503599627.370496")) > 0
                        || v.get(0).decimalValue().compareTo(l.max()) > 0) {
                    return decided(Outcome.DENY, carriers(List.of(l.name()), allows, call), l.name(), 0);
                }
                amount = v.get(0).decimalValue();
            }
            amounts.add(amount);
        }
        // Every limit is checked: the call fits again only when each exhausted one has room, so it
        // is retried at the latest of their times, and it names the rules of every one that refused.
        List<String> keys = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        String blocking = null;
        long retryAt = 0;
        for (int i = 0; i < limits.size(); i++) {
            LimitSpec l = limits.get(i);
            String key = key(l, call);
            keys.add(key);
            BigDecimal used = BigDecimal.ZERO;
            List<Admitted> inWindow = new ArrayList<>();
            for (Admitted a : admitted.getOrDefault(key, List.of())) {
                if (a.time() > call.nowMillis() - l.windowMillis()) {
                    used = used.add(a.amount());
                    inWindow.add(a);
                }
            }
            for (int j = 0; j < i; j++) {
                if (keys.get(j).equals(key)) {
                    used = used.add(amounts.get(j));
                }
            }
            if (used.add(amounts.get(i)).compareTo(l.max()) > 0) {
                long retry = call.nowMillis() + l.windowMillis();
                BigDecimal left = used;
                for (Admitted a : inWindow) {
                    left = left.subtract(a.amount());
                    if (left.add(amounts.get(i)).compareTo(l.max()) <= 0) {
                        retry = a.time() + l.windowMillis();
                        break;
                    }
                }
                refused.add(l.name());
                if (blocking == null || retry > retryAt) {
                    blocking = l.name();
                    retryAt = retry;
                }
            }
        }
        if (blocking != null) {
            return decided(Outcome.LIMIT, carriers(refused, allows, call), blocking, retryAt);
        }
        for (int i = 0; i < limits.size(); i++) {
            admitted.computeIfAbsent(keys.get(i), k -> new ArrayList<>()).add(new Admitted(call.nowMillis(),
                    amounts.get(i)));
        }
        return decision(Outcome.ALLOW, deciding, null, 0);
    }

    /**
     * The rules that brought these limits to the call: for each, the first matching allow rule (in
     * source order) that names it, else the first tool-level limit of the tool that is it; listed
     * in the policy's order (rules, then tool-level limits).
     */
    private List<RuleInfo> carriers(List<String> limitNames, List<Rule> matchingAllows, Call call) {
        java.util.TreeMap<Integer, RuleInfo> byIndex = new java.util.TreeMap<>();
        List<ToolLimit> toolLimits = policy.toolLimits();
        for (String name : limitNames) {
            Rule first = matchingAllows.stream().filter(r -> r.limits().contains(name)).findFirst().orElse(null);
            if (first != null) {
                byIndex.put(policy.rules().indexOf(first), new RuleInfo(first.id(), first.effect(), first.reason(),
                        first.span().location()));
                continue;
            }
            for (int j = 0; j < toolLimits.size(); j++) {
                ToolLimit t = toolLimits.get(j);
                if (targets(t.target(), call.tool()) && t.limit().equals(name)) {
                    byIndex.put(policy.rules().size() + j, new RuleInfo(t.ruleId(), Effect.ALLOW, t.reason(),
                            t.span().location()));
                    break;
                }
            }
        }
        return List.copyOf(byIndex.values());
    }

    private static String key(LimitSpec l, Call call) {
        String who = switch (l.scope()) {
            case SESSION -> call.session() == null ? "anonymous" : "=" + call.session();
            case IDENTITY -> call.identity() == null ? "anonymous" : "=" + call.identity();
            case GLOBAL -> "";
            case CLAIM -> {
                List<JsonNode> v = call.claims() == null ? List.of() : values(call.claims(), l.scopeClaim());
                yield " " + dev.mcppol.runtime.model.Texts.path(l.scopeClaim())
                        + (v.size() == 1 && !v.get(0).isNull() ? "=" + sameValue(v.get(0)) : " anonymous");
            }
        };
        return l.name() + (l.shared() ? "" : " for " + call.tool()) + " by " + l.scope() + who;
    }

    /** The tool's inputSchema: the policy's schemas' copy, else the one the session was announced. */
    private JsonNode inputSchema(Call call) {
        JsonNode entry = schemas.get(call.tool());
        return entry != null && entry.has("inputSchema") ? entry.get("inputSchema") : call.sessionSchema();
    }

    /**
     * Text that two claim values share exactly when they are the same JSON value: numbers by value
     * ({@code 5} and {@code 5.0} are one tenant), object members in any order, a string never equal
     * to a number.
     */
    private static String sameValue(JsonNode n) {
        if (n.isNumber()) {
            return "number " + n.decimalValue().stripTrailingZeros();
        }
        if (n.isArray()) {
            List<String> items = new ArrayList<>();
            n.forEach(item -> items.add(sameValue(item)));
            return "array " + items;
        }
        if (n.isObject()) {
            java.util.TreeMap<String, String> members = new java.util.TreeMap<>();
            n.properties().forEach(e -> members.put(e.getKey(), sameValue(e.getValue())));
            return "object " + members;
        }
        return n.getNodeType() + " " + n;
    }

    private static Decision decision(Outcome o, List<Rule> rules, String limit, long retryAt) {
        List<RuleInfo> infos = rules.stream().map(r -> new RuleInfo(r.id(), r.effect(), r.reason(),
                r.span().location(), r.ask().approvers(), r.ask().grantMillis())).toList();
        return new Decision(o, infos, o.word(), limit, retryAt);
    }

    private static Decision decided(Outcome o, List<RuleInfo> rules, String limit, long retryAt) {
        return new Decision(o, rules, o.word(), limit, retryAt);
    }

    private static boolean targets(String target, String tool) {
        return target.equals(tool) || Globs.matches(target, tool);
    }

    private boolean holds(Condition c, Call call, NumberReading reading) {
        return c.accept(new Condition.Visitor<Boolean>() {
            public Boolean constant(Condition.Const k) {
                return k.value();
            }

            public Boolean atom(Condition.AtomCond a) {
                Boolean f = forced.get(a.atom());
                return f != null ? f : ReferenceInterpreter.this.atom(a.atom(), call, reading);
            }

            public Boolean not(Condition.Not n) {
                return !holds(n.operand(), call, reading);
            }

            public Boolean and(Condition.And a) {
                return a.parts().stream().allMatch(p -> holds(p, call, reading));
            }

            public Boolean or(Condition.Or o) {
                return o.parts().stream().anyMatch(p -> holds(p, call, reading));
            }
        });
    }

    /** Whether one atom holds for a call, by the reference semantics (used to build diff witnesses). */
    public boolean holds(Atom a, Call call) {
        return atom(a, call, NumberReading.EXACT);
    }

    /** {@code call}'s numbers are already read by {@code reading}; the atom's literals are read here. */
    private boolean atom(Atom a, Call call, NumberReading reading) {
        return a.accept(new Atom.Visitor<Boolean>() {
            public Boolean check(Atom.Check check) {
                for (JsonNode v : operands(check.operand(), call)) {
                    if (test(check.test(), v, reading)) {
                        return true;
                    }
                }
                return false;
            }

            public Boolean toolName(Atom.ToolName t) {
                return Globs.matches(t.glob(), call.tool());
            }

            public Boolean schema(Atom.Schema s) {
                return conforms(call, s.requiredOnly());
            }
        });
    }

    /** The values an operand stands for in a call: none when absent, several where a path has {@code [*]}. */
    private static List<JsonNode> operands(Operand op, Call call) {
        return op.accept(new Operand.Visitor<List<JsonNode>>() {
            public List<JsonNode> arg(Operand.Arg arg) {
                return values(call.arguments(), arg.path());
            }

            public List<JsonNode> len(Operand.Len len) {
                return lengths(values(call.arguments(), len.path()));
            }

            public List<JsonNode> session(Operand.Session x) {
                return call.session() == null ? List.of()
                        : List.of(dev.mcppol.runtime.json.Json.NODES.stringNode(call.session()));
            }

            public List<JsonNode> identity(Operand.Identity x) {
                return call.identity() == null ? List.of()
                        : List.of(dev.mcppol.runtime.json.Json.NODES.stringNode(call.identity()));
            }

            public List<JsonNode> claim(Operand.Claim claim) {
                List<JsonNode> vs = call.claims() == null ? List.of() : values(call.claims(), claim.path());
                return claim.length() ? lengths(vs) : vs;
            }
        });
    }

    /** Lengths of the strings (code points), arrays and objects among the values; others have none. */
    private static List<JsonNode> lengths(List<JsonNode> values) {
        List<JsonNode> operands = new ArrayList<>();
        for (JsonNode v : values) {
            if (v.isString()) {
                operands.add(dev.mcppol.runtime.json.Json.NODES.numberNode(v.stringValue().codePoints().count()));
            } else if (v.isArray() || v.isObject()) {
                operands.add(dev.mcppol.runtime.json.Json.NODES.numberNode(v.size()));
            }
        }
        return operands;
    }

    /** Whether a test holds for a value (read exactly), as a decision tests it: for checks that reason about values. */
    public static boolean holds(ValueTest t, JsonNode v) {
        return test(t, v, NumberReading.EXACT);
    }

    private static boolean test(ValueTest t, JsonNode v, NumberReading reading) {
        return t.accept(new ValueTest.Visitor<Boolean>() {
            public Boolean cmp(ValueTest.Cmp c) {
                switch (c.op()) {
                    case EQ:
                        return same(v, reading.read(c.value()));
                    case NE:
                        return !same(v, reading.read(c.value()));
                    default:
                        if (!v.isNumber() || !c.value().isNumber()) {
                            return false;
                        }
                        int cmp = v.decimalValue().compareTo(reading.read(c.value().decimalValue()));
                        return switch (c.op()) {
                            case LT -> cmp < 0;
                            case LE -> cmp <= 0;
                            case GT -> cmp > 0;
                            case GE -> cmp >= 0;
                            case EQ, NE -> throw new IllegalStateException("handled above");
                        };
                }
            }

            public Boolean in(ValueTest.In in) {
                return in.values().stream().anyMatch(x -> same(v, reading.read(x)));
            }

            public Boolean matches(ValueTest.Matches m) {
                return v.isString() && dev.mcppol.runtime.model.Regexes.compile(m.regex()).matcher(v.stringValue()).find();
            }

            public Boolean prefix(ValueTest.Prefix p) {
                return v.isString() && v.stringValue().startsWith(p.prefix());
            }

            public Boolean suffix(ValueTest.Suffix s) {
                return v.isString() && v.stringValue().endsWith(s.suffix());
            }

            public Boolean contains(ValueTest.Contains c) {
                JsonNode needle = reading.read(c.value());
                if (v.isString()) {
                    return needle.isString() && v.stringValue().contains(needle.stringValue());
                }
                if (v.isArray()) {
                    for (JsonNode e : v) {
                        if (same(e, needle)) {
                            return true;
                        }
                    }
                }
                return false;
            }

            public Boolean exists(ValueTest.Exists e) {
                return !v.isNull();
            }

            public Boolean under(ValueTest.Under u) {
                return v.isString() && Boolean.TRUE.equals(ReferenceInterpreter.under(v.stringValue(), u.base()));
            }
        });
    }

    /** The {@code under} tests of the condition that read a value with no certain reading, added to {@code into}. */
    private void ambiguousUnderAtoms(Condition c, Call call, Set<Atom> into) {
        c.accept(new Condition.Visitor<Void>() {
            public Void constant(Condition.Const k) {
                return null;
            }

            public Void atom(Condition.AtomCond a) {
                if (a.atom() instanceof Atom.Check check && check.test() instanceof ValueTest.Under u
                        && check.operand() instanceof Operand.Arg arg && values(call.arguments(), arg.path()).stream()
                        .anyMatch(v -> v.isString() && under(v.stringValue(), u.base()) == null)) {
                    into.add(check);
                }
                return null;
            }

            public Void not(Condition.Not n) {
                ambiguousUnderAtoms(n.operand(), call, into);
                return null;
            }

            public Void and(Condition.And a) {
                a.parts().forEach(p -> ambiguousUnderAtoms(p, call, into));
                return null;
            }

            public Void or(Condition.Or o) {
                o.parts().forEach(p -> ambiguousUnderAtoms(p, call, into));
                return null;
            }
        });
    }

    /** {@code under} as DESIGN.md reads it: a base written as a file: URI reads values as URIs. */
    static Boolean under(String value, String base) {
        return base.startsWith("file:") ? uriUnder(value, java.net.URI.create(base).getPath()) : pathUnder(value, base);
    }

    /**
     * {@code under} with a {@code file:} base, written again without the runtime's code: java.net.URI
     * splits the value; another scheme (two letters or more) is false; no scheme, a one-letter one, a
     * host but localhost, a port, user, query or fragment, characters outside RFC 3986's, bad or
     * non-UTF-8 escapes, an encoded separator or NUL, and {@code ..} are ambiguous (null).
     */
    static Boolean uriUnder(String value, String basePath) {
        java.util.regex.Matcher scheme = java.util.regex.Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*):").matcher(value);
        if (!scheme.find() || scheme.group(1).length() < 2) {
            return null;
        }
        if (!scheme.group(1).equalsIgnoreCase("file")) {
            return false;
        }
        String decoded = fileUriPath(value);
        if (decoded == null) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String s : decoded.split("/", -1)) {
            if (s.equals("..")) {
                return null;
            }
            if (!s.isEmpty() && !s.equals(".")) {
                segments.add(s);
            }
        }
        List<String> base = new ArrayList<>();
        for (String s : basePath.split("/")) {
            if (!s.isEmpty()) {
                base.add(s);
            }
        }
        return segments.size() >= base.size() && segments.subList(0, base.size()).equals(base);
    }

    /**
     * The percent-decoded path of a local {@code file:} URI as java.net.URI splits it, {@code ..} kept;
     * null for another host, a port, user, query or fragment, characters outside RFC 3986's, a bad or
     * non-UTF-8 escape, or an encoded separator or NUL.
     */
    private static String fileUriPath(String value) {
        java.net.URI u;
        try {
            u = new java.net.URI(value);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
        String raw = u.getRawPath();
        boolean localAuthority = u.getRawAuthority() == null || u.getRawAuthority().equalsIgnoreCase("localhost")
                || u.getRawAuthority().isEmpty();
        if (u.isOpaque() || raw == null || !raw.startsWith("/") || !localAuthority || u.getRawQuery() != null
                || u.getRawFragment() != null || !raw.matches("[A-Za-z0-9\\-._~!$&'()*+,;=:@/%]*")
                || raw.toLowerCase(java.util.Locale.ROOT).matches("(?s).*%(2f|5c|00).*")
                // "file://host" without a path, which java.net.URI accepts with an empty path
                || value.substring(5).startsWith("//") && value.indexOf('/', 7) < 0) {
            return null;
        }
        byte[] bytes;
        try {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (int i = 0; i < raw.length(); i++) {
                if (raw.charAt(i) == '%') {
                    out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    out.write(raw.charAt(i));
                }
            }
            bytes = out.toByteArray();
        } catch (RuntimeException e) {
            return null;
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    /**
     * {@code under}, written again without the runtime's code: a plain absolute path, or a local
     * {@code file:} URI without encoded separators, normalised by java.nio's POSIX paths and compared
     * by segments. Null when the reading is ambiguous.
     */
    static Boolean pathUnder(String value, String base) {
        String p = value;
        if (p.toLowerCase(java.util.Locale.ROOT).startsWith("file:")) {
            p = fileUriPath(p);
            if (p == null) {
                return null;
            }
        }
        if (!p.startsWith("/") || p.contains("\\") || p.contains("\0")) {
            return null;
        }
        java.nio.file.Path normal = java.nio.file.Path.of("/").resolve(java.nio.file.Path.of(p).normalize());
        java.nio.file.Path root = java.nio.file.Path.of("/");
        // POSIX: /.. is /. java.nio keeps leading ..s of an absolute path; drop them.
        java.nio.file.Path clean = root;
        for (java.nio.file.Path seg : normal) {
            clean = seg.toString().equals("..") ? (clean.getParent() == null ? root : clean.getParent())
                    : clean.resolve(seg);
        }
        return clean.startsWith(java.nio.file.Path.of(base));
    }

    /** Typed JSON equality, written out again here so the oracle does not trust the engine's. */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() || b.isNumber()) {
            return a.isNumber() && b.isNumber() && a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (String k : a.propertyNames()) {
                if (!b.has(k) || !same(a.get(k), b.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return a.getNodeType() == b.getNodeType() && a.equals(b);
    }

    private static List<JsonNode> values(JsonNode args, List<PathSeg> path) {
        List<JsonNode> current = new ArrayList<>();
        if (args != null && args.isObject()) {
            current.add(args);
        }
        for (PathSeg seg : path) {
            List<JsonNode> next = new ArrayList<>();
            for (JsonNode v : current) {
                seg.accept(new PathSeg.Visitor<Void>() {
                    public Void key(PathSeg.Key k) {
                        if (v.isObject() && v.has(k.name())) {
                            next.add(v.get(k.name()));
                        }
                        return null;
                    }

                    public Void index(PathSeg.Index i) {
                        if (v.isArray() && i.index() < v.size()) {
                            next.add(v.get(i.index()));
                        }
                        return null;
                    }

                    public Void any(PathSeg.Any a) {
                        if (v.isArray()) {
                            v.forEach(next::add);
                        }
                        return null;
                    }
                });
            }
            current = next;
        }
        return current;
    }

    private boolean conforms(Call call, boolean requiredOnly) {
        JsonNode schema = inputSchema(call);
        if (schema == null || !schema.isObject()) {
            return false;
        }
        JsonNode args = call.arguments() != null ? call.arguments()
                : dev.mcppol.runtime.json.Json.NODES.objectNode();
        if (requiredOnly) {
            if (schema.has("required")) {
                for (JsonNode r : schema.get("required")) {
                    if (!args.isObject() || !args.has(r.asString())) {
                        return false;
                    }
                }
            }
            return true;
        }
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schema).validate(args)
                .isEmpty();
    }
}

package dev.mcppol.runtime.engine;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.Diagram;
import dev.mcppol.runtime.bundle.Leaf;
import dev.mcppol.runtime.bundle.RuleInfo;
import dev.mcppol.runtime.json.NumberReading;
import dev.mcppol.runtime.json.TypeReading;
import dev.mcppol.runtime.limit.Admission;
import dev.mcppol.runtime.limit.LimitRequest;
import dev.mcppol.runtime.limit.Limiter;
import dev.mcppol.runtime.model.Durations;
import dev.mcppol.runtime.model.Globs;
import dev.mcppol.runtime.model.LimitSpec;
import dev.mcppol.runtime.model.MethodKind;
import dev.mcppol.runtime.model.Outcome;
import dev.mcppol.runtime.model.PathSeg;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * The decision engine: walks the tool's diagram to a leaf, then checks the leaf's limits. The proxy
 * and the test runner both decide through this class, so a green replay is the shipped behaviour.
 */
public final class Engine {

    private final Bundle bundle;
    private final Limiter limiter;
    private final CompiledAtoms atoms;
    /** The atoms with their literals read as each other reader reads them, made on first need. */
    private final CompiledAtoms[] readAtoms = new CompiledAtoms[NumberReading.ALL.length];
    private final SchemaChecker schemaChecker;

    /** Per tool, the argument paths its diagram reads with {@code under}: each must read unambiguously. */
    private final Map<String, List<UnderRead>> underPaths = new HashMap<>();
    /** Per tool with a schema in the bundle, how a lax server reads its arguments (null: nothing reads otherwise). */
    private final Map<String, TypeReading.Plan> bundlePlans = new HashMap<>();
    /** The same for schemas a session's tools/list announced, made once per schema object. */
    private final SessionPlans sessionPlans = new SessionPlans();
    private final List<UnderRead> fallbackUnderPaths;

    /** An argument path an {@code under} test reads, as a path or (a {@code file:} base) as a URI. */
    private record UnderRead(List<PathSeg> path, boolean uri) {
    }

    /** Rule id of a call denied because a path an {@code under} test reads has no certain reading. */
    public static final String RULE_AMBIGUOUS_PATH = "mcppol:ambiguous-path";

    /** Rule id of a call denied because its numbers read differently to different JSON readers. */
    public static final String RULE_AMBIGUOUS_NUMBER = "mcppol:ambiguous-number";
    public static final String RULE_AMBIGUOUS_TYPE = "mcppol:ambiguous-type";
    public static final String RULE_AMBIGUOUS_DEFAULT = "mcppol:ambiguous-default";
    public static final String RULE_AMBIGUOUS_UNLISTED = "mcppol:ambiguous-unlisted";

    /** Each tool's diagram as one array with its common tests inlined (set last in the constructor). */
    private final FlatDiagrams diagrams;
    private final List<RuleInfo>[] leafRules;
    private final String[] leafReasons;
    /** What a subject is called in a reason: "tool", or the method kind's noun. */
    private final String noun;
    /** One engine per method section, sharing this engine's limiter (a named limit counts across kinds). */
    private final Map<MethodKind, Engine> methods = new EnumMap<>(MethodKind.class);

    public Engine(Bundle bundle, Limiter limiter) {
        this(bundle, limiter, "tool");
        for (MethodKind kind : MethodKind.values()) {
            Bundle section = bundle.method(kind);
            if (section != null) {
                methods.put(kind, new Engine(section, limiter, kind.noun()));
            }
        }
    }

    @SuppressWarnings("unchecked") // an array of lists: one per leaf, filled right here
    private Engine(Bundle bundle, Limiter limiter, String noun) {
        this.bundle = bundle;
        this.limiter = limiter;
        this.noun = noun;
        for (Map.Entry<String, Diagram> e : bundle.tools().entrySet()) {
            List<UnderRead> under = underPaths(bundle, e.getValue());
            if (!under.isEmpty()) {
                underPaths.put(e.getKey(), under);
            }
        }
        for (Map.Entry<String, JsonNode> e : bundle.schemas().entrySet()) {
            JsonNode schema = e.getValue().get("inputSchema");
            if (schema != null) {
                bundlePlans.put(e.getKey(), TypeReading.plan(schema));
            }
        }
        this.fallbackUnderPaths = underPaths(bundle, bundle.fallback());
        // Each leaf's rules and reason text, made once: a decision then only picks them up.
        int n = bundle.leaves().size();
        this.leafRules = new List[n];
        this.leafReasons = new String[n];
        for (int i = 0; i < n; i++) {
            Leaf leaf = bundle.leaves().get(i);
            List<RuleInfo> rules = new ArrayList<>();
            for (int r : leaf.rules()) {
                rules.add(bundle.rules().get(r));
            }
            leafRules[i] = List.copyOf(rules);
            leafReasons[i] = switch (leaf.outcome()) {
                case DENY -> rules.isEmpty() ? null : reasons(rules, "denied by rule %s");
                case ASK -> reasons(rules, "needs approval (rule %s)");
                default -> rules.isEmpty() ? "allowed by the policy's default" : reasons(rules, "allowed by rule %s");
            };
        }
        this.schemaChecker = new SchemaChecker(bundle.schemas());
        this.atoms = new CompiledAtoms(bundle.atoms(), schemaChecker);
        this.diagrams = new FlatDiagrams(bundle, atoms);
    }

    public Bundle bundle() {
        return bundle;
    }

    /**
     * The engine deciding requests of {@code kind} (its {@link Call#tool()} is the subject: a URI, a
     * prompt name, …), or null when the policy leaves that kind unchecked.
     */
    public Engine method(MethodKind kind) {
        return methods.get(kind);
    }

    /** True when {@code tools/list} should not show the tool. */
    public boolean isHidden(String tool) {
        for (String h : bundle.hidden()) {
            if (Globs.matches(h, tool)) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when every leaf the subject's diagram can reach is a deny: subject-name tests are decided
     * for this subject, every other test may go both ways, so "always" is said only when certain.
     */
    public boolean alwaysDenies(String subject) {
        Diagram d = bundle.diagramFor(subject);
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
        java.util.BitSet seen = new java.util.BitSet();
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
            if (bundle.atoms().get(d.atom()[ref]) instanceof dev.mcppol.runtime.model.Atom.ToolName t) {
                todo.push(Globs.matches(t.glob(), subject) ? d.high()[ref] : d.low()[ref]);
            } else {
                todo.push(d.high()[ref]);
                todo.push(d.low()[ref]);
            }
        }
        return true;
    }

    /**
     * The leaf a call reaches, without touching limits: the allocation-free core of a decision.
     * {@code state} (may be null) collects what was learnt on the way, e.g. a schema problem.
     */
    public Leaf leafFor(Call call, EvaluationState state) {
        return bundle.leaves().get(leafIndex(call, state));
    }

    private int leafIndex(Call call, EvaluationState state) {
        return diagrams.leafIndex(call, state, atoms);
    }

    /** One test on the way to a leaf: which atom, and what it said. */
    public record Step(int atom, boolean value) {
    }

    /** The path a call takes through its tool's diagram, and the leaf it reaches. */
    public record Path(List<Step> steps, Leaf leaf, String schemaProblem) {
    }

    /** Like {@link #leafFor}, recording every test on the way (for {@code mcppol explain}). */
    public Path trace(Call call) {
        EvaluationState state = new EvaluationState();
        Diagram d = bundle.diagramFor(call.tool());
        List<Step> steps = new ArrayList<>();
        int ref = d.root();
        while (ref >= 0) {
            boolean v = atoms.evaluate(d.atom()[ref], call, state);
            steps.add(new Step(d.atom()[ref], v));
            ref = v ? d.high()[ref] : d.low()[ref];
        }
        return new Path(steps, bundle.leaves().get(Diagram.leafOf(ref)), state.schemaProblem);
    }

    /** The policy's decision on the call as its JSON says it (see {@link #decideServed} for a call on its way to a server). */
    public Decision decide(Call call) {
        return decide(call, false);
    }

    /**
     * The decision for a call on its way to a server (the proxy, and a replay of it): as {@link #decide},
     * and where no schema of the tool is known (none in the bundle, none listed in the session) a call
     * the policy would admit is denied when the decision depends on what the call leaves out or gives
     * as a value a lax reader takes for another (rule {@code mcppol:ambiguous-unlisted}): without the
     * schema nothing says whether the server fills in a default or reads {@code "1000"} as a number.
     */
    public Decision decideServed(Call call) {
        return decide(call, true);
    }

    private Decision decide(Call call, boolean served) {
        EvaluationState state = new EvaluationState();
        int index = leafIndex(call, state);
        Leaf leaf = bundle.leaves().get(index);
        String path = ambiguousPath(call);
        if (path != null) {
            String reason = "the path in " + path + " has no certain reading (relative, ~, a backslash, a NUL, a"
                    + " percent-encoded separator, another host or a .. segment in a file: URI), so `under` cannot"
                    + " decide it (denied: fail closed)";
            return new Decision(Outcome.DENY, List.of(new RuleInfo(RULE_AMBIGUOUS_PATH,
                    dev.mcppol.runtime.model.Effect.DENY, reason, null)), reason, null, 0);
        }
        NumberReading other = ambiguity(call, leaf);
        if (other != null) {
            String reason = "a number in the arguments of " + call.tool() + " reads differently as "
                    + (other == NumberReading.DOUBLE ? "an IEEE-754 double" : "an int64")
                    + " than as the exact decimal, and the decision depends on it: the server could act on a value"
                    + " the policy did not decide on (denied: fail closed)";
            return new Decision(Outcome.DENY, List.of(new RuleInfo(RULE_AMBIGUOUS_NUMBER,
                    dev.mcppol.runtime.model.Effect.DENY, reason, null)), reason, null, 0);
        }
        LaxReading lax = laxAmbiguity(call, leaf);
        if (lax != null && !lax.filled().isEmpty()) {
            String reason = "the call to " + call.tool() + " leaves out " + String.join(", ", lax.filled())
                    + (lax.filled().size() == 1 ? ", which its inputSchema gives a default" : ", which its inputSchema"
                    + " gives defaults") + ", and the decision depends on it: a server that fills in defaults"
                    + " (pydantic, zod) would act on a value the policy did not decide on; send it explicitly"
                    + " (denied: fail closed)";
            return new Decision(Outcome.DENY, List.of(new RuleInfo(RULE_AMBIGUOUS_DEFAULT,
                    dev.mcppol.runtime.model.Effect.DENY, reason, null)), reason, null, 0);
        }
        if (lax != null) {
            String reason = "a value in the arguments of " + call.tool() + " is given where its inputSchema declares"
                    + " another type (a string, or a number or boolean for the other), and the decision depends on it:"
                    + " a lax server (pydantic, FastMCP) would read it as that type and act on a value the policy did"
                    + " not decide on (denied: fail closed)";
            return new Decision(Outcome.DENY, List.of(new RuleInfo(RULE_AMBIGUOUS_TYPE,
                    dev.mcppol.runtime.model.Effect.DENY, reason, null)), reason, null, 0);
        }
        if (served && leaf.outcome() != Outcome.DENY && !bundlePlans.containsKey(call.tool())
                && call.sessionSchema() == null) {
            String read = unlistedReading(call);
            if (read != null) {
                String reason = "no inputSchema of " + call.tool() + " is known (the policy was compiled without it and"
                        + " this session has not listed the server's tools), and the decision depends on how the server"
                        + " reads " + read + ": call tools/list first, or compile the policy against the server's"
                        + " tools (denied: fail closed)";
                return new Decision(Outcome.DENY, List.of(new RuleInfo(RULE_AMBIGUOUS_UNLISTED,
                        dev.mcppol.runtime.model.Effect.DENY, reason, null)), reason, null, 0);
            }
        }
        List<RuleInfo> rules = leafRules[index];
        return switch (leaf.outcome()) {
            case DENY -> new Decision(Outcome.DENY, rules, rules.isEmpty()
                    ? "no rule allows " + (noun.equals(call.tool()) ? noun : noun + " " + call.tool()) + " (the policy's default is deny)"
                    : state.schemaProblem == null ? leafReasons[index] : leafReasons[index] + ": " + state.schemaProblem,
                    null, 0);
            case ASK -> new Decision(Outcome.ASK, rules, leafReasons[index], null, 0);
            default -> admit(call, leaf, rules, leafReasons[index]);
        };
    }

    /**
     * The first reading under which the call reaches another leaf than under the exact one, or null
     * when every reading agrees (always so when every number is an integer within ±2^53).
     */
    private NumberReading ambiguity(Call call, Leaf exact) {
        if (NumberReading.allPlain(call.arguments())) {
            return null;
        }
        for (NumberReading r : NumberReading.ALL) {
            if (r == NumberReading.EXACT) {
                continue;
            }
            if (!sameDecision(leafReadAs(call, call.arguments(), r), exact)) {
                return r;
            }
        }
        return null;
    }

    /** A reading of the call's arguments that decides otherwise: the members it filled in with defaults, if any. */
    private record LaxReading(List<String> filled) {
    }

    /**
     * The reading of the call's arguments by a lax server, when it reaches another leaf than the call
     * as sent, under any number reading; else null. The lax server fills in what the call leaves out
     * with the schema's defaults and reads strings as the types the schema declares ({@link TypeReading},
     * under the tool's inputSchema: the bundle's, else the session's). Null when no schema is known or
     * nothing reads otherwise.
     */
    private LaxReading laxAmbiguity(Call call, Leaf exact) {
        TypeReading.Plan plan;
        if (bundlePlans.containsKey(call.tool())) {
            plan = bundlePlans.get(call.tool()); // null: nothing in the bundle's schema reads otherwise
        } else if (call.sessionSchema() == null) {
            return null;
        } else {
            plan = sessionPlans.plan(call.sessionSchema());
        }
        if (plan == null) {
            return null;
        }
        List<String> filled = new ArrayList<>();
        JsonNode lax = TypeReading.read(TypeReading.withDefaults(call.arguments(), plan, filled), plan);
        if (lax == call.arguments() || decidesAlike(call, lax, exact)) {
            return null;
        }
        // Named for what the decision depends on: the strings, when they decide otherwise by themselves.
        JsonNode typed = filled.isEmpty() ? lax : TypeReading.read(call.arguments(), plan);
        boolean byTypes = typed != call.arguments() && (typed == lax || !decidesAlike(call, typed, exact));
        return new LaxReading(byTypes ? List.of() : dependedOn(call, plan, filled, exact));
    }

    /**
     * The filled-in members the decision depends on: each is left out in turn, and kept out where the
     * others still decide otherwise (at most {@code filled.size()} more decisions, only on the way to a denial).
     */
    private List<String> dependedOn(Call call, TypeReading.Plan plan, List<String> filled, Leaf exact) {
        Set<String> out = new java.util.HashSet<>();
        for (String p : filled) {
            out.add(p);
            JsonNode lax = TypeReading.read(TypeReading.withDefaults(call.arguments(), plan, new ArrayList<>(), out), plan);
            if (lax == call.arguments() || decidesAlike(call, lax, exact)) {
                out.remove(p);
            }
        }
        List<String> named = new ArrayList<>(filled);
        named.removeAll(out);
        return List.copyOf(named);
    }

    /**
     * Whether these arguments reach another leaf than {@code exact}, under any number reading (as for
     * the call as sent: other readings only where a number is not read alike by all).
     */
    private boolean decidesAlike(Call call, JsonNode arguments, Leaf exact) {
        boolean plain = NumberReading.allPlain(arguments);
        for (NumberReading r : NumberReading.ALL) {
            if (plain && r != NumberReading.EXACT) {
                break;
            }
            if (!sameDecision(leafReadAs(call, arguments, r), exact)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The leaf the call reaches with these arguments and its claims read as {@code r} reads numbers
     * (the policy's literals read alike: a literal read as a double is compared with a value read so).
     */
    private Leaf leafReadAs(Call call, JsonNode arguments, NumberReading r) {
        Call read = new Call(call.tool(), r.read(arguments), call.session(), call.identity(), call.nowMillis(),
                call.sessionSchema(), call.claims() == null ? null : r.read(call.claims()));
        return bundle.leaves().get(diagrams.leafIndexReadAs(read, new EvaluationState(), atomsFor(r)));
    }

    /**
     * Whether two leaves decide alike: outcome, deciding rules and the limits consumed. Which rule
     * brought a limit only names it in a refusal (the counters are the same), so a reading that
     * changes just that is no ambiguity (DESIGN.md §5: "another outcome, rule or limits").
     */
    private static boolean sameDecision(Leaf a, Leaf b) {
        return a.outcome() == b.outcome() && a.rules().equals(b.rules()) && a.limits().equals(b.limits());
    }

    private static List<UnderRead> underPaths(Bundle bundle, Diagram d) {
        Set<UnderRead> paths = new LinkedHashSet<>();
        for (int i = 0; i < d.size(); i++) {
            if (bundle.atoms().get(d.atom()[i]) instanceof dev.mcppol.runtime.model.Atom.Check c
                    && c.test() instanceof dev.mcppol.runtime.model.ValueTest.Under u
                    && c.operand() instanceof dev.mcppol.runtime.model.Operand.Arg a) {
                paths.add(new UnderRead(a.path(), dev.mcppol.runtime.model.FileUris.isFileBase(u.base())));
            }
        }
        return List.copyOf(paths);
    }

    /**
     * The first argument path an {@code under} test of the tool reads with no certain reading, when the
     * decision depends on that test; else null. Cheap when no path is ambiguous (the usual case): only
     * then is the diagram walked with those tests taking both values.
     */
    private String ambiguousPath(Call call) {
        List<UnderRead> paths = diagrams.hasTool(call.tool()) ? underPaths.getOrDefault(call.tool(), List.of())
                : fallbackUnderPaths;
        String first = null;
        for (UnderRead p : paths) {
            if (unreadable(call, p.path(), p.uri())) {
                first = dev.mcppol.runtime.model.Texts.path(p.path());
                break;
            }
        }
        return first != null && dependsOnUnreadable(call) ? first : null;
    }

    private static boolean unreadable(Call call, List<PathSeg> path, boolean uri) {
        for (JsonNode v : Values.resolve(call.arguments(), path)) {
            if (v.isString() && (uri ? dev.mcppol.runtime.model.FileUris.ambiguous(v.stringValue())
                    : dev.mcppol.runtime.model.Paths.ambiguous(v.stringValue()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the call can reach two different leaves as its unreadable {@code under} tests take
     * either value (every other test, subject names included, decided as usual).
     */
    /**
     * With no schema known: the first argument whose reading the decision depends on, in words, when the
     * call can reach another leaf with the atoms that may read otherwise ({@link CompiledAtoms#readsOtherwise})
     * taking either value; else null.
     */
    private String unlistedReading(Call call) {
        JsonNode args = call.arguments();
        // The usual call: no atom on its own way to its leaf may read otherwise, so no other leaf is
        // reachable (the walk below would follow that one way). Found without the walk's allocations.
        Diagram d = bundle.diagramFor(call.tool());
        EvaluationState state = new EvaluationState();
        int ref = d.root();
        while (ref >= 0 && !atoms.readsOtherwise(d.atom()[ref], args)) {
            ref = atoms.evaluate(d.atom()[ref], call, state) ? d.high()[ref] : d.low()[ref];
        }
        if (ref < 0) {
            return null;
        }
        java.util.BitSet otherwise = new java.util.BitSet();
        java.util.BitSet asked = new java.util.BitSet();
        java.util.function.IntPredicate free = atom -> {
            if (!asked.get(atom)) {
                asked.set(atom);
                if (atoms.readsOtherwise(atom, args)) {
                    otherwise.set(atom);
                }
            }
            return otherwise.get(atom);
        };
        if (!dependsOn(call, free)) {
            return null;
        }
        // Named: the first argument whose reading alone changes the decision, else every one read otherwise.
        List<String> all = new ArrayList<>();
        for (int atom = otherwise.nextSetBit(0); atom >= 0; atom = otherwise.nextSetBit(atom + 1)) {
            List<dev.mcppol.runtime.model.PathSeg> path = dev.mcppol.runtime.model.Operand.argumentPath(
                    ((dev.mcppol.runtime.model.Atom.Check) bundle.atoms().get(atom)).operand());
            String p = "'" + dev.mcppol.runtime.model.Texts.path(path) + "'" + (CompiledAtoms.present(args, path)
                    ? " (given as a value a lax server may read as another type)"
                    : " (left out: the server may fill in a default)");
            int only = atom;
            if (dependsOn(call, a -> a == only)) {
                return p;
            }
            if (!all.contains(p)) {
                all.add(p);
            }
        }
        return String.join(" and ", all);
    }

    private boolean dependsOnUnreadable(Call call) {
        return dependsOn(call, atom -> bundle.atoms().get(atom) instanceof dev.mcppol.runtime.model.Atom.Check c
                && c.test() instanceof dev.mcppol.runtime.model.ValueTest.Under u
                && c.operand() instanceof dev.mcppol.runtime.model.Operand.Arg a
                && unreadable(call, a.path(), dev.mcppol.runtime.model.FileUris.isFileBase(u.base())));
    }

    /**
     * Whether the call can reach more than one leaf when the atoms {@code free} names take either value
     * (the others as the call has them): a walk of the tool's diagram, each node at most once.
     */
    private boolean dependsOn(Call call, java.util.function.IntPredicate free) {
        Diagram d = bundle.diagramFor(call.tool());
        EvaluationState state = new EvaluationState();
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>();
        java.util.BitSet seen = new java.util.BitSet();
        Leaf reached = null;
        todo.push(d.root());
        while (!todo.isEmpty()) {
            int ref = todo.pop();
            if (ref < 0) {
                Leaf leaf = bundle.leaves().get(Diagram.leafOf(ref));
                if (reached != null && !reached.equals(leaf)) {
                    return true;
                }
                reached = leaf;
                continue;
            }
            if (seen.get(ref)) {
                continue;
            }
            seen.set(ref);
            int atom = d.atom()[ref];
            if (free.test(atom)) {
                todo.push(d.high()[ref]);
                todo.push(d.low()[ref]);
            } else {
                todo.push(atoms.evaluate(atom, call, state) ? d.high()[ref] : d.low()[ref]);
            }
        }
        return false;
    }

    private synchronized CompiledAtoms atomsFor(NumberReading r) {
        CompiledAtoms a = readAtoms[r.ordinal()];
        if (a == null) {
            List<dev.mcppol.runtime.model.Atom> read = new ArrayList<>();
            for (dev.mcppol.runtime.model.Atom atom : bundle.atoms()) {
                read.add(ReadLiterals.read(atom, r));
            }
            a = new CompiledAtoms(read, schemaChecker);
            readAtoms[r.ordinal()] = a;
        }
        return a;
    }

    /**
     * A call an {@code ask} rule stopped and a person approved: admitted like an allowed call, consuming
     * the tool's limits (or refused by them). Any other call is decided as {@link #decide} does, so an
     * approval never turns a deny into an allow (the policy may have changed since the person approved).
     */
    public Decision decideApproved(Call call, String approvedBy) {
        Decision asked = decide(call, true); // ambiguous readings are refused before any approval counts
        if (asked.outcome() != Outcome.ASK) {
            return asked;
        }
        int index = leafIndex(call, new EvaluationState());
        Leaf leaf = bundle.leaves().get(index);
        return admit(call, leaf, leafRules[index], "approved by " + approvedBy + " (rule "
                + leafRules[index].get(0).id() + ")");
    }

    private Decision admit(Call call, Leaf leaf, List<RuleInfo> allowRules, String allowReason) {
        if (leaf.limits().isEmpty()) {
            return new Decision(Outcome.ALLOW, allowRules, allowReason, null, 0);
        }
        List<LimitRequest> requests = new ArrayList<>(leaf.limits().size());
        for (int k = 0; k < leaf.limits().size(); k++) {
            LimitSpec spec = bundle.limits().get(leaf.limits().get(k));
            // A refusal by this limit names the rules that brought it here.
            List<RuleInfo> rules = carriers(leaf, List.of(k));
            BigDecimal amount = BigDecimal.ONE;
            if (spec.isBudget()) {
                amount = budgetAmount(call.arguments(), spec.amount());
                String pathText = dev.mcppol.runtime.model.Texts.path(spec.amount());
                if (amount == null) {
                    return new Decision(Outcome.DENY, rules, "budget " + spec.name() + " needs a non-negative number in "
                            + pathText + "; the call has none", spec.name(), 0);
                }
                if (dev.mcppol.runtime.limit.LimitRequest.units(amount)
                        == dev.mcppol.runtime.limit.LimitRequest.NOT_REPRESENTABLE) {
                    return new Decision(Outcome.DENY, rules, "budget " + spec.name() + ": " + pathText + " = "
                            + dev.mcppol.runtime.model.Texts.number(amount) + " cannot be counted exactly (budgets count in millionths, up to "
                            + "4.5 billion)", spec.name(), 0);
                }
                if (amount.compareTo(spec.max()) > 0) {
                    return new Decision(Outcome.DENY, rules, "budget " + spec.name() + ": " + pathText + " = "
                            + dev.mcppol.runtime.model.Texts.number(amount) + " exceeds the whole budget of "
                            + dev.mcppol.runtime.model.Texts.number(spec.max())
                            + " per " + Durations.format(spec.windowMillis()), spec.name(), 0);
                }
            }
            requests.add(new LimitRequest(limitKey(spec, call), spec, amount));
        }
        Admission a = limiter.acquire(requests, call.nowMillis());
        if (a.admitted()) {
            return new Decision(Outcome.ALLOW, allowRules, allowReason, null, 0);
        }
        LimitSpec spec = requests.get(a.blocked()).spec();
        List<RuleInfo> rules = carriers(leaf, a.refusedRequests());
        if (a.reason() == Admission.Reason.UNAVAILABLE) {
            // Fail closed: a store we cannot consult never turns into an allow, nor into a verdict
            // about the agent (it did nothing wrong); the reason says what happened.
            return new Decision(Outcome.DENY, rules, "the rate-limit store is unavailable, so " + spec.name()
                    + " cannot be checked (fail closed)", spec.name(), 0);
        }
        if (a.reason() == Admission.Reason.UNREPRESENTABLE) {
            return new Decision(Outcome.DENY, rules, "limit " + spec.name() + " (" + spec.text()
                    + ") cannot be counted exactly", spec.name(), 0);
        }
        long wait = Math.max(0, a.retryAtMillis() - call.nowMillis());
        String reason = (spec.isBudget() ? "budget " : "rate limit ") + spec.name() + " (" + spec.text()
                + ") is exhausted; retry in " + wait + " ms";
        Set<String> own = new LinkedHashSet<>();
        rules.stream().filter(r -> r.reason() != null).forEach(r -> own.add(r.reason()));
        if (!own.isEmpty()) {
            reason += ": " + String.join("; ", own);
        }
        return new Decision(Outcome.LIMIT, rules, reason, spec.name(), a.retryAtMillis());
    }

    /** The rules that brought the leaf's limits at these positions, in the bundle's rule order. */
    private List<RuleInfo> carriers(Leaf leaf, List<Integer> positions) {
        java.util.TreeSet<Integer> indexes = new java.util.TreeSet<>();
        for (int k : positions) {
            indexes.addAll(leaf.limitRules().get(k));
        }
        List<RuleInfo> out = new ArrayList<>(indexes.size());
        for (int i : indexes) {
            out.add(bundle.rules().get(i));
        }
        return out;
    }

    /** Counter key: the limit's name, the tool when the counter is not shared, and the scope's value. */
    static String limitKey(LimitSpec spec, Call call) {
        StringBuilder key = new StringBuilder(spec.name());
        if (!spec.shared()) {
            key.append('@').append(call.tool());
        }
        key.append('|');
        switch (spec.scope()) {
            case SESSION -> key.append(call.session() == null ? "session-anonymous" : "session=" + call.session());
            case IDENTITY -> key.append(call.identity() == null ? "identity-anonymous" : "identity=" + call.identity());
            case GLOBAL -> key.append("global");
            case CLAIM -> key.append(claimScope(spec.scopeClaim(), call.claims()));
        }
        return key.toString();
    }

    /**
     * The key part of a limit counted per claim: the claim's name and canonical JSON value (so
     * {@code "1"} and {@code 1} differ); one shared anonymous value when the claim is absent, as for
     * an absent identity (DESIGN.md, point 6).
     */
    static String claimScope(List<PathSeg> path, JsonNode claims) {
        String name = "claims." + dev.mcppol.runtime.model.Texts.path(path);
        List<JsonNode> v = claims == null || !claims.isObject() ? List.of() : Values.resolve(claims, path);
        if (v.size() != 1 || v.get(0).isNull()) {
            return name + "-anonymous";
        }
        return name + "=" + dev.mcppol.runtime.json.JsonValues.canonical(v.get(0));
    }

    private static BigDecimal budgetAmount(JsonNode args, List<PathSeg> path) {
        List<JsonNode> values = Values.resolve(args, path);
        if (values.size() != 1 || !values.get(0).isNumber()) {
            return null;
        }
        BigDecimal d = values.get(0).decimalValue();
        return d.signum() < 0 ? null : d;
    }

    private static String reasons(List<RuleInfo> rules, String fallback) {
        Set<String> texts = new LinkedHashSet<>();
        for (RuleInfo r : rules) {
            texts.add(r.reason() != null ? r.reason() : String.format(fallback, r.id()));
        }
        return String.join("; ", texts);
    }
}

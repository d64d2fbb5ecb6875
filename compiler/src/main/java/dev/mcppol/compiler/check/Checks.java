package dev.mcppol.compiler.check;

import java.util.ArrayList;
import java.util.List;

/** The checks, in order: structure, then schema errors, then warnings. */
public final class Checks {
    private Checks() {
    }

    /**
     * What every compile runs (and so {@code compile} and {@code test} report) on the IR alone; the
     * checks that read the decision diagrams are {@link #onDiagrams()}.
     */
    public static List<Check> defaults() {
        return List.of(new LimitUseCheck(), new UnknownToolCheck(), new UnknownArgumentCheck(), new RequireCheck(),
                new TypeCheck(), new EnumCheck(), new NegationCheck(), new DefaultedArgumentCheck(), new RawPathPrefixCheck(),
                new MethodSectionChecks());
    }

    /**
     * {@link #defaults} plus the advisories about the deployment rather than the policy itself
     * (whether calls will carry an identity), which DESIGN.md gives to {@code mcppol check} only: a
     * compile or a test run cannot know how the proxy will be started; and W107 (tools no rule
     * mentions), which is about the whole server and said once, by {@code check}.
     */
    public static List<Check> all() {
        List<Check> out = new ArrayList<>(defaults());
        out.add(new IdentityScopeCheck());
        // Once per `check`: a compile or a test run repeating it on every command is noise.
        out.add(new CoverageCheck());
        out.add(new MethodsUncheckedCheck());
        return List.copyOf(out);
    }

    /**
     * The checks of what the decision diagrams let decide (W101–W104), run on the tools' diagrams;
     * {@link RuleReachabilityCheck} runs on each section's too.
     */
    public static List<DiagramCheck> onDiagrams() {
        return List.of(new RuleReachabilityCheck(), new LimitReachabilityCheck());
    }
}

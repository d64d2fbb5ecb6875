package dev.mcppol.compiler.check;

import java.util.List;

/** The checks every compile and check run, in order: structure, then schema errors, then warnings. */
public final class Checks {
    private Checks() {
    }

    public static List<Check> defaults() {
        DiagramFacts facts = new DiagramFacts();
        return List.of(new LimitUseCheck(), new UnknownToolCheck(), new UnknownArgumentCheck(), new RequireCheck(),
                new TypeCheck(), new EnumCheck(), new RuleReachabilityCheck(facts), new LimitReachabilityCheck(facts),
                new NegationCheck(), new IdentityScopeCheck(), new CoverageCheck());
    }
}

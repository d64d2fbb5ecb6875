package dev.mcppol.compiler.dsl;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.tree.ErrorNode;
import org.antlr.v4.runtime.tree.ParseTree;

/** Whether a parse subtree holds a syntax error (a caught exception or a token skipped or made up by recovery). */
final class SyntaxErrors {
    private SyntaxErrors() {
    }

    static boolean inside(ParseTree tree) {
        if (tree instanceof ErrorNode) {
            return true;
        }
        if (tree instanceof ParserRuleContext c) {
            if (c.exception != null) {
                return true;
            }
            for (int i = 0; i < c.getChildCount(); i++) {
                if (inside(c.getChild(i))) {
                    return true;
                }
            }
        }
        return false;
    }
}

package dev.mcppol.cli;

/** The exit codes of every command, in one place (DESIGN.md, CLI conventions). */
public final class ExitCodes {
    private ExitCodes() {
    }

    /** All good. */
    public static final int OK = 0;
    /** A finding: a failed expectation, a semantic difference, warnings under --werror. */
    public static final int FINDING = 1;
    /** Unusable input or usage: a policy with errors, a malformed transcript, a bad flag. */
    public static final int UNUSABLE = 2;
}

package dev.mcppol.compiler.compile;

import java.util.List;

/**
 * One named step of the compiler: it reads products of earlier stages from the compilation record
 * and returns a new record carrying its own product and the findings it reported.
 */
public interface Stage {

    String name();

    /**
     * The stages whose products this one reads. It runs only when each of them delivered: ran, reported
     * no error, and produced what it makes; otherwise the pipeline skips it.
     */
    List<String> needs();

    Compilation run(Compilation in);

    /** Whether {@code out} (this stage's result) carries the product later stages read. */
    default boolean delivered(Compilation out) {
        return true;
    }
}

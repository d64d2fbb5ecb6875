package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.BundleFormatException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the proxy's bundle comes from: a bundle file (read and verified here), or a policy source
 * compiled in memory (supplied by the CLI, since the runtime does not depend on the compiler).
 */
public interface BundleSource {

    /** Loads and verifies the bundle; the message of a failure says what is wrong, for a person. */
    Bundle load() throws IOException, BundleFormatException;

    /** The file {@code --watch} watches. */
    Path file();

    static BundleSource file(Path bundleFile) {
        return new FileBundleSource(bundleFile, null);
    }

    /** A bundle file that must carry a valid Ed25519 signature by {@code verifyKey}. */
    static BundleSource file(Path bundleFile, java.security.PublicKey verifyKey) {
        return new FileBundleSource(bundleFile, verifyKey);
    }
}

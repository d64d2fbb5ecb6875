package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.BundleFormatException;
import dev.mcppol.runtime.bundle.BundleReader;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A compiled bundle file; {@link BundleReader} refuses an unknown version, a hash mismatch and,
 * given a verify key, a missing or wrong signature.
 */
final class FileBundleSource implements BundleSource {
    private final Path file;
    private final java.security.PublicKey verifyKey;

    FileBundleSource(Path file, java.security.PublicKey verifyKey) {
        this.file = file;
        this.verifyKey = verifyKey;
    }

    @Override
    public Bundle load() throws IOException, BundleFormatException {
        return new BundleReader(verifyKey).read(file);
    }

    @Override
    public Path file() {
        return file;
    }
}

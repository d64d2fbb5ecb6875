package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.bundle.BundleFormatException;
import dev.mcppol.runtime.bundle.BundleReader;
import java.io.IOException;
import java.nio.file.Path;

/** A compiled bundle file; {@link BundleReader} refuses an unknown version and a hash mismatch. */
final class FileBundleSource implements BundleSource {
    private final Path file;

    FileBundleSource(Path file) {
        this.file = file;
    }

    @Override
    public Bundle load() throws IOException, BundleFormatException {
        return new BundleReader().read(file);
    }

    @Override
    public Path file() {
        return file;
    }
}

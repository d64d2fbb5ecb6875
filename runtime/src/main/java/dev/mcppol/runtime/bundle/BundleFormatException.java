package dev.mcppol.runtime.bundle;

/** A bundle that cannot be used: unreadable, of an unknown version, or not matching its hash. */
public final class BundleFormatException extends Exception {
    public BundleFormatException(String message) {
        super(message);
    }
}

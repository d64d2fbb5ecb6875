package dev.mcppol.runtime.proxy;

/** The proxy cannot start (server command not found, port taken, unusable bundle …): exit code 2. */
public final class ProxyStartException extends Exception {
    public ProxyStartException(String message) {
        super(message);
    }

    public ProxyStartException(String message, Throwable cause) {
        super(message, cause);
    }
}

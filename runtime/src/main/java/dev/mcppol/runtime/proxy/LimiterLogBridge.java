package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.limit.RedisLimiter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends the Redis limiter's log lines (it logs through {@code System.Logger}, i.e. java.util.logging:
 * "store lost", "store back") to the proxy's stderr in the proxy's own format, and only there: the
 * logger stops passing them to JUL's console handler, which would print each twice and in another
 * format. Closed with the proxy, which restores the logger.
 */
final class LimiterLogBridge implements AutoCloseable {
    // JUL holds loggers weakly: this reference keeps the handler (and the settings) alive.
    private final Logger logger = Logger.getLogger(RedisLimiter.class.getName());
    private final Handler handler;
    private final boolean parentHandlers;

    LimiterLogBridge(ProxyLog log) {
        this.handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    log.warn(r.getMessage());
                } else if (r.getLevel().intValue() >= Level.INFO.intValue()) {
                    log.info(r.getMessage());
                }
            }

            @Override
            public void flush() {
                // ProxyLog flushes every line
            }

            @Override
            public void close() {
                // the stream belongs to the proxy
            }
        };
        this.parentHandlers = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(parentHandlers);
    }
}

package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.engine.Engine;
import dev.mcppol.runtime.limit.Limiter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The bundle in force. A reload swaps the whole engine in one step, so a message is decided by
 * either the old or the new bundle, never a mix; every engine shares one limiter, so a reload keeps
 * the counters (a reload must not hand every agent a fresh budget).
 */
public final class PolicyHolder {
    private final Limiter limiter;
    private final ProxyMetrics metrics;
    private final AtomicReference<Engine> engine = new AtomicReference<>();

    public PolicyHolder(Bundle initial, Limiter limiter, ProxyMetrics metrics) {
        this.limiter = new CountingLimiter(limiter, metrics);
        this.metrics = metrics;
        engine.set(new Engine(initial, this.limiter));
    }

    public Engine engine() {
        return engine.get();
    }

    public ProxyMetrics metrics() {
        return metrics;
    }

    /** Puts a verified bundle in force; returns the one it replaced. */
    public Bundle swap(Bundle next) {
        Engine old = engine.getAndSet(new Engine(next, limiter));
        return old.bundle();
    }
}

package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.bundle.Bundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code --watch}: polls the bundle (or policy) file and puts a changed one in force. Polling the
 * modification time and size, rather than a WatchService, also sees a file replaced by rename
 * (how editors and deploy tools write) and works on every file system. A bundle that fails to load or
 * verify is reported and ignored: the one in force stays.
 */
public final class BundleWatcher implements AutoCloseable {
    private final BundleSource source;
    private final PolicyHolder policy;
    private final ProxyLog log;
    private final ScheduledExecutorService timer;
    private Object lastSeen;

    public BundleWatcher(BundleSource source, PolicyHolder policy, ProxyLog log, long intervalMillis) {
        this.source = source;
        this.policy = policy;
        this.log = log;
        this.lastSeen = stamp();
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mcppol-bundle-watcher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::poll, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    private Object stamp() {
        try {
            BasicFileAttributes a = Files.readAttributes(source.file(), BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + "/" + a.size() + "/" + a.fileKey();
        } catch (NoSuchFileException e) {
            return "missing";
        } catch (IOException e) {
            return "unreadable";
        }
    }

    private void poll() {
        Object now = stamp();
        if (Objects.equals(now, lastSeen) || "missing".equals(now)) {
            return; // a file briefly missing mid-replace is not a new bundle
        }
        lastSeen = now;
        reload();
    }

    /** Loads the source now; true when a new bundle was put in force. */
    public boolean reload() {
        Bundle next;
        try {
            next = source.load();
        } catch (Exception e) {
            policy.metrics().reload(false);
            log.warn("reload of " + source.file() + " rejected, the bundle in force stays: " + e.getMessage());
            return false;
        }
        Bundle old = policy.swap(next);
        policy.metrics().reload(true);
        log.info("reloaded " + source.file() + " (policy " + next.policyName() + ", sha256 "
                + next.sha256().substring(0, 12) + ", was " + old.sha256().substring(0, 12) + ")");
        return true;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}

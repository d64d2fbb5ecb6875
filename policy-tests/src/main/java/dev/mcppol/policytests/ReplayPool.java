package dev.mcppol.policytests;

import dev.mcppol.runtime.transcript.TranscriptException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Replays independent files on a bounded pool of threads and hands their results on in input order,
 * so a report reads byte for byte as a replay on one thread would write it. The first file (in input
 * order) that cannot be read stops the run with its error, as it would one file at a time; files
 * after it may have been read meanwhile, which changes nothing (a replay only reads).
 *
 * <p>Results wait for their turn only as long as an earlier file is still replaying, and a file's
 * result holds no more than the report will keep of it anyway.
 */
final class ReplayPool {

    /** Replays one file, counting its decisions' rules in {@code coverage} (used by this thread alone meanwhile). */
    interface Replay {
        FileReplay replay(Path file, Coverage coverage) throws IOException, TranscriptException;
    }

    private ReplayPool() {
    }

    /**
     * @param jobs     files replayed at once, at least 1 (1: one after the other on the calling thread)
     * @param coverage where every file's rule counts end up
     * @param inOrder  given each file's result, in the order of {@code files}
     */
    static void run(List<Path> files, int jobs, Coverage coverage, Replay replay, TestRunner.Progress progress,
                    Consumer<FileReplay> inOrder) throws IOException, TranscriptException {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        int threads = Math.min(jobs, files.size());
        if (threads <= 1) {
            for (int i = 0; i < files.size(); i++) {
                progress.file(i + 1, files.size(), files.get(i));
                inOrder.accept(replay.replay(files.get(i), coverage));
            }
            return;
        }
        // Coverage counts are sums, so each thread counts into one of its own (no shared counter on the
        // hot path), and they are added up once every file is done.
        ConcurrentLinkedQueue<Coverage> spare = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Coverage> made = new ConcurrentLinkedQueue<>();
        AtomicInteger names = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "mcppol-replay-" + names.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<FileReplay>> pending = new ArrayList<>(files.size());
            for (Path f : files) {
                pending.add(pool.submit(() -> {
                    Coverage mine = spare.poll();
                    if (mine == null) {
                        mine = coverage.fresh();
                        made.add(mine);
                    }
                    try {
                        return replay.replay(f, mine);
                    } finally {
                        spare.add(mine);
                    }
                }));
            }
            for (int i = 0; i < files.size(); i++) {
                progress.file(i + 1, files.size(), files.get(i));
                inOrder.accept(await(pending.get(i)));
                pending.set(i, null);
            }
        } finally {
            pool.shutdownNow();
        }
        // Every task has finished (each future was waited for), so the counts are complete and visible here.
        for (Coverage c : made) {
            coverage.add(c);
        }
    }

    private static FileReplay await(Future<FileReplay> f) throws IOException, TranscriptException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while replaying");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof TranscriptException te) {
                throw te;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}

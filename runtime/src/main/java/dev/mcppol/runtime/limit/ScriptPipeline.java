package dev.mcppol.runtime.limit;

import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Connection;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Runs the limiter's script for concurrent callers as pipelines: a caller queues its run; a caller
 * that finds fewer than {@link #SENDERS} pipelines in flight sends every queued run at once (one
 * write of many {@code EVALSHA}s on one connection, one read of their replies) and hands each caller
 * its own reply. Runs that arrive meanwhile wait for the next pipeline, so under load one round
 * trip serves many calls (fewer system calls and wake-ups on both sides, the cost that bounds a
 * loopback Redis on few cores), and a lone call goes out at once as before.
 *
 * <p>The semantics are the per-call ones: each run is the same atomic script with its own keys and
 * arguments (Redis runs a pipeline's scripts one by one, never interleaved, and concurrent calls were
 * never ordered among themselves); a server that lost its script cache gets the full text for the
 * runs it refused; a broken connection (not a timeout) drops the pool's idle connections and tries
 * once more on a fresh one, and a timeout or a second failure fails every run of the pipeline, as it
 * would have failed each alone.
 */
final class ScriptPipeline {

    /** Runs sent in one pipeline at most: bounds one write, and the wait of a run queued behind it. */
    static final int MAX_RUNS = 128;

    /**
     * Pipelines one caller sends in a row at most, its own among them: the runs queued while one was
     * in flight go out at once, without waiting for another caller to be woken to send them.
     */
    static final int MAX_ROUNDS = 4;

    /**
     * Pipelines in flight at once, each on its own connection (fewer when the pool is smaller): two
     * keep a pair of lone calls as concurrent as before, and under load the next pipeline fills while
     * one is out.
     */
    static final int SENDERS = 2;

    private final RedisClient redis;
    private final RedisScript script;
    private final ConcurrentLinkedQueue<Run> queued = new ConcurrentLinkedQueue<>();
    /** Runs queued or in flight: not yet answered. */
    private final AtomicInteger unanswered = new AtomicInteger();
    /** A permit per pipeline in flight. */
    private final Semaphore sending;

    /** @param connections the pool's size: pipelines in flight never wait for a connection of their own */
    ScriptPipeline(RedisClient redis, RedisScript script, int connections) {
        this.redis = redis;
        this.script = script;
        this.sending = new Semaphore(Math.min(SENDERS, connections));
    }

    /** One caller's run of the script, and its reply or failure once the pipeline that carried it is read. */
    private static final class Run {
        final List<String> keys;
        final List<String> args;
        final Thread caller = Thread.currentThread();
        private volatile boolean done;
        private Object reply;
        private RuntimeException failure;

        Run(List<String> keys, List<String> args) {
            this.keys = keys;
            this.args = args;
        }

        /** First answer wins (a run already answered keeps its reply if a later step fails). */
        void answer(Object reply, RuntimeException failure, AtomicInteger unanswered) {
            if (done) {
                return;
            }
            this.reply = reply;
            this.failure = failure;
            done = true;
            unanswered.decrementAndGet();
            LockSupport.unpark(caller);
        }
    }

    /**
     * Runs the script with these keys and arguments; returns its reply, or throws the
     * {@link JedisException} that stopped it (an unreachable Redis, a timeout, an error reply).
     */
    Object run(List<String> keys, List<String> args) {
        Run mine = new Run(keys, args);
        unanswered.incrementAndGet();
        queued.add(mine);
        boolean interrupted = false;
        while (!mine.done) {
            if (sending.tryAcquire()) {
                try {
                    // Everything queued goes, this caller's run among it; runs queued meanwhile go in the
                    // next pipeline, up to MAX_ROUNDS, so no caller serves the others for long.
                    int rounds = 0;
                    while (!mine.done || rounds < MAX_ROUNDS) {
                        List<Run> batch = drain();
                        if (batch.isEmpty()) {
                            break; // nothing left; or another sender took this run and is answering it
                        }
                        send(batch);
                        rounds++;
                    }
                } finally {
                    sending.release();
                }
                // A run still queued: its caller sends the next pipeline.
                Run next = queued.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                // Woken when the run is answered, or when the pipeline in flight is done and this
                // caller may send the next.
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true; // a blocking read never heeded interrupts either: finish, then restore
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
        return mine.reply;
    }

    /** Runs handed over and not yet answered (queued or in a pipeline in flight). */
    int unanswered() {
        return unanswered.get();
    }

    private List<Run> drain() {
        List<Run> batch = new ArrayList<>();
        Run r;
        while (batch.size() < MAX_RUNS && (r = queued.poll()) != null) {
            batch.add(r);
        }
        return batch;
    }

    private void send(List<Run> batch) {
        try {
            try {
                pipeline(batch);
            } catch (JedisConnectionException first) {
                if (timedOut(first)) {
                    throw first;
                }
                // After a Redis restart every idle connection is dead: drop them and try once more.
                redis.getPool().clear();
                pipeline(unanswered(batch));
            }
        } catch (RuntimeException e) {
            for (Run r : batch) {
                r.answer(null, e, unanswered);
            }
        } catch (Error e) {
            JedisException failed = new JedisException("the limiter's pipeline failed", e);
            for (Run r : batch) {
                r.answer(null, failed, unanswered);
            }
            throw e;
        }
    }

    /** Sends the runs as one pipeline and answers each; a connection failure leaves them unanswered. */
    private void pipeline(List<Run> runs) {
        if (runs.isEmpty()) {
            return;
        }
        try (Connection c = redis.getPool().getResource()) {
            Pipeline p = new Pipeline(c);
            List<Response<Object>> replies = new ArrayList<>(runs.size());
            for (Run r : runs) {
                replies.add(script.queue(p, r.keys, r.args));
            }
            p.sync();
            List<Run> unknown = new ArrayList<>();
            collect(runs, replies, unknown);
            if (!unknown.isEmpty()) {
                // The server lost its script cache: the full text for these, which caches it again.
                Pipeline again = new Pipeline(c);
                List<Response<Object>> full = new ArrayList<>(unknown.size());
                for (Run r : unknown) {
                    full.add(script.queueSource(again, r.keys, r.args));
                }
                again.sync();
                collect(unknown, full, null);
            }
        }
    }

    /**
     * Answers each run from its reply; runs refused for an unknown script go to {@code unknown}, or,
     * when it is null (the full text was sent), are answered with that error.
     */
    private void collect(List<Run> runs, List<Response<Object>> replies, List<Run> unknown) {
        for (int i = 0; i < runs.size(); i++) {
            Run r = runs.get(i);
            try {
                r.answer(replies.get(i).get(), null, unanswered);
            } catch (JedisDataException e) {
                if (RedisScript.unknownScript(e) && unknown != null) {
                    unknown.add(r);
                } else {
                    r.answer(null, e, unanswered);
                }
            }
        }
    }

    private static List<Run> unanswered(List<Run> batch) {
        List<Run> out = new ArrayList<>(batch.size());
        for (Run r : batch) {
            if (!r.done) {
                out.add(r);
            }
        }
        return out;
    }

    static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}

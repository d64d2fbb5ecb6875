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
 * Runs the limiter's script for concurrent callers in batches: a caller queues its run; a caller
 * that finds no batch in flight sends every queued run as one run of the script (one
 * {@code EVALSHA} carrying all their keys and arguments, see {@code redis-limiter.lua}) and hands
 * each caller its own entry of the reply. Runs that arrive meanwhile wait for the next batch, so
 * under load one round trip and one script run serve many calls (fewer system calls, wake-ups and
 * script starts on both sides, and a window or retry time shared by several calls of a batch is
 * read once); a lone call goes out at once as before.
 *
 * <p>The semantics are the per-call ones: the script decides a batch's calls one after the other,
 * each all or nothing, and Redis runs a script atomically, so each call is decided exactly as if it
 * had run alone at that point (concurrent calls were never ordered among themselves); a Redis
 * command that fails for one call fails that call only, as it would have alone. A server that lost
 * its script cache gets the full text; a broken connection (not a timeout) drops the pool's idle
 * connections and tries once more on a fresh one, and a timeout or a second failure fails every run
 * of the batch, as it would have failed each alone.
 */
final class ScriptBatches {

    /** Runs sent in one batch at most: bounds one script run (Redis serves no one else meanwhile) and one write. */
    static final int MAX_RUNS = 128;

    /**
     * Batches one caller sends in a row at most, its own among them: the runs queued while one was
     * in flight go out at once, without waiting for another caller to be woken to send them.
     */
    static final int MAX_ROUNDS = 4;

    /**
     * Batches in flight at once. One: while it is out, the next batch fills, so the batches are as
     * large as the concurrency allows. With two in flight (as the pipelines before them were), each
     * took what had queued since the other left, about half as many calls, and the work per call
     * went up on both sides (Redis: a script start, a TIME, the shared windows read again; the
     * client: a round trip, the wake-ups): measured on 2 cores with 8 threads, 1.3x to 1.6x the CPU
     * time per decision, refused and admitted calls alike, and fewer decisions per second.
     */
    static final int SENDERS = 1;

    private final RedisClient redis;
    private final RedisScript script;
    /** The arguments each batch starts with after its number of runs (the idle TTL floor). */
    private final List<String> header;
    private final ConcurrentLinkedQueue<Run> queued = new ConcurrentLinkedQueue<>();
    /** Runs queued or in flight: not yet answered. */
    private final AtomicInteger unanswered = new AtomicInteger();
    /** A permit per batch in flight. */
    private final Semaphore sending;

    /**
     * @param connections the pool's size: batches in flight never wait for a connection of their own
     * @param header the arguments each batch starts with after its number of runs
     */
    ScriptBatches(RedisClient redis, RedisScript script, int connections, List<String> header) {
        this.redis = redis;
        this.script = script;
        this.header = header;
        this.sending = new Semaphore(Math.min(SENDERS, connections));
    }

    /** One caller's call in a batch, and its reply or failure once the batch that carried it is read. */
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
                    // next batch, up to MAX_ROUNDS, so no caller serves the others for long.
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
                // A run still queued: its caller sends the next batch.
                Run next = queued.peek();
                if (next != null) {
                    LockSupport.unpark(next.caller);
                }
            } else {
                // Woken when the run is answered, or when the batch in flight is done and this
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

    /**
     * Runs these in one batch, in this order, on the calling thread (a test's chosen grouping);
     * returns each run's reply, or the {@link JedisException} that stopped it.
     */
    List<Object> runTogether(List<List<String>> keys, List<List<String>> args) {
        List<Run> runs = new ArrayList<>(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            runs.add(new Run(keys.get(i), args.get(i)));
        }
        unanswered.addAndGet(runs.size());
        send(runs);
        List<Object> out = new ArrayList<>(runs.size());
        for (Run r : runs) {
            out.add(r.failure != null ? r.failure : r.reply);
        }
        return out;
    }

    /** Runs handed over and not yet answered (queued or in a batch in flight). */
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
                batch(batch);
            } catch (JedisConnectionException first) {
                if (timedOut(first)) {
                    throw first;
                }
                // After a Redis restart every idle connection is dead: drop them and try once more.
                redis.getPool().clear();
                batch(unanswered(batch));
            }
        } catch (RuntimeException e) {
            for (Run r : batch) {
                r.answer(null, e, unanswered);
            }
        } catch (Error e) {
            JedisException failed = new JedisException("the limiter's batch failed", e);
            for (Run r : batch) {
                r.answer(null, failed, unanswered);
            }
            throw e;
        }
    }

    /**
     * Sends the runs as one run of the script (the batch: the number of runs, the header, then each
     * run's arguments; every run's keys in turn) and answers each from its entry of the reply; a
     * connection failure leaves them unanswered. A server that lost its script cache gets the full
     * text for the batch, which caches it again.
     */
    private void batch(List<Run> runs) {
        if (runs.isEmpty()) {
            return;
        }
        int keyCount = 0;
        int argCount = 1 + header.size();
        for (Run r : runs) {
            keyCount += r.keys.size();
            argCount += r.args.size();
        }
        List<String> keys = new ArrayList<>(keyCount);
        List<String> args = new ArrayList<>(argCount);
        args.add(Integer.toString(runs.size()));
        args.addAll(header);
        for (Run r : runs) {
            keys.addAll(r.keys);
            args.addAll(r.args);
        }
        try (Connection c = redis.getPool().getResource()) {
            Object reply;
            try {
                reply = script.run(c, false, keys, args);
            } catch (JedisDataException e) {
                if (!RedisScript.unknownScript(e)) {
                    throw e;
                }
                reply = script.run(c, true, keys, args);
            }
            List<?> replies = (List<?>) reply;
            for (int i = 0; i < runs.size(); i++) {
                Object one = replies.get(i);
                JedisDataException failed = RedisScript.failure(one);
                runs.get(i).answer(failed == null ? one : null, failed, unanswered);
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

package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.handler.SessionState;
import dev.mcppol.runtime.mcp.JsonRpc;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The stdio proxy: starts the server as a child process and relays newline-delimited JSON-RPC both
 * ways through the {@link MessageGate}; the server's stderr goes through as is. The agent's side is a
 * pair of streams, so the same class runs as {@code mcppol proxy} and inside tests.
 *
 * <p>Shutdown follows the MCP stdio transport: when the agent closes its input, the server's stdin is
 * closed; a server still running after a grace period gets SIGTERM, then SIGKILL. {@link #run()}
 * returns the server's exit code.
 */
public final class StdioProxy {
    private final MessageGate gate;
    private final List<String> command;
    private final InputStream clientIn;
    private final OutputStream clientOut;
    private final ProxyLog log;
    private final SessionState session;
    private final long graceMillis;
    private volatile Process child;

    public StdioProxy(MessageGate gate, List<String> command, InputStream clientIn, OutputStream clientOut,
                      ProxyLog log, SessionState session, long graceMillis) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("no server command given (mcppol proxy --bundle B -- CMD ARGS...)");
        }
        this.gate = gate;
        this.command = List.copyOf(command);
        this.clientIn = clientIn;
        // One write per message: System.out flushes on every write, and a message followed by a lone
        // newline in a second system call makes the agent wake up twice.
        this.clientOut = new java.io.BufferedOutputStream(clientOut, 1 << 16);
        this.log = log;
        this.session = session;
        this.graceMillis = graceMillis;
    }

    public int run() throws ProxyStartException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new ProxyStartException("cannot start the server " + command.get(0) + ": " + e.getMessage(), e);
        }
        child = p;
        Thread stderr = daemon("mcppol-server-stderr", () -> relayStderr(p.getErrorStream()));
        Thread fromServer = daemon("mcppol-server-to-client", () -> serverToClient(p));
        // Daemon: a blocked read on the agent's stdin must not keep the proxy alive after the server exits.
        Thread fromClient = daemon("mcppol-client-to-server", () -> clientToServer(p));
        stderr.start();
        fromServer.start();
        fromClient.start();
        // Calls held for the user's approval are denied when their time runs out, even if no other message comes.
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> daemon("mcppol-approval-timer", r));
        timer.scheduleWithFixedDelay(this::expireApprovals, 250, 250, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::watchWrites, 50, 50, TimeUnit.MILLISECONDS);
        int code;
        try {
            code = p.waitFor();
        } finally {
            timer.shutdownNow();
        }
        // Everything the server wrote before exiting still reaches the agent.
        fromServer.join(TimeUnit.SECONDS.toMillis(5));
        stderr.join(TimeUnit.SECONDS.toMillis(1));
        return code;
    }

    private Thread daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private void clientToServer(Process p) {
        ServerWriter writer = new ServerWriter(p.getOutputStream(), 4L * gate.maxMessageBytes(), log);
        serverWriter = writer;
        boolean[] alive = {true};
        Thread writing = daemon("mcppol-server-writer", () -> writer.run(alive));
        writing.start();
        clientReader = new ClientReader(p, writer, writing, alive, new LineReader(clientIn, gate.maxMessageBytes()));
        clientReader.run();
    }

    private volatile ClientReader clientReader;

    /**
     * Reads the agent and hands each message to the gate; what goes to the server is written on this
     * thread when the server's stdin is free ({@link ServerWriter#sendDirect}). A server that stops
     * reading blocks that write: the watchdog ({@link #watchWrites}) then starts a new thread that goes
     * on reading the agent — so the proxy keeps answering what it decides itself — and the blocked one
     * stops once its write returns. Only one thread reads the agent at a time.
     */
    private final class ClientReader implements Runnable {
        private final Process p;
        private final ServerWriter writer;
        private final Thread writing;
        private final boolean[] alive;
        private final LineReader reader;

        ClientReader(Process p, ServerWriter writer, Thread writing, boolean[] alive, LineReader reader) {
            this.p = p;
            this.writer = writer;
            this.writing = writing;
            this.alive = alive;
            this.reader = reader;
        }

        @Override
        public void run() {
            try {
                byte[] line;
                while ((line = reader.next()) != null) {
                    MessageGate.ClientVerdict v;
                    try {
                        v = line == LineReader.OVERSIZE ? gate.oversize() : gate.fromClient(line, 0, line.length, session);
                    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
                        // Never a silent hang: the message is refused and the agent told so.
                        log.warn("could not handle a client message (" + e.getClass().getSimpleName() + "); refused");
                        toClient(JsonRpc.bytes(JsonRpc.error(ParsedMessage.parse(line, 0, line.length).id(),
                                JsonRpc.INTERNAL_ERROR, "the proxy could not handle this message; it was not forwarded",
                                null)));
                        continue;
                    }
                    if (v.forward()) {
                        byte[] forwarded = v.toServer(line);
                        ServerWriter.Sent sent = writer.sendDirect(forwarded);
                        if (!sent.taken()) {
                            refuseUnread(forwarded);
                        }
                        if (sent.replaced()) {
                            return; // another thread reads the agent now
                        }
                    } else if (v.reply() != null) {
                        toClient(v.reply());
                    }
                }
            } catch (IOException e) {
                if (p.isAlive()) {
                    log.warn("relay to the client stopped: " + e.getMessage());
                }
            }
            agentDone(p, writer, writing, alive);
        }
    }

    /** Every 50 ms: a write to the server blocked on the agent's reader moves reading the agent to a new thread. */
    private void watchWrites() {
        ServerWriter w = serverWriter;
        ClientReader r = clientReader;
        if (w != null && r != null && w.stuckDirectWriter(System.nanoTime())) {
            log.warn("the server is not reading its input; the proxy goes on reading the agent meanwhile");
            daemon("mcppol-client-to-server", r).start();
        }
    }

    /** The agent closed its input: the rest is written, then the server is asked to stop. */
    private void agentDone(Process p, ServerWriter writer, Thread writing, boolean[] alive) {
        alive[0] = p.isAlive();
        writer.finish();
        try {
            writing.join(graceMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        alive[0] = false;
        if (writing.isAlive()) {
            // Still blocked writing: the server is not reading, so closing its stdin would block too.
            log.warn("the server is not reading its input; stopping it");
            stopUnread(p);
        } else {
            shutDown(p);
        }
    }

    private void stopUnread(Process p) {
        try {
            p.destroy();
            if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                log.warn("the server ignored SIGTERM; killing it");
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The server is not reading its input: a request gets an error instead of waiting forever. */
    private void refuseUnread(byte[] forwarded) throws IOException {
        ParsedMessage m = ParsedMessage.parse(forwarded, 0, forwarded.length);
        log.warn("the server is not reading its input; a message was not forwarded");
        if (m.ok() && m.message().has("id") && m.message().has("method")) {
            // the message carries the proxy's id for the request: the client gets the error under its own
            byte[] error = gate.abandoned(m.message().get("id").toString(), session, JsonRpc.INTERNAL_ERROR,
                    "the server is not reading its input; the request was not forwarded");
            if (error != null) {
                toClient(error);
            }
        }
    }

    /** The agent is gone: close the server's stdin, then SIGTERM, then SIGKILL, each after a grace period. */
    private void shutDown(Process p) {
        try {
            p.getOutputStream().close();
            if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                p.destroy();
                if (!p.waitFor(graceMillis, TimeUnit.MILLISECONDS)) {
                    log.warn("the server ignored SIGTERM; killing it");
                    p.destroyForcibly();
                }
            }
        } catch (IOException e) {
            p.destroy();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void serverToClient(Process p) {
        LineReader reader = new LineReader(ServerStdout.of(p), gate.maxMessageBytes());
        try {
            byte[] line;
            while ((line = reader.next()) != null) {
                if (line == LineReader.OVERSIZE) {
                    oversizeFromServer(reader.lastOversize());
                    continue;
                }
                MessageGate.ServerVerdict v = gate.fromServer(line, 0, line.length, session);
                if (v.pass()) {
                    toClient(v.replacement() != null ? v.replacement() : line);
                } else if (v.toServer() != null) {
                    toServer(p.getOutputStream(), v.toServer());
                }
            }
        } catch (IOException e) {
            log.warn("relay from the server stopped: " + e.getMessage());
        }
    }

    /**
     * A server message over the limit is skipped unread; the request it answers gets an error naming
     * the limit instead of waiting forever (a server request gets it back, a notification is dropped).
     */
    private void oversizeFromServer(TopLevelIdScanner scan) throws IOException {
        String problem = "the server's message exceeds the proxy's limit of " + gate.maxMessageBytes()
                + " bytes (--max-message-bytes)";
        String id = scan == null ? null : scan.id();
        log.warn("dropped a server message: " + problem);
        if (id == null) {
            return;
        }
        if (scan.hasMethod()) {
            // a server request: the server gets the error under its own id
            writerToServer(JsonRpc.bytes(JsonRpc.error(dev.mcppol.runtime.json.Json.MAPPER.readTree(id),
                    JsonRpc.MESSAGE_TOO_LARGE, problem, null)));
        } else {
            // an answer: under the proxy's id, which the client knows by its own
            byte[] error = gate.abandoned(id, session, JsonRpc.MESSAGE_TOO_LARGE, problem);
            if (error != null) {
                toClient(error);
            }
        }
    }

    private volatile ServerWriter serverWriter;

    private void writerToServer(byte[] message) {
        ServerWriter w = serverWriter;
        if (w != null) {
            w.offer(message);
        }
    }

    /** Both relays write to the server (the agent's messages, the proxy's answers to server requests): all through the writer. */
    private void toServer(OutputStream ignored, byte[] message) {
        writerToServer(message);
    }

    private void expireApprovals() {
        try {
            for (MessageGate.ToHeldCall answer : gate.expired(session)) {
                toClient(answer.message());
            }
            for (MessageGate.ToHeldCall progress : gate.progress(session)) {
                toClient(progress.message());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("could not answer a call whose approval timed out: " + e.getMessage());
        }
    }

    private void toClient(byte[] message) throws IOException {
        synchronized (clientOut) {
            clientOut.write(message);
            clientOut.write('\n');
            clientOut.flush();
        }
    }

    private void relayStderr(InputStream err) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = err.read(buf)) > 0) {
                log.raw(buf, 0, n);
            }
        } catch (IOException e) {
            // the server closed its stderr: nothing left to relay
        }
    }

    /** Stops the server (used when the proxy itself is asked to stop). */
    public void stop() {
        Process p = child;
        if (p != null) {
            shutDown(p);
        }
    }
}

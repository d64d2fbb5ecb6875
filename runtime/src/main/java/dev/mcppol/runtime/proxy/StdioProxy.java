package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.handler.SessionState;
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
        int code = p.waitFor();
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
        OutputStream toServer = p.getOutputStream();
        LineReader reader = new LineReader(clientIn, gate.maxMessageBytes());
        try {
            byte[] line;
            while ((line = reader.next()) != null) {
                MessageGate.ClientVerdict v = line == LineReader.OVERSIZE ? gate.oversize()
                        : gate.fromClient(line, 0, line.length, session);
                if (v.forward()) {
                    toServer(toServer, v.toServer(line));
                } else if (v.reply() != null) {
                    toClient(v.reply());
                }
            }
        } catch (IOException e) {
            if (p.isAlive()) {
                log.warn("relay to the server stopped: " + e.getMessage());
            }
        }
        shutDown(p);
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
        LineReader reader = new LineReader(p.getInputStream(), gate.maxMessageBytes());
        try {
            byte[] line;
            while ((line = reader.next()) != null) {
                if (line == LineReader.OVERSIZE) {
                    log.warn("dropped a server message over the limit of " + gate.maxMessageBytes() + " bytes");
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

    private final Object serverLock = new Object();

    /** Both relays write to the server (the agent's messages, the proxy's answers to server requests): one at a time. */
    private void toServer(OutputStream toServer, byte[] message) throws IOException {
        synchronized (serverLock) {
            toServer.write(message);
            toServer.write('\n');
            toServer.flush();
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

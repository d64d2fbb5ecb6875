package dev.mcppol.runtime.proxy.wire;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The proxy's HTTP/1.1 listener: event loops (one per processor by default) that accept agent
 * connections and serve them without worker threads ({@link AgentConnection}), with the limits that
 * keep slow or idle clients from starving the others (slowloris): a connection silent for
 * {@link #READ_IDLE_MILLIS} while a request is due is closed, only a response that streams may stay
 * quiet for {@link #STREAM_IDLE_MILLIS}, request heads are at most {@link #MAX_HEADER_BYTES}, and at
 * most {@link #MAX_CONNECTIONS} connections are open at once (more wait in the accept queue).
 */
public final class WireServer implements AutoCloseable {
    /** Silence allowed while a request's head or body is due, and on an idle keep-alive connection. */
    public static final long READ_IDLE_MILLIS = TimeUnit.SECONDS.toMillis(10);
    /** Silence allowed on a streamed response (an SSE stream may be quiet for a long time). */
    public static final long STREAM_IDLE_MILLIS = TimeUnit.MINUTES.toMillis(30);
    /** Open connections at once. */
    public static final int MAX_CONNECTIONS = 2048;
    /** A request's line and headers, at most (a longer head gets 431). */
    static final int MAX_HEADER_BYTES = 8 * 1024;

    /** What the proxy does with each request, called on the connection's loop with the head complete. */
    public interface Handler {
        void handle(AgentExchange exchange);
    }

    private final List<WireLoop> loops;
    private final ServerSocketChannel acceptor;
    private final Handler handler;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger next = new AtomicInteger();
    private final Consumer<String> warn;
    private SelectionKey acceptKey;
    private volatile boolean paused;

    private WireServer(List<WireLoop> loops, ServerSocketChannel acceptor, Handler handler, Consumer<String> warn) {
        this.loops = loops;
        this.acceptor = acceptor;
        this.handler = handler;
        this.warn = warn;
    }

    /** Listens on {@code host:port} (0: any free port) with {@code threads} loops. */
    public static WireServer start(String host, int port, int threads, Handler handler, Consumer<String> warn)
            throws IOException {
        List<WireLoop> loops = new ArrayList<>();
        ServerSocketChannel acceptor = ServerSocketChannel.open();
        try {
            for (int i = 0; i < threads; i++) {
                loops.add(new WireLoop("mcppol-http-" + i, warn));
            }
            acceptor.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            acceptor.bind(new InetSocketAddress(host, port), 1024);
            acceptor.configureBlocking(false);
            WireServer server = new WireServer(List.copyOf(loops), acceptor, handler, warn);
            java.util.concurrent.CompletableFuture<Void> registered = new java.util.concurrent.CompletableFuture<>();
            loops.get(0).execute(() -> {
                try {
                    server.acceptKey = loops.get(0).register(acceptor, SelectionKey.OP_ACCEPT, server.new Accept());
                    registered.complete(null);
                } catch (IOException e) {
                    registered.completeExceptionally(e);
                }
            });
            registered.get(10, TimeUnit.SECONDS);
            return server;
        } catch (Exception e) {
            for (WireLoop l : loops) {
                l.close();
            }
            acceptor.close();
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
    }

    public int port() {
        try {
            return ((InetSocketAddress) acceptor.getLocalAddress()).getPort();
        } catch (IOException e) {
            return -1;
        }
    }

    Handler handler() {
        return handler;
    }

    /** Connections open now. */
    public int openConnections() {
        return open.get();
    }

    private final class Accept implements WireLoop.Ready {
        @Override
        public void ready(SelectionKey key) throws IOException {
            // Bounded per round, so accepting never starves the connections of loop 0.
            for (int i = 0; i < 64; i++) {
                if (open.get() >= MAX_CONNECTIONS) {
                    paused = true;
                    key.interestOps(0); // the rest wait in the kernel's accept queue
                    return;
                }
                SocketChannel c = acceptor.accept();
                if (c == null) {
                    return;
                }
                open.incrementAndGet();
                c.configureBlocking(false);
                c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                WireLoop loop = loops.get(Math.floorMod(next.getAndIncrement(), loops.size()));
                AgentConnection conn = new AgentConnection(WireServer.this, loop, c);
                loop.execute(() -> {
                    try {
                        conn.start();
                    } catch (IOException e) {
                        conn.close(e);
                    }
                });
            }
        }

        @Override
        public void failed(Throwable x) {
            warn.accept("accepting a connection failed: " + x);
        }
    }

    /** A connection closed. */
    void closed(AgentConnection connection) {
        open.decrementAndGet();
        if (paused) {
            paused = false;
            loops.get(0).execute(() -> {
                if (acceptKey != null && acceptKey.isValid()) {
                    acceptKey.interestOps(SelectionKey.OP_ACCEPT);
                }
            });
        }
    }

    @Override
    public void close() {
        try {
            acceptor.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (WireLoop l : loops) {
            l.close();
        }
    }
}

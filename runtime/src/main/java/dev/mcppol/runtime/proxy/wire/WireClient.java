package dev.mcppol.runtime.proxy.wire;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

/**
 * The proxy's HTTP/1.1 client for an {@code http://} server: keep-alive connections kept per event
 * loop, so a request goes out and its answer is read on the loop that read the agent's request (no
 * thread hand-off). Answers are parsed with Jetty's {@link HttpParser}; bodies are passed on as they
 * arrive, never decompressed. The server has {@link #HEAD_TIMEOUT_SECONDS} to begin its answer; after
 * that an answer (an event stream) may stay open as long as the agent's side does.
 */
public final class WireClient implements Upstream {
    /** How long the server may take to start answering. */
    public static final long HEAD_TIMEOUT_SECONDS = 60;
    /** Idle connections kept per loop. */
    private static final int IDLE_PER_LOOP = 32;
    private static final long CONNECT_TIMEOUT_SECONDS = 15;

    private final InetSocketAddress address;
    private final String hostHeader;
    private final String target;
    private final Map<WireLoop, ArrayDeque<Connection>> idle = new ConcurrentHashMap<>();
    private final long headTimeoutMillis;
    private volatile boolean closed;

    public WireClient(URI upstream) {
        this(upstream, TimeUnit.SECONDS.toMillis(HEAD_TIMEOUT_SECONDS));
    }

    /** {@code headTimeoutMillis}: how long the server may take to begin an answer. */
    WireClient(URI upstream, long headTimeoutMillis) {
        this.headTimeoutMillis = headTimeoutMillis;
        if (!"http".equals(upstream.getScheme())) {
            throw new IllegalArgumentException("the proxy's own client speaks http://, not " + upstream.getScheme());
        }
        int port = upstream.getPort() < 0 ? 80 : upstream.getPort();
        this.address = new InetSocketAddress(upstream.getHost(), port);
        String host = upstream.getHost().contains(":") && !upstream.getHost().startsWith("[")
                ? "[" + upstream.getHost() + "]" : upstream.getHost();
        this.hostHeader = upstream.getPort() < 0 ? host : host + ":" + port;
        String path = upstream.getRawPath() == null || upstream.getRawPath().isEmpty() ? "/" : upstream.getRawPath();
        this.target = upstream.getRawQuery() == null ? path : path + "?" + upstream.getRawQuery();
    }

    private static String seconds(long millis) {
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    @Override
    public Call send(WireLoop loop, String method, HttpFields headers, byte[] body, Listener listener) {
        Exchange ex = new Exchange(loop, request(method, headers, body), listener);
        loop.run(ex::start);
        return ex;
    }

    private ByteBuffer request(String method, HttpFields headers, byte[] body) {
        StringBuilder b = new StringBuilder(512);
        b.append(method).append(' ').append(target).append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
        for (HttpField f : headers) {
            b.append(f.getName()).append(": ").append(f.getValue()).append("\r\n");
        }
        if (body != null) {
            b.append("Content-Length: ").append(body.length).append("\r\n");
        }
        b.append("\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer all = ByteBuffer.allocate(head.length + (body == null ? 0 : body.length));
        all.put(head);
        if (body != null) {
            all.put(body);
        }
        return all.flip();
    }

    /** One request: takes an idle connection of its loop or opens one, and owns it until the answer ends. */
    private final class Exchange implements Call {
        private final WireLoop loop;
        private final ByteBuffer request;
        private final Listener listener;
        private Connection connection;
        private WireLoop.Timer headTimer;
        private boolean done;

        Exchange(WireLoop loop, ByteBuffer request, Listener listener) {
            this.loop = loop;
            this.request = request;
            this.listener = listener;
        }

        void start() {
            if (closed) {
                fail(new IOException("the proxy is stopping"));
                return;
            }
            headTimer = loop.schedule(() -> abort(new TimeoutException("no answer from the server within "
                    + seconds(headTimeoutMillis))), headTimeoutMillis, TimeUnit.MILLISECONDS);
            ArrayDeque<Connection> pool = idle.get(loop);
            Connection c = pool == null ? null : pool.pollLast();
            if (c != null) {
                c.take(this);
                return;
            }
            try {
                SocketChannel ch = SocketChannel.open();
                ch.configureBlocking(false);
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                c = new Connection(loop, ch);
                c.connect(this);
            } catch (IOException e) {
                fail(e);
            }
        }

        @Override
        public void abort(Throwable why) {
            loop.run(() -> {
                if (done) {
                    return;
                }
                if (connection != null) {
                    connection.close(why); // fails this exchange through the connection
                } else {
                    fail(why);
                }
            });
        }

        void headArrived() {
            if (headTimer != null) {
                headTimer.cancel();
            }
        }

        void fail(Throwable why) {
            if (done) {
                return;
            }
            done = true;
            if (headTimer != null) {
                headTimer.cancel();
            }
            listener.failed(why);
        }

        void complete() {
            if (done) {
                return;
            }
            done = true;
            if (headTimer != null) {
                headTimer.cancel();
            }
            listener.complete();
        }
    }

    /** A connection to the server; carries one exchange at a time, kept for the next while it stays sound. */
    private final class Connection extends WireSocket implements HttpParser.ResponseHandler {
        private final HttpParser parser = new HttpParser(this);
        private Exchange exchange;
        private WireLoop.Timer connectTimer;
        private int status;
        private HttpFields.Mutable fields;
        private boolean paused;
        private boolean inContent;
        private boolean complete;

        Connection(WireLoop loop, SocketChannel channel) {
            super(loop, channel, 16 * 1024);
        }

        void connect(Exchange ex) throws IOException {
            exchange = ex;
            ex.connection = this;
            if (channel.connect(address)) {
                key = loop.register(channel, 0, this);
                connected();
            } else {
                key = loop.register(channel, SelectionKey.OP_CONNECT, this);
                connectTimer = loop.schedule(() -> close(new TimeoutException("could not connect to the server within "
                        + CONNECT_TIMEOUT_SECONDS + " s")), CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
        }

        @Override
        void connected() {
            if (connectTimer != null) {
                connectTimer.cancel();
            }
            key.interestOps(0);
            send();
        }

        /** An idle connection takes the next exchange. */
        void take(Exchange ex) {
            exchange = ex;
            ex.connection = this;
            send();
        }

        private void send() {
            parser.reset();
            status = 0;
            fields = null;
            paused = false;
            complete = false;
            reading(true);
            write(org.eclipse.jetty.util.Callback.from(() -> { }, this::close), exchange.request);
        }

        @Override
        void readable() throws IOException {
            int n = fill();
            if (exchange == null) {
                // idle: the server closed it or sent what nobody asked for; either way it is done
                close(null);
                return;
            }
            if (n < 0) {
                parser.atEOF();
            }
            parse();
            if (n < 0 && !isClosed()) {
                close(new IOException("the server closed the connection before its answer's end"));
            }
        }

        private void parse() {
            while (!isClosed() && exchange != null && !paused && !complete
                    && (input.hasRemaining() || parser.isAtEOF())) {
                int before = input.remaining();
                boolean stopped = parser.parseNext(input);
                if (!stopped && input.remaining() == before) {
                    return;
                }
            }
        }

        @Override
        public void startResponse(HttpVersion version, int s, String reason) {
            status = s;
            fields = HttpFields.build();
        }

        @Override
        public void parsedHeader(HttpField field) {
            fields.add(field);
        }

        @Override
        public boolean headerComplete() {
            if (status / 100 == 1) {
                return false; // an interim answer (100 Continue): the real one follows
            }
            exchange.headArrived();
            try {
                exchange.listener.head(status, fields.asImmutable());
            } catch (IOException | RuntimeException e) {
                close(e);
                return true;
            }
            return false;
        }

        @Override
        public boolean content(ByteBuffer item) {
            Exchange ex = exchange;
            paused = true;
            inContent = true;
            try {
                ex.listener.content(item, () -> loop.run(() -> resume(ex)));
            } finally {
                inContent = false;
            }
            item.position(item.limit());
            if (paused) {
                reading(false);
                return true;
            }
            return false;
        }

        private void resume(Exchange ex) {
            if (ex != exchange || isClosed()) {
                return;
            }
            paused = false;
            if (inContent) {
                return; // asked for more during content(): parsing goes on from there
            }
            reading(true);
            parse();
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            if (status / 100 == 1) {
                parser.reset();
                return false;
            }
            complete = true;
            Exchange ex = exchange;
            exchange = null;
            boolean reusable = !parser.isClose() && !input.hasRemaining() && !isClosed();
            if (reusable) {
                ArrayDeque<Connection> pool = idle.computeIfAbsent(loop, l -> new ArrayDeque<>());
                if (pool.size() < IDLE_PER_LOOP) {
                    pool.addLast(this);
                    reading(true); // an idle connection is read only to notice the server closing it
                } else {
                    close(null);
                }
            } else {
                close(null);
            }
            ex.complete();
            return true;
        }

        @Override
        public void earlyEOF() {
            close(new IOException("the server's answer broke off"));
        }

        @Override
        public void badMessage(org.eclipse.jetty.http.HttpException failure) {
            close(new IOException("the server's answer is not valid HTTP/1.1: " + failure.getReason()));
        }

        @Override
        void closed(Throwable why) {
            if (connectTimer != null) {
                connectTimer.cancel();
            }
            ArrayDeque<Connection> pool = idle.get(loop);
            if (pool != null) {
                pool.remove(this);
            }
            Exchange ex = exchange;
            exchange = null;
            if (ex != null) {
                ex.fail(why != null ? why : new IOException("the server closed the connection"));
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Map.Entry<WireLoop, ArrayDeque<Connection>> e : idle.entrySet()) {
            e.getKey().execute(() -> {
                for (Connection c; (c = e.getValue().poll()) != null; ) {
                    c.close(null);
                }
            });
        }
    }
}

package dev.mcppol.runtime.proxy.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpParser.State;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.util.Callback;

/**
 * An agent's connection: requests parsed with Jetty's {@link HttpParser} (strict HTTP/1.1 framing:
 * one reading of where a request ends, as the server will have), one exchange at a time (a pipelined
 * request waits in the buffer until the answer before it is written), responses framed by length or
 * chunked. Nothing is read while an exchange waits on the proxy or the server, except a body the
 * handler asked for; a connection that is silent for {@link WireServer#READ_IDLE_MILLIS} while a
 * request is due (or {@link WireServer#STREAM_IDLE_MILLIS} while its answer streams) is closed.
 */
final class AgentConnection extends WireSocket implements HttpParser.RequestHandler {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    /** Bytes of the response a writer may have queued beyond what the agent has taken, before it waits. */
    private static final long ACCEPTED_BYTES = 64 * 1024;
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final WireServer server;
    private final HttpParser parser;
    /** The request being parsed (head), then handled; null between requests. */
    private String method;
    private String target;
    private HttpVersion version;
    private HttpFields.Mutable fields;
    private AgentExchange exchange;
    /** The body the handler asked for. */
    private AgentExchange.BodyListener bodyListener;
    private int bodyLimit;
    private ByteArrayOutputStream body;
    private boolean bodyTooLarge;
    private boolean messageComplete;
    private boolean headComplete;
    /** Found by the parser's callbacks, acted on by {@link #parse} once the parser has returned. */
    private byte[] bodyFound;
    private boolean tooLargeFound;
    private boolean parsing;
    /** A request was refused at the framing: the connection only writes that answer and closes. */
    private boolean refused;
    /** The response: framed by chunks (no length known), ended, and whether the connection closes after it. */
    private boolean chunkedResponse;
    private boolean closeDelimited;
    private boolean responseEnded;
    private boolean closeAfter;
    private boolean headResponse;
    private long idleLimitMillis = WireServer.READ_IDLE_MILLIS;
    private WireLoop.Timer idleTimer;

    AgentConnection(WireServer server, WireLoop loop, SocketChannel channel) {
        super(loop, channel, 16 * 1024);
        this.server = server;
        this.parser = new HttpParser(this, WireServer.MAX_HEADER_BYTES);
    }

    void start() throws IOException {
        key = loop.register(channel, 0, this);
        reading(true);
        watchIdle();
    }

    // ------------------------------------------------------------------ reading

    @Override
    void readable() throws IOException {
        int n = fill();
        if (n < 0) {
            parser.atEOF();
        }
        parse();
        if (n < 0 && !isClosed()) {
            // The agent closed the connection: an exchange in flight has nowhere to answer (MCP clients
            // do not half-close), so it is abandoned now rather than when a write fails, which for a
            // quiet event stream could be half an hour away.
            close(exchange == null ? null : new IOException("the agent closed the connection"));
        }
    }

    /**
     * Parses what is buffered, as far as the current state allows. Never re-entered: what the parser's
     * callbacks find (a head, a body) is acted on here, after the parser has returned, and an answer
     * that ends an exchange from inside this loop leaves the next request to it.
     */
    private void parse() {
        if (parsing) {
            return;
        }
        parsing = true;
        try {
            while (!isClosed() && !refused) {
                if (headComplete && exchange == null) {
                    headComplete = false;
                    dispatch();
                    continue;
                }
                if (tooLargeFound) {
                    tooLargeFound = false;
                    AgentExchange.BodyListener l = bodyListener;
                    closeAfter = true; // the rest of the body is never read: the connection cannot carry another request
                    reading(false);
                    l.tooLarge();
                    continue;
                }
                if (bodyFound != null) {
                    byte[] b = bodyFound;
                    bodyFound = null;
                    bodyListener.body(b);
                    continue;
                }
                if (exchange != null && (bodyListener == null || messageComplete || bodyTooLarge)) {
                    // The handler has the request; the next one waits in the buffer until this one is
                    // answered. Reading goes on while there is room, so an agent that leaves is noticed.
                    reading(input.remaining() < input.capacity());
                    return;
                }
                if (!input.hasRemaining() && !(parser.isAtEOF() && !parser.isClosed())) {
                    return;
                }
                int before = input.remaining();
                State was = parser.getState();
                boolean stopped = parser.parseNext(input);
                if (!stopped && input.remaining() == before && parser.getState() == was) {
                    return; // needs more input
                }
            }
        } finally {
            parsing = false;
        }
    }

    @Override
    public void startRequest(String m, String t, HttpVersion v) {
        method = m;
        target = t;
        version = v;
        fields = HttpFields.build();
        messageComplete = false;
    }

    @Override
    public void parsedHeader(HttpField field) {
        fields.add(field);
    }

    @Override
    public boolean headerComplete() {
        headComplete = true;
        return true; // the handler sees the head before any of the body is parsed
    }

    @Override
    public boolean content(ByteBuffer item) {
        if (bodyTooLarge || body == null) {
            item.position(item.limit());
            return false;
        }
        if ((long) body.size() + item.remaining() > bodyLimit) {
            bodyTooLarge = true;
            tooLargeFound = true;
            item.position(item.limit());
            body = null;
            return true;
        }
        int n = item.remaining();
        body.write(item.array(), item.arrayOffset() + item.position(), n);
        item.position(item.limit());
        return false;
    }

    @Override
    public boolean contentComplete() {
        return false;
    }

    @Override
    public boolean messageComplete() {
        messageComplete = true;
        if (bodyListener != null && !bodyTooLarge && body != null) {
            bodyFound = body.toByteArray();
            body = null;
        }
        return true;
    }

    @Override
    public void earlyEOF() {
        if (bodyListener != null && !messageComplete && !bodyTooLarge) {
            bodyListener.failed(new IOException("the agent closed the connection before its request's end"));
            bodyListener = null;
        }
        if (exchange == null) {
            close(null);
        }
    }

    @Override
    public void badMessage(HttpException failure) {
        // Whatever Jetty's parser refuses (malformed, too large, ambiguous framing) is answered with its
        // status alone: the reason text can name the parser; the connection cannot be trusted further.
        refuse(failure.getCode() >= 400 && failure.getCode() < 600 ? failure.getCode() : 400);
    }

    /** Answers {@code code} with its status text and closes: the rest of the connection is not read. */
    private void refuse(int code) {
        refused = true; // nothing after this is parsed: it could be a request hidden in the body
        byte[] text = (code + " " + HttpStatus.getMessage(code) + "\n").getBytes(StandardCharsets.US_ASCII);
        String head = "HTTP/1.1 " + code + " " + HttpStatus.getMessage(code) + "\r\nContent-Type: text/plain\r\n"
                + "Content-Length: " + text.length + "\r\nConnection: close\r\n\r\n";
        reading(false);
        exchange = null;
        write(Callback.from(() -> close(null), this::close),
                ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)), ByteBuffer.wrap(text));
    }

    private void dispatch() {
        long length = parser.getContentLength();
        boolean chunked = parser.isChunking();
        for (String coding : fields.getCSV(HttpHeader.TRANSFER_ENCODING, false)) {
            if (!"chunked".equalsIgnoreCase(coding.trim())) {
                // A coding besides chunked (gzip, chunked): the body is not the message as sent, and
                // nothing here decodes it; RFC 9112 answers a coding it does not implement with 501.
                refuse(501);
                return;
            }
        }
        exchange = new AgentExchange(this, method, target, version, fields.asImmutable(), length, chunked);
        chunkedResponse = false;
        closeDelimited = false;
        responseEnded = false;
        headResponse = "HEAD".equals(method);
        closeAfter = exchange.closeRequested();
        bodyListener = null;
        body = null;
        bodyTooLarge = false;
        if (length <= 0 && !chunked && !messageComplete) {
            // no body: the parser ends the message on its next step, which needs no input
            parser.parseNext(EMPTY);
        }
        server.handler().handle(exchange);
    }

    void readBody(AgentExchange ex, int maxBytes, AgentExchange.BodyListener listener) {
        if (ex != exchange || isClosed()) {
            listener.failed(new IOException("the exchange has ended"));
            return;
        }
        bodyListener = listener;
        bodyLimit = maxBytes;
        body = new ByteArrayOutputStream(Math.max(256, (int) Math.min(maxBytes, Math.max(0, parser.getContentLength()))));
        if (!exchange.hasBody()) {
            // nothing follows the head: the parser ended the message when it was dispatched
            byte[] b = body.toByteArray();
            body = null;
            listener.body(b);
            return;
        }
        if (parser.getContentLength() > maxBytes) {
            // announced over the limit: refused before a byte of it is read
            bodyTooLarge = true;
            body = null;
            closeAfter = true;
            listener.tooLarge();
            return;
        }
        if (exchange.headers().contains(HttpHeader.EXPECT, "100-continue") && !input.hasRemaining()) {
            write(Callback.NOOP, ByteBuffer.wrap(CONTINUE));
        }
        reading(true);
        parse();
    }

    // ------------------------------------------------------------------ writing

    void write(AgentExchange ex, boolean last, ByteBuffer bytes, Callback done) {
        if (ex != exchange || responseEnded || isClosed()) {
            if (last && !bytes.hasRemaining() && ex != exchange) {
                done.succeeded(); // ending an exchange that has already ended
            } else {
                done.failed(new IOException("the response has ended"));
            }
            return;
        }
        ByteBuffer head = null;
        if (!ex.committed) {
            head = head(ex, last ? bytes.remaining() : -1);
            ex.committed = true;
        }
        ByteBuffer[] out;
        if (headResponse) {
            bytes = ByteBuffer.allocate(0);
        }
        if (chunkedResponse && bytes.hasRemaining()) {
            ByteBuffer size = ByteBuffer.wrap((Integer.toHexString(bytes.remaining()) + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out = last ? array(head, size, bytes, ByteBuffer.wrap(CRLF), ByteBuffer.wrap(LAST_CHUNK))
                    : array(head, size, bytes, ByteBuffer.wrap(CRLF));
        } else if (chunkedResponse && last) {
            out = array(head, ByteBuffer.wrap(LAST_CHUNK));
        } else {
            out = array(head, bytes);
        }
        // The writer may go on as soon as its bytes are queued, while the connection holds little:
        // an event and the end of its stream then leave together. Past that, it waits for the agent.
        boolean accepted = queuedBytes() <= ACCEPTED_BYTES;
        Callback flushed;
        if (last) {
            responseEnded = true;
            flushed = Callback.from(() -> {
                if (!accepted) {
                    done.succeeded();
                }
                ended(ex);
            }, x -> {
                if (!accepted) {
                    done.failed(x);
                }
                close(x);
            });
        } else {
            flushed = accepted ? Callback.NOOP : done;
        }
        write(flushed, out);
        if (accepted) {
            done.succeeded();
        }
    }

    private static ByteBuffer[] array(ByteBuffer head, ByteBuffer... rest) {
        if (head == null) {
            return rest;
        }
        ByteBuffer[] out = new ByteBuffer[rest.length + 1];
        out[0] = head;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    /** The response head; {@code knownLength} when the first write is the last, else -1. */
    private ByteBuffer head(AgentExchange ex, long knownLength) {
        HttpFields.Mutable h = ex.responseHeaders();
        if (h.contains(HttpHeader.CONNECTION, "close")) {
            closeAfter = true;
        }
        h.remove(HttpHeader.CONNECTION);
        h.remove(HttpHeader.TRANSFER_ENCODING);
        int status = ex.status();
        boolean bodiless = status == 204 || status == 304 || status / 100 == 1;
        if (!h.contains(HttpHeader.CONTENT_LENGTH) && !bodiless) {
            if (knownLength >= 0) {
                h.put(HttpHeader.CONTENT_LENGTH, knownLength);
            } else if (version == HttpVersion.HTTP_1_1) {
                chunkedResponse = true;
            } else {
                closeDelimited = true;
                closeAfter = true;
            }
        }
        if (!messageComplete) {
            closeAfter = true; // the rest of the request is still on the connection
        }
        StringBuilder b = new StringBuilder(256);
        String reason = HttpStatus.getMessage(status); // never the server's own reason text
        b.append("HTTP/1.1 ").append(status).append(' ').append(reason == null ? "" : reason).append("\r\n");
        for (HttpField f : h) {
            b.append(f.getName()).append(": ").append(f.getValue()).append("\r\n");
        }
        if (chunkedResponse) {
            b.append("Transfer-Encoding: chunked\r\n");
        }
        if (closeAfter) {
            b.append("Connection: close\r\n");
        } else if (version == HttpVersion.HTTP_1_0) {
            b.append("Connection: keep-alive\r\n");
        }
        b.append("\r\n");
        return ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The response is in the kernel: the connection closes, or reads the next request. */
    private void ended(AgentExchange ex) {
        if (ex != exchange) {
            return;
        }
        exchange = null;
        bodyListener = null;
        idleLimitMillis = WireServer.READ_IDLE_MILLIS;
        lastActivity = System.nanoTime();
        if (closeAfter || !messageComplete || closeDelimited) {
            close(null);
            return;
        }
        parser.reset();
        messageComplete = false;
        reading(true);
        parse();
    }

    void streaming() {
        idleLimitMillis = WireServer.STREAM_IDLE_MILLIS;
    }

    void abort(AgentExchange ex, Throwable why) {
        if (ex == exchange) {
            close(why);
        }
    }

    // ------------------------------------------------------------------ idle

    private void watchIdle() {
        long due = lastActivity + TimeUnit.MILLISECONDS.toNanos(idleLimitMillis) - System.nanoTime();
        idleTimer = loop.schedule(this::checkIdle, Math.max(1, TimeUnit.NANOSECONDS.toMillis(due)), TimeUnit.MILLISECONDS);
    }

    private void checkIdle() {
        if (isClosed()) {
            return;
        }
        long idle = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastActivity);
        if (idle >= idleLimitMillis) {
            close(new java.util.concurrent.TimeoutException("the agent's connection was idle for " + idle + " ms"));
        } else {
            watchIdle();
        }
    }

    @Override
    void closed(Throwable why) {
        if (idleTimer != null) {
            idleTimer.cancel();
        }
        AgentExchange.BodyListener l = bodyListener;
        bodyListener = null;
        if (l != null && !messageComplete && !bodyTooLarge) {
            l.failed(why instanceof IOException io ? io : new IOException("the agent's connection closed", why));
        }
        AgentExchange ex = exchange;
        exchange = null;
        server.closed(this);
        if (ex != null && !responseEnded) {
            ex.abandoned(why);
        }
    }
}

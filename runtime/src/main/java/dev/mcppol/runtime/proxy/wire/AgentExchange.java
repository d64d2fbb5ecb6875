package dev.mcppol.runtime.proxy.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.util.Callback;

/**
 * One request of an agent and the response to it, as the proxy's handler sees them. The request's
 * head is complete when the handler gets the exchange; its body is read only if the handler asks
 * ({@link #readBody}), so an answer decided on the head alone reads nothing more. The response is
 * written with {@link #write}; its last write ends the exchange. Methods may be called from any
 * thread: what touches the connection runs on its loop.
 */
public final class AgentExchange {
    /** The body of a request, once read. */
    public interface BodyListener {
        /** The whole body, at most the limit asked for. */
        void body(byte[] body);

        /** The body passes the limit: nothing more of it is read, and the connection closes after the answer. */
        void tooLarge();

        /** The agent went silent or away before the body was complete. */
        void failed(IOException why);
    }

    private final AgentConnection connection;
    private final String method;
    /** The target's path, without the query; "" for a target that is neither origin- nor absolute-form. */
    private final String path;
    /** The authority of an absolute-form target, which stands for the Host header; null for origin-form. */
    private final String authority;
    private final HttpVersion version;
    private final HttpFields headers;
    private final long contentLength;
    private final boolean chunked;
    private int status = 200;
    private final HttpFields.Mutable responseHeaders = HttpFields.build();
    /** Set on the loop once the head is written. */
    volatile boolean committed;
    private volatile java.util.function.Consumer<Throwable> abandon;

    AgentExchange(AgentConnection connection, String method, String target, HttpVersion version, HttpFields headers,
                  long contentLength, boolean chunked) {
        this.connection = connection;
        this.method = method;
        RequestTarget t = RequestTarget.of(target);
        this.path = t.path();
        this.authority = t.authority();
        this.version = version;
        this.headers = headers;
        this.contentLength = contentLength;
        this.chunked = chunked;
    }

    public String method() {
        return method;
    }

    /** The request target's path, without the query. */
    public String path() {
        return path;
    }

    /**
     * The host the request names: an absolute-form target's authority (RFC 9112 §3.2.2: the Host header
     * is then ignored), else the Host header; null when neither is there.
     */
    public String host() {
        return authority != null ? authority : headers.get("Host");
    }

    public HttpVersion version() {
        return version;
    }

    public HttpFields headers() {
        return headers;
    }

    /** Whether the request has a body (a length above 0, or chunked); a GET has none. */
    public boolean hasBody() {
        return contentLength > 0 || chunked;
    }

    public WireLoop loop() {
        return connection.loop;
    }

    /**
     * Reads the body (asking a client that sent {@code Expect: 100-continue} for it), without holding
     * a thread: {@code listener} is called on the loop once it is complete, or once it passes
     * {@code maxBytes}.
     */
    public void readBody(int maxBytes, BodyListener listener) {
        connection.loop.run(() -> connection.readBody(this, maxBytes, listener));
    }

    /** The response's status; before the first write. */
    public void setStatus(int status) {
        this.status = status;
    }

    int status() {
        return status;
    }

    /** The response's headers; changed only before the first write. */
    public HttpFields.Mutable responseHeaders() {
        return responseHeaders;
    }

    /** Whether the response's head has been written (status and headers can no longer change). */
    public boolean isCommitted() {
        return committed;
    }

    /** Forgets the status and headers set so far (an error replaces an answer not yet begun). */
    public void reset() {
        status = 200;
        responseHeaders.clear();
    }

    /**
     * Writes {@code bytes} (the head first, on the first write); {@code last} ends the response and
     * the exchange. A response without a {@code Content-Length} is sent chunked, unless the first
     * write is also the last (its length is then known). {@code done} completes once the bytes are
     * in the kernel, so a writer that waits for it is paced by the agent.
     */
    public void write(boolean last, ByteBuffer bytes, Callback done) {
        connection.loop.run(() -> connection.write(this, last, bytes, done));
    }

    /** The response streams (SSE): silence on the connection is allowed for {@link WireServer#STREAM_IDLE_MILLIS}. */
    public void streaming() {
        connection.loop.run(connection::streaming);
    }

    /** Ends the exchange abruptly (the answer cannot be completed): the connection is closed. */
    public void abort(Throwable why) {
        connection.loop.run(() -> connection.abort(this, why));
    }

    /**
     * What to do if the agent's connection closes before the response has ended (the answer being
     * relayed has nowhere to go: the server's side is ended too).
     */
    public void onAbandon(java.util.function.Consumer<Throwable> then) {
        this.abandon = then;
    }

    void abandoned(Throwable why) {
        java.util.function.Consumer<Throwable> a = abandon;
        if (a != null) {
            a.accept(why != null ? why : new IOException("the agent closed the connection"));
        }
    }

    /** Whether the agent asked for the connection to close after this exchange. */
    boolean closeRequested() {
        if (version == HttpVersion.HTTP_1_0) {
            return !headers.contains(HttpHeader.CONNECTION, "keep-alive");
        }
        return headers.contains(HttpHeader.CONNECTION, "close");
    }
}

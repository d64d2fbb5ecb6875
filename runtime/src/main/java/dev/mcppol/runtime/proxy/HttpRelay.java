package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.JsonRpc;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Relays one HTTP exchange to the upstream server and its answer back, without blocking a thread
 * and without hand-offs between threads: the request goes out on a pooled keep-alive connection of
 * one long-lived client, and the answer is read chunk by chunk as it arrives (demand-driven, on the
 * thread that parsed it) and written to the agent from there, the next chunk read only when that
 * write has completed (the agent's pace bounds memory).
 *
 * <ul>
 *   <li>{@code text/event-stream}: every event completed by a chunk goes through the gate
 *       ({@link SseRelay}); all of a chunk's events leave in one write, at once (progress
 *       notifications reach the agent while the call runs), and the stream's end travels in the same
 *       write as its last chunk;</li>
 *   <li>{@code application/json}: the body (at most the message limit) goes through the gate and is
 *       sent with a {@code Content-Length}, in one write;</li>
 *   <li>anything else is copied as it arrives.</li>
 * </ul>
 *
 * Policy is not decided here: what each server message becomes is the gate's answer, passed in.
 */
final class HttpRelay {
    /** Headers that describe one hop, not the message: never copied across the proxy. */
    static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "keep-alive",
            "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization", "proxy-authenticate",
            "accept-encoding", "content-encoding");
    /**
     * Headers of the agent's that would tell the server how to read the body or the request other
     * than the policy read them (a charset, a method override): never copied; the server gets the
     * proxy's own {@code Content-Type} ({@link JsonContentType#FORWARDED}).
     */
    static final Set<String> BODY_READING = Set.of("content-type", "x-http-method-override", "x-http-method",
            "x-method-override");
    /** How long the server may take to start answering (the stream itself may then stay open for hours). */
    static final long HEAD_TIMEOUT_SECONDS = 60;

    /** What the proxy adds to one exchange: the headers sent upstream, a look at the answer's head, the gate. */
    interface Exchange {
        /** Fills the headers of the request to the server. */
        void requestHeaders(HttpFields.Mutable to);

        /**
         * Called with the server's status and headers before anything reaches the agent; throwing
         * refuses the answer (the upstream exchange is aborted and the agent gets 502).
         */
        void head(org.eclipse.jetty.client.Response head) throws IOException;

        /** The gate's verdict on one message from the server. */
        MessageGate.ServerVerdict fromServer(byte[] message, int offset, int length);

        /** See {@link SseRelay.ServerMessages#oversize}: what the client gets for an event over the limit. */
        default byte[] oversize(String idJson, boolean request) {
            return null;
        }

        /**
         * For an answer relayed into an open {@link EventStream}: the message the agent gets when the
         * server's answer cannot be had ({@code why}), or null to end the stream without one.
         */
        default byte[] unanswered(Throwable why) {
            return null;
        }
    }

    private final HttpClient client;
    private final URI upstream;
    private final int maxMessageBytes;
    private final ProxyLog log;

    HttpRelay(HttpClient client, URI upstream, int maxMessageBytes, ProxyLog log) {
        this.client = client;
        this.upstream = upstream;
        this.maxMessageBytes = maxMessageBytes;
        this.log = log;
    }

    /** A client for {@link HttpRelay}: bodies read as sent, no redirects, no idle limit (an SSE stream may be quiet). */
    static HttpClient newClient() {
        HttpClient client = new HttpClient();
        client.getContentDecoderFactories().clear(); // bodies are read as sent, never decompressed and re-sent
        client.setUserAgentField(null);
        client.setFollowRedirects(false);
        client.setIdleTimeout(0);
        return client;
    }

    static void copyHeaders(HttpFields from, HttpFields.Mutable to) {
        for (HttpField f : from) {
            if (!HOP_BY_HOP.contains(f.getLowerCaseName())) {
                to.add(f);
            }
        }
    }

    /**
     * Sends {@code request} (with {@code body}, or none) upstream and relays the answer into
     * {@code response}; completes {@code callback} when the answer has been written, or failed.
     * Returns at once.
     */
    void forward(Request request, byte[] body, Exchange exchange, Response response, Callback callback) {
        org.eclipse.jetty.client.Request up = client.newRequest(upstream).method(request.getMethod())
                .headers(exchange::requestHeaders);
        if (body != null) {
            up.body(new BytesRequestContent(JsonContentType.FORWARDED, body));
        }
        new Answer(up, exchange, response, null, callback).send();
    }

    /**
     * Sends {@code body} upstream and relays the answer, as events, into {@code stream}: the agent's
     * response is already an open event stream (a call held for the user's approval), so the server's
     * status and headers stay here and a JSON answer becomes one event. The stream ends with the answer.
     * {@code request} is the agent's original POST, whose headers the server gets.
     */
    void forwardInto(Request request, byte[] body, Exchange exchange, EventStream stream) {
        org.eclipse.jetty.client.Request up = client.newRequest(upstream).method("POST")
                .headers(exchange::requestHeaders);
        up.body(new BytesRequestContent(JsonContentType.FORWARDED, body));
        new Answer(up, exchange, null, stream, Callback.NOOP).send();
    }

    /** Why an exchange failed, in the proxy's own words: what it says may be shown to the agent. */
    static final class Refusal extends IOException {
        Refusal(String message) {
            super(message);
        }
    }

    /**
     * What the agent is told about a failed exchange: the proxy's own reasons (a refused answer, the
     * server's silence), never a library's exception text, which can name hosts, ports or sessions.
     */
    static String shown(Throwable x) {
        return x instanceof Refusal || x instanceof TimeoutException ? x.getMessage()
                : "the server could not be reached, or its answer broke off (the proxy's log says why)";
    }

    /** One answer in flight: its mode, the state of its stream, and the single completion of the agent's callback. */
    private final class Answer {
        private final org.eclipse.jetty.client.Request up;
        private final Exchange exchange;
        /** The agent's response, or null when the answer goes into {@link #stream}. */
        private final Response response;
        private final EventStream stream;
        private final Callback callback;
        private final AtomicBoolean done = new AtomicBoolean();
        /** What the current chunk gives the agent now. */
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        /** A JSON answer, kept whole until it has gone through the gate. */
        private ByteArrayOutputStream jsonBody;
        /** A JSON answer past the limit: no longer kept, only read for its top-level id (constant memory). */
        private TopLevelIdScanner jsonOverflow;
        private final Callback resume = Callback.from(this::pump, this::fail);
        private volatile Scheduler.Task headTimeout;
        private Content.Source source;
        private SseRelay events;

        Answer(org.eclipse.jetty.client.Request up, Exchange exchange, Response response, EventStream stream,
               Callback callback) {
            this.up = up;
            this.exchange = exchange;
            this.response = response;
            this.stream = stream;
            this.callback = callback;
        }

        private void write(boolean last, ByteBuffer bytes, Callback done) {
            if (stream != null) {
                stream.write(last, bytes, done);
            } else {
                response.write(last, bytes, done);
            }
        }

        void send() {
            headTimeout = client.getScheduler().schedule(
                    () -> up.abort(new TimeoutException("no answer from the server within " + HEAD_TIMEOUT_SECONDS + " s")),
                    HEAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            up.onResponseHeaders(this::headers).onResponseContentSource(this::content).send(this::complete);
        }

        private void headers(org.eclipse.jetty.client.Response head) {
            Scheduler.Task t = headTimeout;
            if (t != null) {
                t.cancel();
            }
            try {
                exchange.head(head);
            } catch (IOException | RuntimeException e) {
                up.abort(e);
                return;
            }
            String type = head.getHeaders().get("Content-Type");
            String mime = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (stream != null && (head.getStatus() / 100 != 2
                    || !(mime.startsWith("text/event-stream") || mime.startsWith("application/json")))) {
                // nothing but MCP messages can go into the agent's event stream
                up.abort(new Refusal("the server answered HTTP " + head.getStatus()
                        + (type == null ? "" : " (" + type + ")")));
                return;
            }
            if (stream == null) {
                response.setStatus(head.getStatus());
                copyHeaders(head.getHeaders(), response.getHeaders());
            }
            if (mime.startsWith("text/event-stream")) {
                events = new SseRelay(new SseRelay.ServerMessages() {
                    @Override
                    public MessageGate.ServerVerdict apply(byte[] m) {
                        return exchange.fromServer(m, 0, m.length);
                    }

                    @Override
                    public byte[] oversize(String idJson, boolean request) {
                        return exchange.oversize(idJson, request);
                    }
                }, maxMessageBytes, log);
            } else if (mime.startsWith("application/json")) {
                jsonBody = new ByteArrayOutputStream(1024);
            } else if (stream == null) {
                long length = head.getHeaders().getLongField("Content-Length");
                if (length >= 0) {
                    response.getHeaders().put("Content-Length", length); // copied byte for byte
                }
            }
        }

        private void content(org.eclipse.jetty.client.Response head, Content.Source source) {
            this.source = source;
            pump();
        }

        /** Reads what has arrived and writes it on; waits (demand) for more, or for the write to finish. */
        private void pump() {
            while (!done.get()) {
                Content.Chunk chunk = source.read();
                if (chunk == null) {
                    source.demand(this::pump);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    fail(chunk.getFailure());
                    return;
                }
                boolean last = chunk.isLast();
                try {
                    take(chunk.getByteBuffer());
                } catch (RuntimeException e) {
                    chunk.release();
                    fail(e);
                    return;
                }
                chunk.release();
                if (last) {
                    finish();
                    return;
                }
                if (out.size() > 0) {
                    ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray());
                    out.reset();
                    write(false, bytes, resume);
                    return; // resume() reads on once the agent has taken it
                }
            }
        }

        private void take(ByteBuffer bytes) {
            if (events != null) {
                events.feed(bytes, out);
            } else if (jsonOverflow != null) {
                byte[] b = new byte[bytes.remaining()];
                bytes.get(b);
                jsonOverflow.feed(b, 0, b.length);
            } else if (jsonBody != null) {
                byte[] b = new byte[bytes.remaining()];
                bytes.get(b);
                if ((long) jsonBody.size() + b.length > maxMessageBytes) {
                    // Over the limit: the rest is read unkept, for the id its request is answered under.
                    jsonOverflow = new TopLevelIdScanner();
                    jsonOverflow.feed(jsonBody.toByteArray(), 0, jsonBody.size());
                    jsonOverflow.feed(b, 0, b.length);
                    jsonBody = null;
                    return;
                }
                jsonBody.writeBytes(b);
            } else {
                byte[] b = new byte[bytes.remaining()];
                bytes.get(b);
                out.writeBytes(b);
            }
        }

        private void finish() {
            byte[] last;
            if (events != null) {
                events.finish(out);
                last = out.toByteArray();
            } else if (jsonOverflow != null) {
                log.warn("dropped a server answer over the limit of " + maxMessageBytes + " bytes (--max-message-bytes)");
                byte[] instead = exchange.oversize(jsonOverflow.id(), jsonOverflow.hasMethod());
                if (instead == null) {
                    fail(new IllegalStateException("the server's answer is over the limit of " + maxMessageBytes
                            + " bytes"));
                    return;
                }
                last = stream != null ? EventStream.event(instead) : instead;
                if (stream == null) {
                    response.getHeaders().put("Content-Length", last.length);
                }
            } else if (jsonBody != null) {
                byte[] all = jsonBody.toByteArray();
                MessageGate.ServerVerdict v = all.length == 0 ? MessageGate.ServerVerdict.ORIGINAL
                        : exchange.fromServer(all, 0, all.length);
                last = !v.pass() ? new byte[0] : v.replacement() != null ? v.replacement() : all;
                if (stream != null) {
                    last = last.length == 0 ? last : EventStream.event(last);
                } else {
                    response.getHeaders().put("Content-Length", last.length);
                }
            } else {
                last = out.toByteArray();
            }
            out.reset();
            write(true, ByteBuffer.wrap(last), Callback.from(this::succeeded, this::fail));
        }

        private void succeeded() {
            if (done.compareAndSet(false, true)) {
                callback.succeeded();
            }
        }

        private void complete(Result result) {
            if (result.isFailed()) {
                fail(result.getFailure());
            }
        }

        private void fail(Throwable x) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            Scheduler.Task t = headTimeout;
            if (t != null) {
                t.cancel();
            }
            up.abort(x); // the agent went away, or the server's stream broke: end the other side too
            if (stream != null) {
                log.warn("POST " + upstream + " (a call the user approved) failed: " + x);
                byte[] instead = exchange.unanswered(x);
                if (instead != null) {
                    stream.send(instead, true);
                } else {
                    stream.fail(x);
                }
            } else if (!response.isCommitted()) {
                log.warn(up.getMethod() + " " + upstream + " failed: " + x);
                response.reset();
                byte[] body = JsonRpc.bytes(JsonRpc.error(Json.NODES.nullNode(), JsonRpc.INVALID_REQUEST,
                        "the proxy could not complete the request: " + shown(x), null));
                response.setStatus(502);
                response.getHeaders().put("Content-Type", "application/json");
                response.getHeaders().put("Content-Length", body.length);
                response.write(true, ByteBuffer.wrap(body), callback);
            } else {
                callback.failed(x);
            }
        }
    }
}

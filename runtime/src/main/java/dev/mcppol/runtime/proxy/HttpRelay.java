package dev.mcppol.runtime.proxy;

import dev.mcppol.runtime.json.Json;
import dev.mcppol.runtime.mcp.JsonRpc;
import dev.mcppol.runtime.proxy.wire.AgentExchange;
import dev.mcppol.runtime.proxy.wire.Upstream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.util.Callback;

/**
 * Relays one HTTP exchange to the upstream server and its answer back, without blocking a thread:
 * the request goes out through the {@link Upstream} (on a keep-alive connection of the agent's own
 * event loop, for an {@code http://} server), and the answer is read chunk by chunk as it arrives and
 * written to the agent from there, the next chunk read only when that write has completed (the
 * agent's pace bounds memory).
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
            "accept-encoding", "content-encoding", "expect");
    /**
     * Headers of the agent's that would tell the server how to read the body or the request other
     * than the policy read them (a charset, a method override): never copied; the server gets the
     * proxy's own {@code Content-Type} ({@link JsonContentType#FORWARDED}).
     */
    static final Set<String> BODY_READING = Set.of("content-type", "x-http-method-override", "x-http-method",
            "x-method-override");

    /** What the proxy adds to one exchange: the headers sent upstream, a look at the answer's head, the gate. */
    interface Exchange {
        /** Fills the headers of the request to the server. */
        void requestHeaders(HttpFields.Mutable to);

        /**
         * Called with the server's status and headers before anything reaches the agent; throwing
         * refuses the answer (the upstream exchange is aborted and the agent gets 502).
         */
        void head(int status, HttpFields headers) throws IOException;

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

    private final Upstream upstream;
    private final int maxMessageBytes;
    private final ProxyLog log;

    HttpRelay(Upstream upstream, int maxMessageBytes, ProxyLog log) {
        this.upstream = upstream;
        this.maxMessageBytes = maxMessageBytes;
        this.log = log;
    }

    static void copyHeaders(HttpFields from, HttpFields.Mutable to) {
        for (HttpField f : from) {
            if (!HOP_BY_HOP.contains(f.getLowerCaseName())) {
                to.add(f);
            }
        }
    }

    /**
     * Sends the agent's request ({@code method}, with {@code body}, or none) upstream and relays the
     * answer into the agent's response. Returns at once.
     */
    void forward(AgentExchange agent, byte[] body, Exchange exchange) {
        Answer a = new Answer(agent.method(), exchange, agent, null);
        agent.onAbandon(a::fail);
        a.send(agent, body);
    }

    /**
     * Sends {@code body} upstream and relays the answer, as events, into {@code stream}: the agent's
     * response is already an open event stream (a call held for the user's approval), so the server's
     * status and headers stay here and a JSON answer becomes one event. The stream ends with the answer.
     */
    void forwardInto(AgentExchange agent, byte[] body, Exchange exchange, EventStream stream) {
        new Answer("POST", exchange, null, stream).send(agent, body);
    }

    /** Sends {@code body} upstream as the client would, for an answer nobody reads (its failure is only logged). */
    void post(AgentExchange agent, HttpFields headers, byte[] body) {
        upstream.send(agent.loop(), "POST", headers, body, new Upstream.Listener() {
            @Override
            public void head(int status, HttpFields h) {
                if (status / 100 != 2) {
                    log.warn("answering a refused server request failed: HTTP " + status);
                }
            }

            @Override
            public void content(ByteBuffer chunk, Runnable more) {
                chunk.position(chunk.limit());
                more.run();
            }

            @Override
            public void complete() {
            }

            @Override
            public void failed(Throwable why) {
                log.warn("answering a refused server request failed: " + why.getMessage());
            }
        });
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

    /** One answer in flight: its mode, the state of its stream, and the single end of the exchange. */
    private final class Answer implements Upstream.Listener {
        private final String method;
        private final Exchange exchange;
        /** The agent's exchange, or null when the answer goes into {@link #stream}. */
        private final AgentExchange response;
        private final EventStream stream;
        private final AtomicBoolean done = new AtomicBoolean();
        /** What the current chunk gives the agent now. */
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        /** A JSON answer, kept whole until it has gone through the gate. */
        private ByteArrayOutputStream jsonBody;
        /** A JSON answer past the limit: no longer kept, only read for its top-level id (constant memory). */
        private TopLevelIdScanner jsonOverflow;
        private SseRelay events;
        private volatile Upstream.Call call;

        Answer(String method, Exchange exchange, AgentExchange response, EventStream stream) {
            this.method = method;
            this.exchange = exchange;
            this.response = response;
            this.stream = stream;
        }

        void send(AgentExchange agent, byte[] body) {
            HttpFields.Mutable headers = HttpFields.build();
            exchange.requestHeaders(headers);
            if (body != null) {
                headers.put("Content-Type", JsonContentType.FORWARDED);
            }
            call = upstream.send(agent.loop(), method, headers, body, this);
        }

        private void write(boolean last, ByteBuffer bytes, Callback then) {
            if (stream != null) {
                stream.write(last, bytes, then);
            } else {
                response.write(last, bytes, then);
            }
        }

        @Override
        public void head(int status, HttpFields headers) throws IOException {
            exchange.head(status, headers);
            String type = headers.get("Content-Type");
            String mime = type == null ? "" : type.toLowerCase(Locale.ROOT);
            if (stream != null && (status / 100 != 2
                    || !(mime.startsWith("text/event-stream") || mime.startsWith("application/json")))) {
                // nothing but MCP messages can go into the agent's event stream
                throw new Refusal("the server answered HTTP " + status + (type == null ? "" : " (" + type + ")"));
            }
            if (stream == null) {
                response.setStatus(status);
                copyHeaders(headers, response.responseHeaders());
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
                long length = headers.getLongField("Content-Length");
                if (length >= 0) {
                    response.responseHeaders().put("Content-Length", length); // copied byte for byte
                }
            }
        }

        @Override
        public void content(ByteBuffer chunk, Runnable more) {
            if (done.get()) {
                return;
            }
            try {
                take(chunk);
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (out.size() > 0) {
                ByteBuffer bytes = ByteBuffer.wrap(out.toByteArray());
                out.reset();
                write(false, bytes, Callback.from(more, this::fail)); // read on once the agent has taken it
            } else {
                more.run();
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

        @Override
        public void complete() {
            if (done.get()) {
                return;
            }
            byte[] last;
            try {
                last = last();
            } catch (RuntimeException e) {
                fail(e);
                return;
            }
            if (last == null) {
                return; // failed
            }
            out.reset();
            write(true, ByteBuffer.wrap(last), Callback.from(() -> done.set(true), this::fail));
        }

        /** The answer's last bytes for the agent, or null when the answer failed instead. */
        private byte[] last() {
            if (events != null) {
                events.finish(out);
                return out.toByteArray();
            }
            if (jsonOverflow != null) {
                log.warn("dropped a server answer over the limit of " + maxMessageBytes + " bytes (--max-message-bytes)");
                byte[] instead = exchange.oversize(jsonOverflow.id(), jsonOverflow.hasMethod());
                if (instead == null) {
                    fail(new IllegalStateException("the server's answer is over the limit of " + maxMessageBytes
                            + " bytes"));
                    return null;
                }
                byte[] last = stream != null ? EventStream.event(instead) : instead;
                if (stream == null) {
                    response.responseHeaders().put("Content-Length", last.length);
                }
                return last;
            }
            if (jsonBody != null) {
                byte[] all = jsonBody.toByteArray();
                MessageGate.ServerVerdict v = all.length == 0 ? MessageGate.ServerVerdict.ORIGINAL
                        : exchange.fromServer(all, 0, all.length);
                byte[] last = !v.pass() ? new byte[0] : v.replacement() != null ? v.replacement() : all;
                if (stream != null) {
                    last = last.length == 0 ? last : EventStream.event(last);
                } else {
                    response.responseHeaders().put("Content-Length", last.length);
                }
                return last;
            }
            return out.toByteArray();
        }

        @Override
        public void failed(Throwable why) {
            fail(why);
        }

        void fail(Throwable x) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            Upstream.Call c = call;
            if (c != null) {
                c.abort(x); // the agent went away, or the server's stream broke: end the other side too
            }
            if (stream != null) {
                log.warn("POST (a call the user approved) failed: " + x);
                byte[] instead = exchange.unanswered(x);
                if (instead != null) {
                    stream.send(instead, true);
                } else {
                    stream.fail(x);
                }
            } else if (!response.isCommitted()) {
                log.warn(method + " upstream failed: " + x);
                response.reset();
                byte[] body = JsonRpc.bytes(JsonRpc.error(Json.NODES.nullNode(), JsonRpc.INVALID_REQUEST,
                        "the proxy could not complete the request: " + shown(x), null));
                response.setStatus(502);
                response.responseHeaders().put("Content-Type", "application/json");
                response.responseHeaders().put("Content-Length", body.length);
                response.write(true, ByteBuffer.wrap(body), Callback.NOOP);
            } else {
                response.abort(x);
            }
        }
    }
}

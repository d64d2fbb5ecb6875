package dev.mcppol.runtime.proxy.wire;

import java.net.URI;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * An {@code https://} server, reached through Jetty's HTTP client (TLS is Jetty's job). Listener
 * calls run on the client's threads; the relay's writes to the agent hop to the agent's loop.
 */
public final class JettyUpstream implements Upstream {
    private final HttpClient client;
    private final URI upstream;

    /** Certificates checked against the JVM's trust store (javax.net.ssl.trustStore), host names verified. */
    public JettyUpstream(URI upstream) throws Exception {
        this(upstream, null);
    }

    /** With these TLS settings instead of the JVM's (tests: a trust store holding a test certificate). */
    JettyUpstream(URI upstream, SslContextFactory.Client tls) throws Exception {
        this.upstream = upstream;
        this.client = new HttpClient();
        if (tls != null) {
            client.setSslContextFactory(tls);
        }
        client.getContentDecoderFactories().clear(); // bodies are read as sent, never decompressed and re-sent
        client.setUserAgentField(null);
        client.setFollowRedirects(false);
        client.setIdleTimeout(0); // an event stream may be quiet for long; the agent's side bounds it
        client.start();
    }

    @Override
    public Call send(WireLoop loop, String method, HttpFields headers, byte[] body, Listener listener) {
        org.eclipse.jetty.client.Request up = client.newRequest(upstream).method(method).headers(h -> {
            String type = null;
            for (org.eclipse.jetty.http.HttpField f : headers) {
                if (f.getLowerCaseName().equals("content-type")) {
                    type = f.getValue();
                } else {
                    h.add(f);
                }
            }
            if (body == null && type != null) {
                h.put("Content-Type", type);
            }
        });
        if (body != null) {
            String type = headers.get("Content-Type");
            up.body(new BytesRequestContent(type == null ? "application/json" : type, body));
        }
        AtomicBoolean done = new AtomicBoolean();
        Scheduler.Task headTimeout = client.getScheduler().schedule(() -> up.abort(new TimeoutException(
                "no answer from the server within " + WireClient.HEAD_TIMEOUT_SECONDS + " s")),
                WireClient.HEAD_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        up.onResponseHeaders(r -> {
            headTimeout.cancel();
            try {
                listener.head(r.getStatus(), r.getHeaders());
            } catch (Exception e) {
                up.abort(e);
            }
        }).onResponseContentSource((r, source) -> new Pump(source, listener, done, up).run()).send(result -> {
            headTimeout.cancel();
            if (result.isFailed() && done.compareAndSet(false, true)) {
                listener.failed(result.getFailure());
            }
        });
        return up::abort;
    }

    /** Reads the body chunk by chunk, the next only once the listener asks (demand). */
    private record Pump(Content.Source source, Listener listener, AtomicBoolean done,
                        org.eclipse.jetty.client.Request up) implements Runnable {
        @Override
        public void run() {
            while (!done.get()) {
                Content.Chunk chunk = source.read();
                if (chunk == null) {
                    source.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    if (done.compareAndSet(false, true)) {
                        listener.failed(chunk.getFailure());
                    }
                    return;
                }
                boolean last = chunk.isLast();
                ByteBuffer b = chunk.getByteBuffer();
                if (b.hasRemaining()) {
                    // 0: in the listener's call; 1: more asked during it; 2: the call returned, more comes later
                    java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger();
                    try {
                        listener.content(b, () -> {
                            if (!state.compareAndSet(0, 1)) {
                                next(last);
                            }
                        });
                    } catch (RuntimeException e) {
                        chunk.release();
                        up.abort(e);
                        return;
                    }
                    chunk.release();
                    if (state.compareAndSet(0, 2)) {
                        return;
                    }
                    if (last) {
                        completeOnce();
                        return;
                    }
                    continue;
                }
                chunk.release();
                if (last) {
                    completeOnce();
                    return;
                }
            }
        }

        private void next(boolean last) {
            if (last) {
                completeOnce();
            } else {
                run();
            }
        }

        private void completeOnce() {
            if (done.compareAndSet(false, true)) {
                listener.complete();
            }
        }
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception e) {
            // stopping anyway
        }
    }
}

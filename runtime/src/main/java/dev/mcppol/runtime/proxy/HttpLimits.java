package dev.mcppol.runtime.proxy;

import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Limits that keep slow or idle clients from starving the others (slowloris): request bodies are
 * read without holding a thread (see {@link HttpProxy}), a connection that sends nothing for
 * {@link #READ_IDLE_MILLIS} while its headers or body are due is closed, the listener accepts at most
 * {@link #MAX_CONNECTIONS} connections at once, and only a response that is being streamed (SSE) may
 * stay quiet for {@link #STREAM_IDLE_MILLIS}.
 */
final class HttpLimits {
    private HttpLimits() {
    }

    /** Silence allowed while a request's headers or body are being read, and on an idle keep-alive connection. */
    static final long READ_IDLE_MILLIS = TimeUnit.SECONDS.toMillis(10);
    /** Silence allowed on a streamed response (an SSE stream may be quiet for a long time). */
    static final long STREAM_IDLE_MILLIS = TimeUnit.MINUTES.toMillis(30);
    /** Open connections at once; more wait in the accept queue. */
    static final int MAX_CONNECTIONS = 2048;

    static void configure(Server server, ServerConnector connector) {
        connector.setIdleTimeout(READ_IDLE_MILLIS);
        server.addBean(new NetworkConnectionLimit(MAX_CONNECTIONS, connector));
    }

    /** The request has been read: its response may now stream quietly for long. */
    static void streaming(Request request) {
        request.getConnectionMetaData().getConnection().getEndPoint().setIdleTimeout(STREAM_IDLE_MILLIS);
    }
}

package dev.mcppol.runtime.proxy.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;

/**
 * The server behind the proxy, as the relay sees it: a request goes out, and its answer comes back as
 * a head and then content, chunk by chunk, the next chunk only once the relay asks for it (the
 * agent's pace bounds memory).
 */
public interface Upstream extends AutoCloseable {
    /** What happens to one request's answer. Calls come one at a time, never concurrently. */
    interface Listener {
        /** The answer's status and headers; throwing refuses the answer (the exchange is aborted). */
        void head(int status, HttpFields headers) throws IOException;

        /**
         * Part of the answer's body, valid only during the call (consume it all); run {@code more} (at
         * once or later, from any thread) for the next part.
         */
        void content(ByteBuffer chunk, Runnable more);

        /** The answer is complete. */
        void complete();

        /** The exchange failed: no answer, a broken one, or {@link Call#abort}. */
        void failed(Throwable why);
    }

    /** One request in flight. */
    interface Call {
        /** Ends the exchange with the server; the listener fails with {@code why} unless it has completed. */
        void abort(Throwable why);
    }

    /**
     * Sends {@code method} with {@code headers} (one hop's headers already left out) and {@code body}
     * (or none) to the server; the listener runs on {@code loop} where the transport allows.
     */
    Call send(WireLoop loop, String method, HttpFields headers, byte[] body, Listener listener);

    @Override
    void close();
}

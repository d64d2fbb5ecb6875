package dev.mcppol.runtime.handler;

/**
 * What to do with the server's answer to one request the handler forwarded and asked to see (today:
 * filtering a list). Named in the {@link Handled} that forwards the request and kept with the proxy's
 * id for it ({@link ServerIds}); called with the response (as the client's id names it) when it comes
 * back — again for a replayed copy of that response (HTTP resumption), so a replay is filtered too.
 */
interface ResponseHandler {
    Handled onResponse(Inbound response);
}

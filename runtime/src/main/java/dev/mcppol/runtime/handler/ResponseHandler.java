package dev.mcppol.runtime.handler;

/**
 * What to do with the server's answer to one request the handler forwarded and asked to see (today:
 * filtering a {@code tools/list}). Registered with {@link SessionState#awaitResponse} when the request
 * goes out; called once, with the response, when it comes back.
 */
interface ResponseHandler {
    Handled onResponse(Inbound response);
}

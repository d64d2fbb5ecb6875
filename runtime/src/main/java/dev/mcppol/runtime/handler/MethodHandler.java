package dev.mcppol.runtime.handler;

/**
 * The handling of one JSON-RPC method in one direction: {@link CallHandler} looks the method up in
 * its table and calls it with the message. A method absent from the table is forwarded unchanged.
 */
interface MethodHandler {
    Handled handle(Inbound message);
}

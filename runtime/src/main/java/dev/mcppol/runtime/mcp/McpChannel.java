package dev.mcppol.runtime.mcp;

import tools.jackson.databind.JsonNode;

/**
 * A client's side of one MCP connection, whatever carries it (a child process's stdio, Streamable
 * HTTP): requests that wait for their result, notifications that do not, and a close that ends the
 * connection (stops the child, ends the HTTP session) whatever happened before.
 */
public interface McpChannel extends AutoCloseable {

    /** Sends a request and waits until {@code deadline} (System.nanoTime) for its response's {@code result}. */
    JsonNode request(String method, JsonNode params, long deadline) throws StdioJsonRpcClient.RpcException;

    void notify(String method, JsonNode params) throws StdioJsonRpcClient.RpcException;

    @Override
    void close();
}

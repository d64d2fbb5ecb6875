package dev.mcppol.runtime.proxy;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A loopback HTTP endpoint that writes down every request it receives (headers in lower case) and
 * answers each POST with an empty JSON-RPC result, assigning a fresh {@code Mcp-Session-Id} to
 * {@code initialize}. The witness that a refused request reached no server.
 */
final class WitnessUpstream implements AutoCloseable {
    record Seen(String method, Map<String, List<String>> headers, String body) {
    }

    final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final Server server = new Server();

    WitnessUpstream() throws Exception {
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        c.setPort(0);
        server.addConnector(c);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                Map<String, List<String>> headers = new java.util.TreeMap<>();
                for (HttpField f : request.getHeaders()) {
                    headers.computeIfAbsent(f.getLowerCaseName(), k -> new java.util.ArrayList<>()).add(f.getValue());
                }
                seen.add(new Seen(request.getMethod(), headers, body));
                String id = body.replaceAll("(?s).*\"id\"\\s*:\\s*(\"[^\"]*\"|\\d+).*", "$1");
                if (body.contains("\"initialize\"")) {
                    response.getHeaders().put("Mcp-Session-Id", "witness-" + sessions.incrementAndGet());
                }
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "application/json");
                String reply = body.contains("\"id\"") ? "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}" : "";
                if (reply.isEmpty()) {
                    response.setStatus(202);
                }
                response.write(true, ByteBuffer.wrap(reply.getBytes(StandardCharsets.UTF_8)), callback);
                return true;
            }
        });
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/mcp");
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}

package dev.mcppol.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.FastUpstreamMain}: a minimal Streamable HTTP MCP
 * server on Jetty that answers at once, so a load test measures the proxy and not the server behind
 * it: {@code initialize} (assigns an {@code Mcp-Session-Id}), notifications (202), and every
 * {@code tools/call} with one text item, all as {@code application/json}. Loopback only; prints
 * {@code listening PORT}; stops when its stdin closes.
 */
public final class FastUpstreamMain {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\"[^\"]*\"|-?\\d+)");

    private FastUpstreamMain() {
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                Matcher m = ID.matcher(body);
                if (!m.find()) {
                    response.setStatus(202); // a notification
                    callback.succeeded();
                    return true;
                }
                String id = m.group(1);
                String result;
                if (body.contains("\"initialize\"")) {
                    response.getHeaders().put("Mcp-Session-Id", UUID.randomUUID().toString());
                    result = "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{\"tools\":{}},"
                            + "\"serverInfo\":{\"name\":\"fast-upstream\",\"version\":\"1\"}}";
                } else if (body.contains("\"tools/list\"")) {
                    result = "{\"tools\":[]}";
                } else {
                    result = "{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}";
                }
                byte[] out = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":" + result + "}").getBytes(StandardCharsets.UTF_8);
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "application/json");
                response.getHeaders().put("Content-Length", out.length);
                response.write(true, ByteBuffer.wrap(out), callback);
                return true;
            }
        });
        server.start();
        System.out.println("listening " + connector.getLocalPort());
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        server.stop();
        System.exit(0);
    }
}

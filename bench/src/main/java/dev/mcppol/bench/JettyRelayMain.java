package dev.mcppol.bench;

import java.net.URI;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.JettyRelayMain UPSTREAM_URL}: the floor under any
 * HTTP proxy on Jetty: Jetty's own reverse proxy ({@code jetty-proxy}'s {@code ProxyHandler.Reverse},
 * asynchronous, streaming bytes as they arrive, no parsing, no policy) in front of the same server,
 * in its own JVM with defaults. Prints {@code listening PORT}; stops when its stdin closes.
 */
public final class JettyRelayMain {
    private JettyRelayMain() {
    }

    public static void main(String[] args) throws Exception {
        URI upstream = URI.create(args[0]);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ProxyHandler.Reverse proxy = new ProxyHandler.Reverse(request -> HttpURI.build(upstream.toString()));
        HttpClient client = new HttpClient();
        client.getContentDecoderFactories().clear();
        client.setIdleTimeout(0);
        proxy.setHttpClient(client);
        server.setHandler(proxy);
        server.start();
        System.out.println("listening " + connector.getLocalPort());
        System.out.flush();
        System.in.transferTo(java.io.OutputStream.nullOutputStream());
        server.stop();
        System.exit(0);
    }
}

package dev.mcppol.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.TcpPumpMain UPSTREAM_URL}: the floor under any
 * HTTP proxy at all: a TCP relay that copies bytes both ways as they arrive (blocking sockets, one
 * thread per direction, {@code TCP_NODELAY}), with no HTTP in it. Beside Jetty's reverse proxy it
 * tells what a second process and two more loopback hops cost from what an HTTP stack costs.
 * Prints {@code listening PORT}; stops when its stdin closes.
 */
public final class TcpPumpMain {
    private TcpPumpMain() {
    }

    public static void main(String[] args) throws Exception {
        URI upstream = URI.create(args[0]);
        LoopbackRelay.run("pump", client -> {
            Socket server = new Socket();
            server.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()));
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            pump(client.getInputStream(), server.getOutputStream(), server);
            pump(server.getInputStream(), client.getOutputStream(), client);
        });
    }

    private static void pump(InputStream in, OutputStream out, Socket closeAtEnd) {
        LoopbackRelay.daemon("pump", () -> {
            byte[] buf = new byte[64 * 1024];
            try (closeAtEnd) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // one side is gone: nothing left to relay
            }
        });
    }
}

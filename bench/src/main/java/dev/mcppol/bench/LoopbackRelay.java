package dev.mcppol.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The life of a bench relay in its own JVM: listen on a loopback port, hand each connection to
 * {@code serve}, print {@code listening PORT} for {@link JvmChild}, and stop when stdin closes.
 */
final class LoopbackRelay {
    private LoopbackRelay() {
    }

    /** What a relay does with one accepted agent connection (on the accepting thread: start threads there). */
    interface Serve {
        void accepted(Socket client) throws IOException;
    }

    static void run(String name, Serve serve) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    serve.accepted(listener.accept());
                } catch (IOException e) {
                    // the listener closed, or one connection failed: the others go on
                }
            }
        }, name + "-accept");
        accept.setDaemon(true);
        accept.start();
        System.out.println("listening " + listener.getLocalPort());
        System.out.flush();
        System.in.transferTo(OutputStream.nullOutputStream());
        listener.close();
        System.exit(0);
    }

    /** Starts {@code work} on a daemon thread of this name. */
    static void daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }
}

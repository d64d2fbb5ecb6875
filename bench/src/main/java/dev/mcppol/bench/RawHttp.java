package dev.mcppol.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client on one persistent socket, for latency harnesses: requests are written
 * with one system call, responses read with {@code Content-Length} or chunked framing. It records
 * two moments per exchange: when the body first holds a JSON-RPC answer ({@code "result"} or
 * {@code "error"}: what an MCP client acts on, also inside an SSE stream) and when the response is
 * complete (when the connection can carry the next request). The same client serves every setup a
 * harness compares, so its own cost is the same for all of them.
 */
final class RawHttp implements AutoCloseable {
    private static final byte[] RESULT = "\"result\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ERROR = "\"error\"".getBytes(StandardCharsets.US_ASCII);

    /** One response; {@code answerNs} is the {@link System#nanoTime()} the answer was first seen, 0 if never. */
    record Reply(int status, Map<String, String> headers, byte[] body, long answerNs, long completeNs) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String hostHeader;
    private final String path;

    RawHttp(URI endpoint) throws IOException {
        this.socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(endpoint.getHost(), endpoint.getPort()), 10_000);
        socket.setSoTimeout(60_000);
        this.in = new BufferedInputStream(socket.getInputStream(), 65536);
        this.out = socket.getOutputStream();
        this.hostHeader = endpoint.getHost() + ":" + endpoint.getPort();
        this.path = endpoint.getRawPath();
    }

    /** POSTs a JSON-RPC message with the headers a Streamable HTTP client sends. */
    Reply post(String json, String session) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(256).append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(hostHeader).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Accept: application/json, text/event-stream\r\n")
                .append("MCP-Protocol-Version: 2025-06-18\r\n");
        if (session != null) {
            h.append("Mcp-Session-Id: ").append(session).append("\r\n");
        }
        h.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        byte[] head = h.toString().getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + body.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        out.write(all);
        out.flush();
        return read();
    }

    private Reply read() throws IOException {
        String status = line();
        if (status == null || !status.startsWith("HTTP/1.1 ")) {
            throw new IOException("bad status line: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int c = l.indexOf(':');
            headers.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(1024);
        long answer = 0;
        String length = headers.get("content-length");
        if (length != null) {
            body.write(in.readNBytes(Integer.parseInt(length)));
            answer = answerIn(body) ? System.nanoTime() : 0;
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            while (true) {
                String size = line();
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers: none expected, skipped
                    }
                    break;
                }
                body.write(in.readNBytes(n));
                line();
                if (answer == 0 && answerIn(body)) {
                    answer = System.nanoTime();
                }
            }
        } else if (code != 202 && code != 204 && code != 304) {
            throw new IOException("response without length or chunked framing (status " + code + ")");
        }
        long complete = System.nanoTime();
        return new Reply(code, headers, body.toByteArray(), answer, complete);
    }

    private static boolean answerIn(ByteArrayOutputStream body) {
        byte[] b = body.toByteArray();
        return indexOf(b, RESULT) >= 0 || indexOf(b, ERROR) >= 0;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) b);
        }
        throw new IOException("connection closed");
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

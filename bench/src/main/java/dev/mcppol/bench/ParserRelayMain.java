package dev.mcppol.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.ParserRelayMain UPSTREAM_URL}: an HTTP/1.1 relay
 * that parses both exchanges with Jetty's {@link HttpParser} on blocking sockets: one thread per
 * agent connection, which also holds that connection's upstream connection, so a call crosses no
 * thread. No policy, no limits, no timeouts, a thread held per idle connection: not a product, the
 * floor for an HTTP-aware relay that does less per exchange than Jetty's server and client (which
 * hand each exchange between selector and worker threads on both sides). Prints
 * {@code listening PORT}; stops when its stdin closes.
 */
public final class ParserRelayMain {
    private ParserRelayMain() {
    }

    public static void main(String[] args) throws Exception {
        URI upstream = URI.create(args[0]);
        LoopbackRelay.run("relay", client -> LoopbackRelay.daemon("relay", () -> serve(client, upstream)));
    }

    private static final class Request implements HttpParser.RequestHandler {
        String method;
        String uri;
        final List<HttpField> fields = new ArrayList<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete;

        @Override
        public void startRequest(String m, String u, HttpVersion v) {
            method = m;
            uri = u;
        }

        @Override
        public void parsedHeader(HttpField field) {
            fields.add(field);
        }

        @Override
        public boolean headerComplete() {
            return false;
        }

        @Override
        public boolean content(ByteBuffer item) {
            byte[] b = new byte[item.remaining()];
            item.get(b);
            body.write(b, 0, b.length);
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            complete = true;
            return true;
        }

        @Override
        public void earlyEOF() {
        }

        void reset() {
            fields.clear();
            body.reset();
            complete = false;
        }
    }

    private static final class Response implements HttpParser.ResponseHandler {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean chunked;
        boolean complete;
        final StringBuilder head = new StringBuilder();
        HttpParser parser;

        @Override
        public void startResponse(HttpVersion version, int status, String reason) {
            head.setLength(0);
            head.append("HTTP/1.1 ").append(status).append(' ').append(reason == null ? "" : reason).append("\r\n");
        }

        @Override
        public void parsedHeader(HttpField field) {
            HttpHeader h = field.getHeader();
            if (h == HttpHeader.TRANSFER_ENCODING || h == HttpHeader.CONNECTION || h == HttpHeader.KEEP_ALIVE) {
                return;
            }
            if (h == HttpHeader.CONTENT_LENGTH) {
                chunked = false;
            }
            head.append(field.getName()).append(": ").append(field.getValue()).append("\r\n");
        }

        @Override
        public boolean headerComplete() {
            writeHead(parser.getContentLength() >= 0 && !parser.isChunking());
            return false;
        }

        void writeHead(boolean hasLength) {
            if (!hasLength) {
                chunked = true;
                head.append("Transfer-Encoding: chunked\r\n");
            }
            head.append("\r\n");
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        }

        @Override
        public boolean content(ByteBuffer item) {
            byte[] b = new byte[item.remaining()];
            item.get(b);
            if (chunked) {
                out.writeBytes((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.writeBytes(b);
                out.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.writeBytes(b);
            }
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            if (chunked) {
                out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            complete = true;
            return true;
        }

        @Override
        public void earlyEOF() {
        }
    }

    private static void serve(Socket client, URI upstream) {
        try (client; Socket server = new Socket()) {
            server.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()));
            client.setTcpNoDelay(true);
            server.setTcpNoDelay(true);
            InputStream cin = client.getInputStream();
            OutputStream cout = client.getOutputStream();
            InputStream sin = server.getInputStream();
            OutputStream sout = server.getOutputStream();
            Request req = new Request();
            HttpParser reqParser = new HttpParser(req);
            ByteBuffer in = ByteBuffer.allocate(64 * 1024);
            in.flip();
            byte[] buf = new byte[64 * 1024];
            ByteBuffer up = ByteBuffer.allocate(64 * 1024);
            up.flip();
            while (true) {
                req.reset();
                reqParser.reset();
                while (!req.complete) {
                    if (!in.hasRemaining()) {
                        int n = cin.read(buf);
                        if (n < 0) {
                            return;
                        }
                        in = ByteBuffer.wrap(buf, 0, n);
                    }
                    reqParser.parseNext(in);
                }
                StringBuilder h = new StringBuilder();
                h.append(req.method).append(' ').append(req.uri).append(" HTTP/1.1\r\n");
                h.append("Host: ").append(upstream.getHost()).append(':').append(upstream.getPort()).append("\r\n");
                for (HttpField f : req.fields) {
                    HttpHeader hh = f.getHeader();
                    if (hh == HttpHeader.HOST || hh == HttpHeader.CONNECTION || hh == HttpHeader.CONTENT_LENGTH
                            || hh == HttpHeader.TRANSFER_ENCODING || hh == HttpHeader.KEEP_ALIVE) {
                        continue;
                    }
                    h.append(f.getName()).append(": ").append(f.getValue()).append("\r\n");
                }
                byte[] body = req.body.toByteArray();
                h.append("Content-Length: ").append(body.length).append("\r\n\r\n");
                byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
                byte[] all = new byte[head.length + body.length];
                System.arraycopy(head, 0, all, 0, head.length);
                System.arraycopy(body, 0, all, head.length, body.length);
                sout.write(all);
                Response res = new Response();
                HttpParser resParser = new HttpParser(res);
                res.parser = resParser;
                if (req.method.equals("HEAD")) {
                    resParser.setHeadResponse(true);
                }
                byte[] ubuf = new byte[64 * 1024];
                while (!res.complete) {
                    if (!up.hasRemaining()) {
                        int n = sin.read(ubuf);
                        if (n < 0) {
                            return;
                        }
                        up = ByteBuffer.wrap(ubuf, 0, n);
                    }
                    while (up.hasRemaining() && !res.complete) {
                        resParser.parseNext(up);
                    }
                    if (res.out.size() > 0) {
                        res.out.writeTo(cout);
                        res.out.reset();
                    }
                }
            }
        } catch (IOException e) {
            // one side is gone
        }
    }
}

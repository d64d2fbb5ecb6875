package dev.mcppol.bench;

import dev.mcppol.runtime.proxy.HttpProxy;
import dev.mcppol.runtime.proxy.ProxyConfig;
import dev.mcppol.runtime.proxy.ProxyRunner;
import java.net.URI;
import java.nio.file.Path;

/**
 * {@code java -cp benchmarks.jar dev.mcppol.bench.HttpProxyMain POLICY UPSTREAM_URL [REDIS_URL]}: the
 * Streamable HTTP proxy as {@code mcppol proxy --policy POLICY --listen 127.0.0.1:0 --upstream
 * UPSTREAM_URL [--redis REDIS_URL]} runs it, in its own JVM. Prints {@code listening PORT} on stdout once it accepts connections, and
 * stops when its stdin closes (so a harness that dies takes it along).
 */
public final class HttpProxyMain {
    private HttpProxyMain() {
    }

    public static void main(String[] args) throws Exception {
        ProxyConfig config = new ProxyConfig().bundle(ProxyMain.policySource(Path.of(args[0])))
                .listen("127.0.0.1:0").upstream(URI.create(args[1]));
        if (args.length > 2) {
            config.redis(args[2]);
        }
        try (ProxyRunner runner = ProxyRunner.prepare(config, System.err); HttpProxy http = runner.startHttp()) {
            System.out.println("listening " + http.port());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        System.exit(0);
    }
}

package dev.mcppol.runtime.proxy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Paths of the MCP test servers and fixtures. Missing servers fail the test: they are part of the build. */
final class TestServers {
    private TestServers() {
    }

    static Path repoRoot() {
        return Path.of("..").toAbsolutePath().normalize();
    }

    private static Path installed(String relative) {
        Path p = repoRoot().resolve("testservers/node_modules").resolve(relative);
        if (!Files.isRegularFile(p)) {
            fail("MCP test server not installed: " + p + " is missing; run (cd testservers && npm ci --no-audit --no-fund)");
        }
        return p;
    }

    static List<String> everythingStdio() {
        return List.of("node", installed("@modelcontextprotocol/server-everything/dist/index.js").toString(), "stdio");
    }

    static List<String> filesystem(Path allowedDir) {
        return List.of("node", installed("@modelcontextprotocol/server-filesystem/dist/index.js").toString(),
                allowedDir.toString());
    }

    static List<String> pagedServer() {
        return List.of("node", fixture("paged-server.mjs").toString());
    }

    static Path everythingJs() {
        return installed("@modelcontextprotocol/server-everything/dist/index.js");
    }

    static Path loopbackPreload() {
        return repoRoot().resolve("testservers/loopback-only.cjs");
    }

    static Path fixture(String name) {
        try {
            return Path.of(TestServers.class.getResource("/proxy/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new AssertionError("missing test fixture /proxy/" + name, e);
        }
    }

    static Path bundle(String policy) {
        return fixture(policy + ".bundle.json");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

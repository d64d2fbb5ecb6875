package dev.mcppol.cli;

import static dev.mcppol.cli.ProxyProcess.run;
import static dev.mcppol.cli.ProxyProcess.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The approvals queue across processes: two proxy replicas run at the same time and share one real
 * redis-server; an ask queued by one is approved with {@code mcppol approvals} from a third process, and
 * the other replica — still running — admits the same call from the same identity, once; never other
 * arguments, never another identity.
 */
class ApprovalsQueueRedisTest {
    private static final String POLICY = """
            policy mail
            default deny
            tool echo { ask as approve_echo reason "a person approves echoes" }
            """;

    @TempDir
    Path dir;
    private Process redis;
    private String url;
    private Path policy;

    @BeforeEach
    void startRedis() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectOutput(dir.resolve("redis.log").toFile())
                .redirectErrorStream(true).start();
        waitForPort(port);
        url = "redis://127.0.0.1:" + port;
        policy = Files.writeString(dir.resolve("mail.mcppol"), POLICY);
    }

    @AfterEach
    void stopRedis() throws Exception {
        if (redis != null) {
            redis.destroy();
            if (!redis.waitFor(10, TimeUnit.SECONDS)) {
                redis.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private ProxyProcess replica(String identity) throws Exception {
        return new ProxyProcess(List.of("--policy", policy.toString(), "--approvals", "queue", "--redis", url,
                "--identity", identity), "{}", dir.resolve("replica-" + System.nanoTime() + ".err"));
    }

    /** Replica {@code a} queues echo "hello"; a third process approves it. */
    private String queuedAndApproved(ProxyProcess a) throws Exception {
        JsonNode queued = a.echo(1, "hello");
        assertThat(queued.path("error").path("code").asInt()).isEqualTo(-32011);
        String id = queued.path("error").path("data").path("approval").path("id").asString();
        assertThat(id).startsWith("apr-");
        assertThat(run("approvals", "--redis", url, "list")).contains(id).contains("pending").contains("echo");
        assertThat(run("approvals", "--redis", url, "approve", id, "--by", "ops", "--note", "checked"))
                .contains("approved " + id);
        assertThat(run("approvals", "--redis", url, "show", id)).contains("approved").contains("ops").contains("checked");
        return id;
    }

    @Test
    void oneReplicaQueuesAThirdProcessApprovesTheOtherRunningReplicaAdmitsOnce() throws Exception {
        try (ProxyProcess a = replica("alice"); ProxyProcess b = replica("alice")) {
            String id = queuedAndApproved(a);
            assertThat(a.p.isAlive()).isTrue();
            assertThat(text(b.echo(2, "hello"))).isEqualTo("Echo: hello");
            // used: neither replica admits it again
            assertThat(b.echo(3, "hello").path("error").path("code").asInt()).isEqualTo(-32011);
            assertThat(a.echo(4, "hello").path("error").path("code").asInt()).isEqualTo(-32011);
            assertThat(run("approvals", "--redis", url, "list", "--all")).contains(id + "  used");
        }
    }

    @Test
    void anApprovalDoesNotAdmitOtherArgumentsOnTheOtherReplica() throws Exception {
        try (ProxyProcess a = replica("alice"); ProxyProcess b = replica("alice")) {
            String id = queuedAndApproved(a);
            queuedAnew(b.echo(2, "hello, and more"), id);
            // still unused: the call it names goes through
            assertThat(text(b.echo(3, "hello"))).isEqualTo("Echo: hello");
        }
    }

    @Test
    void anApprovalDoesNotAdmitAnotherIdentityOnTheOtherReplica() throws Exception {
        try (ProxyProcess a = replica("alice"); ProxyProcess b = replica("mallory")) {
            String id = queuedAndApproved(a);
            queuedAnew(b.echo(2, "hello"), id);
            // still unused: alice's own call goes through
            assertThat(text(a.echo(3, "hello"))).isEqualTo("Echo: hello");
        }
    }

    /** The call was not admitted by approval {@code id}: it is queued as a request of its own. */
    private static void queuedAnew(JsonNode reply, String id) {
        assertThat(reply.path("error").path("code").asInt()).isEqualTo(-32011);
        assertThat(reply.path("error").path("data").path("approval").path("id").asString()).isNotEqualTo(id);
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("redis-server did not start on port " + port);
    }
}

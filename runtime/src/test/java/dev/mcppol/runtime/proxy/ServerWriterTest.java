package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Direct writes, the queue behind them, and the blocked write that hands reading the agent on. */
class ServerWriterTest {

    /** A server's stdin that takes nothing until the test lets it. */
    private static final class GatedStdin extends OutputStream {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final CountDownLatch open = new CountDownLatch(1);
        final CountDownLatch blocked = new CountDownLatch(1);

        @Override
        public synchronized void write(int b) {
            got.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            blocked.countDown();
            try {
                open.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                got.write(b, off, len);
            }
        }
    }

    @Test
    void aDirectWriteGoesOutOnTheCallersThread() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ServerWriter w = new ServerWriter(out, 1 << 20, new ProxyLog(OutputStream.nullOutputStream()));
        ServerWriter.Sent sent = w.sendDirect("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(sent.taken()).isTrue();
        assertThat(sent.replaced()).isFalse();
        // written before sendDirect returned: no writer thread runs in this test
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n");
    }

    @Test
    void aBlockedDirectWriteIsReportedOnceAndWhatComesMeanwhileFollowsItInOrder() throws Exception {
        GatedStdin stdin = new GatedStdin();
        ServerWriter w = new ServerWriter(stdin, 1 << 20, new ProxyLog(OutputStream.nullOutputStream()));
        boolean[] alive = {true};
        Thread writer = new Thread(() -> w.run(alive));
        writer.setDaemon(true);
        writer.start();
        CompletableFuture<ServerWriter.Sent> first = CompletableFuture.supplyAsync(
                () -> w.sendDirect("first".getBytes(StandardCharsets.UTF_8)));
        assertThat(stdin.blocked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(w.stuckDirectWriter(System.nanoTime() + ServerWriter.STUCK_NANOS)).isTrue();
        assertThat(w.stuckDirectWriter(System.nanoTime() + 2 * ServerWriter.STUCK_NANOS)).as("once").isFalse();
        // the agent's new reader goes on: its message waits behind the blocked one, never beside it
        ServerWriter.Sent second = w.sendDirect("second".getBytes(StandardCharsets.UTF_8));
        assertThat(second).isEqualTo(new ServerWriter.Sent(true, false));
        assertThat(w.offer("third".getBytes(StandardCharsets.UTF_8))).isTrue();
        stdin.open.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).as("the blocked reader learns it was replaced")
                .isEqualTo(new ServerWriter.Sent(true, true));
        w.finish();
        writer.join(10_000);
        assertThat(writer.isAlive()).isFalse();
        assertThat(stdin.got.toString(StandardCharsets.UTF_8)).isEqualTo("first\nsecond\nthird\n");
    }

    @Test
    void pastItsBoundsTheQueueRefuses() throws Exception {
        GatedStdin stdin = new GatedStdin();
        ServerWriter w = new ServerWriter(stdin, 10, new ProxyLog(OutputStream.nullOutputStream()));
        CompletableFuture<ServerWriter.Sent> first = CompletableFuture.supplyAsync(
                () -> w.sendDirect("blocked".getBytes(StandardCharsets.UTF_8)));
        assertThat(stdin.blocked.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(w.sendDirect("12345678".getBytes(StandardCharsets.UTF_8)).taken()).isTrue();
        assertThat(w.sendDirect("12345678".getBytes(StandardCharsets.UTF_8)).taken()).as("over 10 bytes").isFalse();
        stdin.open.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).taken()).isTrue();
    }
}

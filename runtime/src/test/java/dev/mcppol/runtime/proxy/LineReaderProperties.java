package dev.mcppol.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The reader gives the stream's lines however the stream cuts them into reads: each without its line
 * end ({@code \n}, or {@code \r\n}), empty ones skipped, one over the limit as {@link LineReader#OVERSIZE},
 * a last one without a line end too. A line that arrives whole in one read is copied out directly (a
 * fast path): lines here arrive whole, cut, and across many reads.
 */
class LineReaderProperties {

    @Property(tries = 500)
    void linesComeOutAsTheyWereWrittenHoweverTheyArrive(@ForAll Random random) throws IOException {
        int max = 1 + random.nextInt(40);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        List<String> want = new ArrayList<>();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            StringBuilder line = new StringBuilder();
            int len = random.nextInt(random.nextInt(4) == 0 ? 3 * max : max + 2);
            for (int k = 0; k < len; k++) {
                line.append("ab{\"\r x".charAt(random.nextInt(7)));
            }
            boolean last = i == n - 1 && random.nextBoolean();
            String raw = line.toString();
            stream.writeBytes(raw.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            if (!last) {
                stream.write('\n');
            }
            String trimmed = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
            if (raw.length() > max) {
                want.add("OVERSIZE");
            } else if (!trimmed.isEmpty()) {
                want.add(trimmed);
            }
        }
        byte[] bytes = stream.toByteArray();
        LineReader reader = new LineReader(new Chunked(bytes, random), max);
        List<String> got = new ArrayList<>();
        byte[] l;
        while ((l = reader.next()) != null) {
            got.add(l == LineReader.OVERSIZE ? "OVERSIZE" : new String(l, java.nio.charset.StandardCharsets.ISO_8859_1));
        }
        assertThat(got).isEqualTo(want);
    }

    /** A stream that hands out its bytes in reads of random sizes, from one byte to all that is left. */
    private static final class Chunked extends InputStream {
        private final byte[] bytes;
        private final Random random;
        private int at;

        Chunked(byte[] bytes, Random random) {
            this.bytes = bytes;
            this.random = random;
        }

        @Override
        public int read() {
            return at < bytes.length ? bytes[at++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (at == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, bytes.length - at), random.nextInt(3) == 0 ? len : 1 + random.nextInt(30));
            System.arraycopy(bytes, at, b, off, n);
            at += n;
            return n;
        }
    }
}

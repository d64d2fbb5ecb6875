package dev.mcppol.policytests;

import dev.mcppol.runtime.transcript.TranscriptException;
import dev.mcppol.runtime.transcript.TranscriptReader;
import dev.mcppol.runtime.transcript.TranscriptRecord;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A stream of records to replay, one at a time: a JSON Lines transcript or a hand-written case file.
 * Both feed the same replayer, so a case file is decided exactly like a recorded session.
 */
public interface RecordSource extends Closeable {

    /** The file name that reports and errors show. */
    String file();

    /** The next record, or null at the end. */
    TranscriptRecord next() throws IOException, TranscriptException;

    /** True for the files the runner replays: {@code *.jsonl} transcripts and {@code *.cases.yaml}/{@code .yml}. */
    static boolean isReplayable(Path f) {
        String n = f.getFileName().toString();
        return n.endsWith(".jsonl") || CaseFileReader.isCaseFile(f);
    }

    /** Opens a file by its name: case files by their suffix, everything else as transcript v1. */
    static RecordSource open(Path f) throws IOException, TranscriptException {
        return CaseFileReader.isCaseFile(f) ? new CaseFileReader(f) : of(new TranscriptReader(f));
    }

    /** A transcript v1 file, read by the format's own reader. */
    static RecordSource of(TranscriptReader reader) {
        return new RecordSource() {
            @Override
            public String file() {
                return reader.file();
            }

            @Override
            public TranscriptRecord next() throws IOException, TranscriptException {
                return reader.next();
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }
}

package dev.mcppol.policytests;

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
        return CaseFileReader.isCaseFile(f) ? new CaseFileReader(f) : new TranscriptReader(f);
    }
}

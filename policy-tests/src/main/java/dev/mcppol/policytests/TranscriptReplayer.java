package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.Bundle;
import dev.mcppol.runtime.transcript.TranscriptException;
import dev.mcppol.runtime.transcript.TranscriptRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Replays one transcript or case file through the runtime's own engine on a virtual clock: fresh
 * limiter state per file, every {@code tools/call} decided (expectation or not), and each session's
 * own {@code tools/list} answers remembered as the schemas for run-time argument checks. Records
 * stream through one at a time, so a transcript of any size replays in constant memory.
 */
public final class TranscriptReplayer {

    private final Bundle bundle;

    public TranscriptReplayer(Bundle bundle) {
        this.bundle = bundle;
    }

    /** Replays {@code file}, handing each checked call to {@code sink}; returns the number of decisions. */
    public long replay(Path file, Consumer<CallResult> sink) throws IOException, TranscriptException {
        return stream(file, call -> {
            if (call.expect() != null) {
                sink.accept(call.toResult());
            }
        });
    }

    /** Replays {@code file}, handing every decided call to {@code calls}; returns the number of decisions. */
    public long replayAll(Path file, Consumer<DecidedCall> calls) throws IOException, TranscriptException {
        return stream(file, calls::accept);
    }

    private long stream(Path file, CallSink calls) throws IOException, TranscriptException {
        ReplayState state = new ReplayState(bundle);
        long decisions = 0;
        try (RecordSource in = RecordSource.open(file)) {
            TranscriptRecord r;
            while ((r = in.next()) != null) {
                DecidedCall c = state.accept(in.file(), r);
                if (c != null) {
                    decisions++;
                    calls.accept(c);
                }
            }
        }
        return decisions;
    }

    private interface CallSink {
        void accept(DecidedCall call);
    }
}

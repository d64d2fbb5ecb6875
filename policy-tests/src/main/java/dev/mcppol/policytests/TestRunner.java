package dev.mcppol.policytests;

import dev.mcppol.runtime.bundle.Bundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@code mcppol test}: finds the transcripts under the given paths and replays each of them. */
public final class TestRunner {

    /** Input the runner cannot use: a missing path, no transcripts, no expectations. */
    public static final class UnusableInput extends Exception {
        public UnusableInput(String message) {
            super(message);
        }
    }

    /** Every {@code *.jsonl} file under the paths, in a stable order. */
    public static List<Path> transcripts(List<Path> paths) throws IOException, UnusableInput {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new UnusableInput(p + ": no such file or directory");
            }
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".jsonl")).sorted()
                            .forEach(out::add);
                }
            } else {
                out.add(p);
            }
        }
        if (out.isEmpty()) {
            throw new UnusableInput("no transcripts (*.jsonl) under " + paths);
        }
        return out;
    }

    public ReplayReport run(Bundle bundle, List<Path> paths) throws IOException, TranscriptException, UnusableInput {
        List<Path> files = transcripts(paths);
        List<CallResult> results = new ArrayList<>();
        long decisions = 0;
        TranscriptReplayer replayer = new TranscriptReplayer(bundle);
        for (Path f : files) {
            decisions += replayer.replay(f, results::add);
        }
        if (results.isEmpty()) {
            throw new UnusableInput("the transcripts hold no expectation (\"expect\") at all, so nothing was tested: "
                    + files.size() + " file(s), " + decisions + " call(s)");
        }
        return new ReplayReport(files.stream().map(Path::toString).toList(), results, decisions);
    }
}

package dev.mcppol.policytests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.runtime.bundle.Bundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compiles the demo policy of {@link TranscriptReplayTest} (or another) for the harness tests. */
final class HarnessFixture {
    private HarnessFixture() {
    }

    static Bundle compile(Path dir, String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        CompileResult r = new PolicyCompiler().compile(p, PolicyCompiler.Options.defaults());
        assertThat(r.ok()).as("policy compiles").isTrue();
        return r.bundle();
    }

    static String rec(int t, String tool, String args, String tail) {
        return "{\"t\":" + t + ",\"dir\":\"c2s\",\"msg\":" + TranscriptReplayTest.call(t, tool, args) + tail + "}";
    }
}

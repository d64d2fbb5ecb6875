package dev.mcppol.cli;

import dev.mcppol.policytests.TranscriptException;
import dev.mcppol.policytests.TranscriptImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "import", description = {"Convert another recorder's file into transcript v1 (see docs/TESTING.md).",
        "Then `mcppol test --update OUT` records the policy's outcomes as expectations."})
public final class TranscriptImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE")
    Path input;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "The transcript to write (*.jsonl).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "jsonl (one {ts, dir, msg} per line) or mcp-recorder (a cassette); default: by extension, .json is a cassette.")
    String format;

    @Option(names = "--session", paramLabel = "ID", description = "Session id for the header (default: the input's file name).")
    String session;

    @Option(names = "--identity", paramLabel = "WHO", description = "Identity for the header (default: none).")
    String identity;

    @Override
    public Integer call() throws Exception {
        ProjectFileContext here = ProjectFileContext.of(spec);
        Path in = here.resolve(input);
        Path out = here.resolve(output);
        TranscriptImporter.Format f;
        if (format == null) {
            f = in.getFileName().toString().endsWith(".json") ? TranscriptImporter.Format.MCP_RECORDER
                    : TranscriptImporter.Format.JSONL;
        } else if (format.equals("jsonl")) {
            f = TranscriptImporter.Format.JSONL;
        } else if (format.equals("mcp-recorder")) {
            f = TranscriptImporter.Format.MCP_RECORDER;
        } else {
            spec.commandLine().getErr().println("mcppol: unknown --format '" + format + "' (jsonl or mcp-recorder)");
            return ExitCodes.UNUSABLE;
        }
        if (!Files.isRegularFile(in)) {
            spec.commandLine().getErr().println("mcppol: " + in + ": no such file");
            return ExitCodes.UNUSABLE;
        }
        TranscriptImporter.Result r;
        try {
            r = new TranscriptImporter().importFile(f, in, out, session, identity);
        } catch (TranscriptException e) {
            spec.commandLine().getErr().println("mcppol: " + e.describe());
            return ExitCodes.UNUSABLE;
        }
        spec.commandLine().getOut().println("wrote " + out + " (" + r.records() + " records, " + r.toolCalls()
                + " tool calls; run `mcppol test --update` to record expectations)");
        return ExitCodes.OK;
    }
}

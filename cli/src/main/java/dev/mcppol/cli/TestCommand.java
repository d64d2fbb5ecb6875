package dev.mcppol.cli;

import dev.mcppol.compiler.compile.CompileResult;
import dev.mcppol.compiler.compile.PolicyCompiler;
import dev.mcppol.policytests.ConsoleReport;
import dev.mcppol.policytests.GithubAnnotations;
import dev.mcppol.policytests.JUnitReport;
import dev.mcppol.policytests.JsonReport;
import dev.mcppol.policytests.ProjectConfig;
import dev.mcppol.policytests.ReplayReport;
import dev.mcppol.policytests.TestRunner;
import dev.mcppol.runtime.transcript.TranscriptException;
import dev.mcppol.policytests.TranscriptUpdater;
import dev.mcppol.runtime.bundle.Bundle;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "test", description = {
        "Replay recorded MCP transcripts (*.jsonl) and case files (*.cases.yaml) against a policy and check every expectation.",
        "Without --policy, the nearest mcppol.yaml (this folder or a parent) names the policy, tools, transcripts and min_coverage."})
public final class TestCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--policy", paramLabel = "POLICY_OR_BUNDLE",
            description = "The policy (any format) or compiled bundle to test (default: from mcppol.yaml).")
    Path policy;

    @Parameters(paramLabel = "PATH", arity = "0..*",
            description = "Transcript files, case files or folders holding them (default: mcppol.yaml's transcripts).")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report to FILE.")
    Path junit;

    @Option(names = "--format", paramLabel = "FORMAT", description = "Report format: ${COMPLETION-CANDIDATES} (default: text).")
    Format format = Format.text;

    @Option(names = "--coverage", description = "Print each rule's hit count by source location and the rules never hit.")
    boolean coverage;

    @Option(names = "--min-coverage", paramLabel = "PCT",
            description = "Exit 1 when fewer than PCT percent of the rules decide a replayed call.")
    Double minCoverage;

    @Option(names = "--update", description = "Rewrite each transcript's expectations to the actual outcomes, then test.")
    boolean update;

    @Option(names = "--baseline", paramLabel = "OLD_POLICY",
            description = "Also replay under OLD_POLICY and list every call whose outcome differs (exit 1 unless --allow-changes).")
    Path baseline;

    @Option(names = "--allow-changes", description = "With --baseline: list the changed calls but do not fail on them.")
    boolean allowChanges;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N",
            description = "Replay up to N files at once (default: one per processor; 1: one after the other). "
                    + "The report is the same, in the same order.")
    Integer jobs;

    @Mixin
    PolicyOptions options;

    @Override
    public Integer call() throws Exception {
        if (jobs != null && jobs < 1) {
            throw new ParameterException(spec.commandLine(), "--jobs: must be at least 1, got " + jobs);
        }
        ProjectFileContext here = ProjectFileContext.of(spec);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Setup setup;
        try {
            setup = setup(here);
        } catch (ProjectConfig.ProjectFileException e) {
            err.println("mcppol: " + e.getMessage());
            return ExitCodes.UNUSABLE;
        }
        if (setup == null) {
            err.println("mcppol: no --policy given and no " + ProjectConfig.FILE_NAME + " in " + here.cwd()
                    + " or its parents (run `mcppol init` to create one)");
            return ExitCodes.UNUSABLE;
        }
        if (setup.paths.isEmpty()) {
            err.println("mcppol: no transcripts given (name files or folders, or list them in " + ProjectConfig.FILE_NAME + ")");
            return ExitCodes.UNUSABLE;
        }
        Bundle bundle = compile(setup.policy, setup.tools, err);
        Bundle old = baseline == null ? null : compile(here.resolve(baseline), setup.tools, err);
        if (bundle == null || (baseline != null && old == null)) {
            return ExitCodes.UNUSABLE;
        }
        ReplayReport report;
        try {
            if (update) {
                for (Path f : TestRunner.transcripts(setup.paths)) {
                    TranscriptUpdater.Result r = new TranscriptUpdater(bundle).update(f);
                    if (r.changed() > 0) {
                        err.println("updated " + r.changed() + " of " + r.calls() + " expectation(s) in " + f);
                    }
                }
            }
            // Only reports that list every test need the passed ones; otherwise count them, so a
            // replay of any length runs in constant memory.
            boolean keepPassed = junit != null || format == Format.json;
            int parallel = jobs != null ? jobs : Runtime.getRuntime().availableProcessors();
            report = new TestRunner().withProgress(progressOn(err)).withJobs(parallel)
                    .run(bundle, old, setup.paths, keepPassed);
            clearProgress(err);
        } catch (TranscriptException e) {
            err.println("mcppol: " + e.describe());
            return ExitCodes.UNUSABLE;
        } catch (TestRunner.UnusableInput e) {
            err.println("mcppol: " + e.getMessage());
            return ExitCodes.UNUSABLE;
        }
        return report(report, setup.minCoverage, here, out, err);
    }

    private int report(ReplayReport report, Double min, ProjectFileContext here, PrintWriter out, PrintWriter err)
            throws Exception {
        boolean changesFail = baseline != null && !allowChanges && !report.changes().isEmpty();
        boolean coverageFails = min != null && report.coverage().percent() + 1e-9 < min;
        if (junit != null) {
            JUnitReport.write(report, here.resolve(junit));
        }
        if (GithubAnnotations.enabled(here.env())) {
            // GitHub reads workflow commands from the job's output; keep stdout pure JSON under --format json.
            (format == Format.json ? err : out).print(GithubAnnotations.render(report, changesFail));
        }
        if (format == Format.json) {
            out.print(JsonReport.render(report));
        } else {
            if (baseline != null) {
                out.print(ConsoleReport.changes(report.changes()));
            }
            if (coverage || min != null) {
                out.print(ConsoleReport.coverage(report.coverage()));
            }
            String text = ConsoleReport.render(report);
            out.print(TerminalColour.enabled() ? TerminalColour.report(text) : text);
        }
        // A gate that fails says so on the last line, after "N passed, 0 failed" (which alone reads
        // like success); under --format json stdout stays one document, so it goes to stderr there.
        PrintWriter gates = format == Format.json ? err : out;
        String prefix = format == Format.json ? "mcppol: " : "FAILED: ";
        if (coverageFails) {
            gates.println(String.format(Locale.ROOT, "%scoverage %.1f%% is below the minimum of %.1f%%",
                    prefix, report.coverage().percent(), min));
        }
        if (changesFail) {
            gates.println(prefix + "the policy changes " + report.changes().size()
                    + " recorded outcome(s); pass --allow-changes if that is intended");
        }
        out.flush();
        err.flush();
        return report.failed() > 0 || coverageFails || changesFail ? ExitCodes.FINDING : ExitCodes.OK;
    }

    /** Progress goes to an interactive terminal only: never into CI logs or redirected output. */
    private static boolean interactive() {
        return System.console() != null && System.getenv("CI") == null
                && !"true".equals(System.getenv("GITHUB_ACTIONS"));
    }

    private static TestRunner.Progress progressOn(PrintWriter err) {
        if (!interactive()) {
            return (i, n, f) -> { };
        }
        return (i, n, f) -> {
            String name = f.getFileName().toString();
            err.print("\r\u001b[Kreplaying " + i + "/" + n + ": " + (name.length() > 60 ? name.substring(0, 57) + "..." : name));
            err.flush();
        };
    }

    private static void clearProgress(PrintWriter err) {
        if (interactive()) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }

    private Bundle compile(Path p, List<Path> tools, PrintWriter err) {
        PolicyCompiler.Options o = options.toOptions().withTools(tools);
        CompileResult compiled = new PolicyCompiler().compile(p, o);
        DiagnosticsPrinter.print(compiled, err);
        return compiled.ok() ? compiled.bundle() : null;
    }

    /** The policy, tools, paths and threshold of this run: flags first, then mcppol.yaml. */
    private record Setup(Path policy, List<Path> tools, List<Path> paths, Double minCoverage) {
    }

    private Setup setup(ProjectFileContext here) throws Exception {
        List<Path> tools = new ArrayList<>(options.tools.stream().map(here::resolve).toList());
        List<Path> given = paths.stream().map(here::resolve).toList();
        Path projectFile = ProjectConfig.find(here.cwd());
        ProjectConfig project = projectFile == null ? null : ProjectConfig.read(projectFile);
        if (policy != null) {
            // --policy wins: the project's own policy and snapshots are not mixed into another policy.
            List<Path> ps = !given.isEmpty() || project == null ? given : project.transcripts();
            Double min = minCoverage != null ? minCoverage : project == null ? null : project.minCoverage();
            return new Setup(here.resolve(policy), tools, ps, min);
        }
        if (project == null) {
            return null;
        }
        tools.addAll(project.tools().stream().map(here::shown).toList());
        List<Path> transcripts = given.isEmpty() ? project.transcripts().stream().map(here::shown).toList()
                : given;
        return new Setup(here.shown(project.policy()), tools, transcripts,
                minCoverage != null ? minCoverage : project.minCoverage());
    }
}

package dev.mcppol.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code mcppol completion bash|zsh}: a shell completion script for every command, subcommand and
 * option, generated from the command specs themselves (so it never falls behind them).
 */
@Command(name = "completion", description = {"Print a shell completion script for mcppol.",
        "bash: source <(mcppol completion bash)    zsh: source <(mcppol completion zsh)"})
public final class CompletionCommand implements Callable<Integer> {

    /** The shells the script is written for; zsh runs the bash script through bashcompinit. */
    public enum Shell { bash, zsh }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}")
    Shell shell;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(script(shell, spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /** The script for {@code shell} completing {@code root}'s commands (also written into the release archive). */
    static String script(Shell shell, CommandLine root) {
        String script = AutoComplete.bash("mcppol", root);
        if (shell == Shell.zsh) {
            script = "autoload -U +X compinit && compinit\nautoload -U +X bashcompinit && bashcompinit\n" + script;
        }
        return script;
    }
}

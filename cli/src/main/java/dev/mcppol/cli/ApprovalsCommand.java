package dev.mcppol.cli;

import dev.mcppol.runtime.approval.Approval;
import dev.mcppol.runtime.approval.ApprovalException;
import dev.mcppol.runtime.approval.ApprovalStore;
import dev.mcppol.runtime.approval.ApprovalStores;
import dev.mcppol.runtime.approval.ApprovalText;
import dev.mcppol.runtime.approval.Approvals;
import dev.mcppol.runtime.model.Durations;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mcppol approvals list | show ID | approve ID | deny ID}: people deciding queued {@code ask} calls. */
@Command(name = "approvals", description = "List, show, approve or deny calls waiting for a person (ask rules).",
        subcommands = {ApprovalsCommand.ListCommand.class, ApprovalsCommand.ShowCommand.class,
                ApprovalsCommand.ApproveCommand.class, ApprovalsCommand.DenyCommand.class})
public final class ApprovalsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    /** The store may be named before the verb ({@code approvals --redis URL list}) or after it. */
    @Mixin
    StoreOptions store;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the approvals are: the same options the proxy takes. */
    static final class StoreOptions {
        @Option(names = "--approvals-dir", paramLabel = "DIR",
                description = "Directory of the approvals store (default: $MCPPOL_APPROVALS, else ~/.mcppol/approvals).")
        Path dir;

        @Option(names = "--redis", paramLabel = "URL", description = "Use the approvals kept in Redis (as a proxy with --redis does).")
        String redis;

        ApprovalStore open(StoreOptions outer) {
            return ApprovalStores.open(dir != null ? dir : outer.dir, redis != null ? redis : outer.redis, null);
        }
    }

    abstract static class Verb implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store;

        @picocli.CommandLine.ParentCommand
        ApprovalsCommand parent;

        @Override
        public Integer call() {
            try (ApprovalStore s = store.open(parent.store)) {
                return run(new Approvals(s, Approvals.Settings.defaults()), System.currentTimeMillis());
            } catch (ApprovalException e) {
                spec.commandLine().getErr().println("mcppol approvals: " + e.getMessage());
                return ExitCodes.UNUSABLE;
            }
        }

        abstract int run(Approvals approvals, long now);

        void print(String text) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "list", description = "Every request, oldest first (pending ones, unless --all).")
    static final class ListCommand extends Verb {
        @Option(names = "--all", description = "Also approved, denied, used and expired requests.")
        boolean all;

        @Override
        int run(Approvals approvals, long now) {
            List<Approval> shown = approvals.list(now).stream()
                    .filter(a -> all || a.status() == dev.mcppol.runtime.approval.ApprovalStatus.PENDING).toList();
            print(ApprovalText.table(shown, now));
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Every field of one request.")
    static final class ShowCommand extends Verb {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Override
        int run(Approvals approvals, long now) {
            Approval a = approvals.get(id, now).orElseThrow(() -> new ApprovalException("no approval request " + id));
            print(ApprovalText.details(a, now));
            return ExitCodes.OK;
        }
    }

    @Command(name = "approve", description = "Approve a pending request: the agent's retry of the same call is forwarded.")
    static final class ApproveCommand extends Verb {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--for", paramLabel = "DURATION",
                description = "Admit the same call for this long (e.g. 1h) instead of once; default: the rule's `approve for`, else once.")
        String forDuration;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why (kept in the store and the decision log).")
        String note;

        @Option(names = "--by", paramLabel = "NAME", description = "Who decides (default: $USER); must be an approver the rule names, if it names any.")
        String by = System.getProperty("user.name");

        @Override
        int run(Approvals approvals, long now) {
            Long grant = null;
            if (forDuration != null) {
                long ms = Durations.parse(forDuration);
                if (ms <= 0) {
                    throw new ApprovalException("--for takes a duration like 30m, 1h or 1d, not " + forDuration);
                }
                grant = ms;
            }
            Approval a = approvals.approve(id, by, note, grant, now);
            print("approved " + a.id() + ": " + a.tool() + " for " + a.boundTo()
                    + (a.grantMillis() > 0 ? ", the same call for " + Durations.format(a.grantMillis()) : ", once") + "\n");
            return ExitCodes.OK;
        }
    }

    @Command(name = "deny", description = "Deny a pending request.")
    static final class DenyCommand extends Verb {
        @Parameters(index = "0", paramLabel = "ID")
        String id;

        @Option(names = "--note", paramLabel = "TEXT", description = "Why (kept in the store and the decision log).")
        String note;

        @Option(names = "--by", paramLabel = "NAME", description = "Who decides (default: $USER).")
        String by = System.getProperty("user.name");

        @Override
        int run(Approvals approvals, long now) {
            Approval a = approvals.deny(id, by, note, now);
            print("denied " + a.id() + ": " + a.tool() + " for " + a.boundTo() + "\n");
            return ExitCodes.OK;
        }
    }
}

package ledger.operator;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that only groups subcommands ({@code dlq}, {@code replay}, {@code rebuild}): run alone, it prints its
 * usage. Its subcommands reach the tool's configuration and terminal through {@link #ops}.
 */
public abstract class CommandGroup implements Runnable {

    @ParentCommand
    private LedgerOps ops;

    @Spec
    private CommandSpec spec;

    /** The tool this group belongs to. */
    public LedgerOps ops() {
        return ops;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package ledger.operator;

import java.io.PrintWriter;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code --dry-run} and {@code --yes} options of a command that changes something, mixed in with {@code @Mixin},
 * and the two ways they end its preamble: a dry run shows the plan, says what it did not do and exits
 * {@value LedgerOps#OK}; a real run goes on only once the operator confirmed at the terminal or passed {@code --yes}.
 *
 * <p>Each command words {@code --dry-run} for what it changes; those descriptions are in
 * {@code Confirmation.properties}, keyed by the command's full name, so the help reads as before.
 */
@Command(resourceBundle = "ledger.operator.Confirmation")
public final class Confirmation {

    @Option(names = "--dry-run", descriptionKey = "dry-run", description = "Show what would be done; change nothing.")
    private boolean dryRun;

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    private boolean yes;

    public boolean dryRun() {
        return dryRun;
    }

    /** Ends a dry run: prints {@code "dry run: " + outcome} (what was not done) and returns {@link LedgerOps#OK}. */
    public int dryRunDone(final PrintWriter out, final String outcome) {
        out.println("dry run: " + outcome);
        out.flush();
        return LedgerOps.OK;
    }

    /** Asks the operator to type {@code expected} before {@code what} is done, unless {@code --yes} was given. */
    public void confirm(final Terminal terminal, final String what, final String expected) {
        terminal.confirm(what, expected, yes);
    }
}

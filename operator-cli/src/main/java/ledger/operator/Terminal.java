package ledger.operator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * Where a command talks to the operator: results on {@code out}, progress, warnings and prompts on {@code err},
 * answers from {@code in}. {@code interactive} is true when a person sits at a terminal: progress bars redraw in
 * place and destructive commands may ask for confirmation instead of requiring {@code --yes}.
 */
public final class Terminal {

    private final PrintWriter out;
    private final PrintWriter err;
    private final BufferedReader in;
    private final boolean interactive;

    public Terminal(final PrintWriter out, final PrintWriter err, final BufferedReader in, final boolean interactive) {
        this.out = out;
        this.err = err;
        this.in = in;
        this.interactive = interactive;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public boolean interactive() {
        return interactive;
    }

    public Progress progress(final String label, final long total) {
        return new Progress(err, label, total, interactive);
    }

    /**
     * Asks for confirmation of a destructive change: passes when {@code assumeYes}, or when the operator types
     * {@code expected} at the prompt. Without a terminal and without {@code --yes} it refuses with a usage error, so
     * a script never hangs on a prompt and never changes anything by accident.
     */
    public void confirm(final String what, final String expected, final boolean assumeYes) {
        if (assumeYes) {
            return;
        }
        if (!interactive) {
            throw new ConfigException("refusing to " + what + " without confirmation: run it at a terminal, or pass --yes");
        }
        err.printf("About to %s.%nType '%s' to go on: ", what, expected);
        err.flush();
        final String answer;
        try {
            answer = in.readLine();
        } catch (final IOException e) {
            throw new OpsException("cannot read the confirmation: " + e.getMessage(), e);
        }
        if (answer == null || !answer.trim().equals(expected)) {
            throw new OpsException("not confirmed; nothing was changed");
        }
    }
}

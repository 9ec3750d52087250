package ledger.operator;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * A progress report for a long operation, on stderr. At a terminal it is one line redrawn in place
 * ({@code \r}) at most ten times a second; otherwise (a pipe, a log, a test) it prints a line when it starts, every
 * {@value #PERIODIC_SECONDS} seconds, and when it ends, so logs stay readable. Not thread-safe: one operation, one thread.
 */
public final class Progress implements AutoCloseable {

    static final int PERIODIC_SECONDS = 5;
    private static final long REDRAW_NANOS = Duration.ofMillis(100).toNanos();
    private static final int BAR_WIDTH = 30;

    private final PrintWriter err;
    private final String label;
    private final boolean interactive;
    private final long started = System.nanoTime();
    private long total;
    private long done;
    private long lastDrawn;
    private boolean finished;

    Progress(final PrintWriter err, final String label, final long total, final boolean interactive) {
        this.err = err;
        this.label = label;
        this.total = Math.max(0, total);
        this.interactive = interactive;
        this.lastDrawn = started;
        if (!interactive) {
            err.println(label + ": started" + (total > 0 ? ", " + total + " to do" : ""));
            err.flush();
        } else {
            draw();
        }
    }

    /** A progress that reports nothing, for work inside another operation's progress. */
    public static Progress silent() {
        return new Progress(new PrintWriter(java.io.Writer.nullWriter()), "", 0, false);
    }

    /** Sets a new total, when it is learned only after starting. */
    public void total(final long total) {
        this.total = Math.max(0, total);
    }

    public void advance(final long count) {
        done += count;
        final long now = System.nanoTime();
        if (interactive ? now - lastDrawn >= REDRAW_NANOS : now - lastDrawn >= Duration.ofSeconds(PERIODIC_SECONDS).toNanos()) {
            lastDrawn = now;
            if (interactive) {
                draw();
            } else {
                err.println(label + ": " + counts());
                err.flush();
            }
        }
    }

    public long done() {
        return done;
    }

    /** Ends the report with the final counts; idempotent. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        final String elapsed = String.format("%.1f s", (System.nanoTime() - started) / 1e9);
        if (interactive) {
            draw();
            err.println(" (" + elapsed + ")");
        } else {
            err.println(label + ": done, " + counts() + " in " + elapsed);
        }
        err.flush();
    }

    private String counts() {
        return total > 0 ? done + "/" + total + " (" + percent() + "%)" : Long.toString(done);
    }

    private long percent() {
        return total == 0 ? 100 : Math.min(100, done * 100 / total);
    }

    private void draw() {
        final StringBuilder line = new StringBuilder("\r").append(label).append(' ');
        if (total > 0) {
            final int filled = (int) (Math.min(done, total) * BAR_WIDTH / total);
            line.append('[').append("#".repeat(filled)).append(" ".repeat(BAR_WIDTH - filled)).append("] ");
        }
        line.append(counts());
        err.print(line);
        err.flush();
    }
}

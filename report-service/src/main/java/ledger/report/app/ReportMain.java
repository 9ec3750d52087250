package ledger.report.app;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * The report service's process entry point and only composition root: configuration from the environment, then
 * {@link ReportService#start}, then one shutdown hook that closes it. A bad configuration prints its message and
 * exits with status 2, without a stack trace.
 */
public final class ReportMain {

    static final int EXIT_BAD_CONFIG = 2;

    private ReportMain() {
    }

    public static void main(final String[] args) {
        final Optional<ReportConfig> config = configure(System.getenv(), System.err);
        if (config.isEmpty()) {
            System.exit(EXIT_BAD_CONFIG);
            return;
        }
        final ReportService service = ReportService.start(config.get());
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "report-service-shutdown"));
    }

    /** The configuration, or empty after telling {@code err} what is wrong with it. */
    static Optional<ReportConfig> configure(final Map<String, String> env, final PrintStream err) {
        try {
            return Optional.of(ReportConfig.fromEnv(env));
        } catch (final IllegalArgumentException e) {
            err.println("report-service: invalid configuration: " + e.getMessage());
            return Optional.empty();
        }
    }
}

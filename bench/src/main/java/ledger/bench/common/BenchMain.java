package ledger.bench.common;

import java.util.Locale;

/** What every benchmark's {@code main} does around its own work. */
public final class BenchMain {

    /** A benchmark's work, given its command-line arguments. */
    @FunctionalInterface
    public interface Benchmark {
        void run(String[] args) throws Exception;
    }

    private BenchMain() {
    }

    /**
     * Runs {@code benchmark} and ends the JVM, which would otherwise not end: the embedded broker leaves non-daemon
     * threads behind. A failure prints its stack trace and exits with status 1.
     */
    public static void run(final String[] args, final Benchmark benchmark) {
        try {
            benchmark.run(args);
        } catch (final Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        System.exit(0);
    }

    /** This machine and JVM, for the first line of a benchmark's output: cores, Java version and heap. */
    public static String machine() {
        return String.format(Locale.ROOT, "%d cores, Java %s, heap %d MiB", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    }

    /** Where the services' and the broker's logs go (bench/run sets it). */
    public static String logFile() {
        return System.getProperty("BENCH_LOG", "target/bench.log");
    }
}

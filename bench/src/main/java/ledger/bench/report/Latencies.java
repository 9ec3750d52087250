package ledger.bench.report;

import java.util.Arrays;
import java.util.Locale;

import ledger.bench.common.CpuUsage;
import ledger.bench.common.Percentiles;

/** Latencies of one measured series, in nanoseconds, with nearest-rank percentiles. */
final class Latencies {

    private final String label;
    private long[] nanos = new long[256];
    private int count;
    private CpuUsage cpu;

    Latencies(final String label) {
        this.label = label;
    }

    void add(final long elapsedNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = elapsedNanos;
    }

    /** The CPU shares measured over this series. */
    void cpu(final CpuUsage measured) {
        this.cpu = measured;
    }

    CpuUsage cpu() {
        return cpu;
    }

    int count() {
        return count;
    }

    /** The {@code p} quantile (0 &lt; p &le; 1) in milliseconds, nearest rank. */
    double millis(final double p) {
        final long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        return Percentiles.nearestRank(sorted, p) / 1e6;
    }

    double meanMillis() {
        return Arrays.stream(nanos, 0, count).average().orElse(Double.NaN) / 1e6;
    }

    String label() {
        return label;
    }

    String row() {
        return String.format(Locale.ROOT, "%-46s %5d  %8.2f  %8.2f  %8.2f  %8.2f   %4.0f%% %4.0f%% %4.0f%%", label, count, millis(0.5), millis(0.99),
                millis(1.0), meanMillis(), cpu == null ? Double.NaN : cpu.processPercent(), cpu == null ? Double.NaN : cpu.postgresPercent(),
                cpu == null ? Double.NaN : cpu.othersPercent());
    }

    static String header() {
        return String.format(Locale.ROOT, "%-46s %5s  %8s  %8s  %8s  %8s   %5s %5s %5s", "", "n", "p50 ms", "p99 ms", "max ms", "mean ms",
                "jvm", "pg", "other");
    }
}

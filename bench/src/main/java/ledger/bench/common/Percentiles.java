package ledger.bench.common;

import java.util.Collection;

/** Nearest-rank percentiles of latency samples, as every benchmark reports them. */
public final class Percentiles {

    private Percentiles() {
    }

    /** The {@code p} quantile (0 &lt; p &le; 1) of {@code sorted} (ascending), by nearest rank; NaN without samples. */
    public static double nearestRank(final long[] sorted, final double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        final int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** The samples in ascending order. */
    public static long[] sorted(final Collection<Long> samples) {
        return samples.stream().mapToLong(Long::longValue).sorted().toArray();
    }
}

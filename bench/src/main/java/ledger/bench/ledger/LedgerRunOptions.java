package ledger.bench.ledger;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import ledger.bench.common.Options;

/**
 * The options the ledger throughput and rebuild benchmarks share: their input ({@code --events} deliveries over
 * {@code --orgs} organizations of {@code --customers} customers each, generated from {@code --seed}), how long one
 * ledger run may take ({@code --timeout} seconds), and Streams properties changed from production
 * ({@code --set key=value}, repeatable).
 */
record LedgerRunOptions(long events, int orgs, int customersPerOrg, long seed, Duration timeout, Map<String, String> overrides) {

    /** The names of these options. */
    static final Set<String> NAMES = Set.of("events", "orgs", "customers", "seed", "timeout", "set");

    static LedgerRunOptions from(final Options options, final long defaultEvents, final long defaultTimeoutSeconds, final long maxTimeoutSeconds) {
        return new LedgerRunOptions(
                options.number("events", defaultEvents, 1_000, 5_000_000),
                (int) options.number("orgs", 6, 1, 100),
                (int) options.number("customers", 20_000, 1, 1_000_000),
                options.number("seed", 20261120, Long.MIN_VALUE, Long.MAX_VALUE),
                Duration.ofSeconds(options.number("timeout", defaultTimeoutSeconds, 5, maxTimeoutSeconds)),
                options.overrides());
    }
}

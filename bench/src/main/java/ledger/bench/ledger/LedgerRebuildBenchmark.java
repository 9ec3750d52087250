package ledger.bench.ledger;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import ledger.bench.common.BenchMain;
import ledger.bench.common.Options;

/**
 * Rebuild: every balance recomputed from scratch from a payments topic of {@code --events} deliveries (default
 * 1,000,000), the way an operator rebuilds the ledger: the production topology and settings (exactly_once_v2) under
 * a fresh application id, from offset 0 with empty stores. Timed from {@code KafkaStreams.start()} until the last
 * balance event and dead letter the input must produce is committed ({@link LedgerRun}); then every customer's
 * balance in the rebuilt store is compared with a pure recomputation. A rebuild starts cold, so there is no warm-up.
 *
 * <p>Usage: {@code bench/run ledger-rebuild [--events N] [--orgs N] [--customers PER_ORG] [--seed N] [--timeout SECONDS]
 * [--set streams.property=value ...]}, e.g. {@code --set commit.interval.ms=1000} for what a longer commit interval
 * (LEDGER_COMMIT_INTERVAL_MS, a setting an operator may raise for a rebuild) buys.
 */
public final class LedgerRebuildBenchmark {

    private static final String USAGE = "[--events N] [--orgs N] [--customers PER_ORG] [--seed N] [--timeout SECONDS] [--set key=value ...]";
    private static final double TARGET_SECONDS = 60;

    private LedgerRebuildBenchmark() {
    }

    public static void main(final String[] args) {
        BenchMain.run(args, LedgerRebuildBenchmark::run);
    }

    private static void run(final String[] args) throws Exception {
        final Options options = new Options(args, Set.of("events", "orgs", "customers", "seed", "timeout", "set"), USAGE);
        final long events = options.number("events", 1_000_000, 1_000, 5_000_000);
        final int orgs = (int) options.number("orgs", 6, 1, 100);
        final int customers = (int) options.number("customers", 20_000, 1, 1_000_000);
        final long seed = options.number("seed", 20261120, Long.MIN_VALUE, Long.MAX_VALUE);
        final Duration timeout = Duration.ofSeconds(options.number("timeout", 240, 5, 900));
        final Map<String, String> overrides = options.overrides();

        System.out.printf(Locale.ROOT, "ledger rebuild benchmark: %s; exactly_once_v2, %s%n", BenchMain.machine(), LedgerRun.describe(overrides));
        System.out.println("starting Kafka and the schema registry (logs: " + BenchMain.logFile() + ")");
        try (BenchStack stack = BenchStack.start()) {
            final String prefix = "rb" + Long.toString(System.currentTimeMillis(), 36) + "-";
            System.out.printf(Locale.ROOT, "producing %,d deliveries over %d organizations x %,d customers ...%n", events, orgs, customers);
            final BenchStack.Input input = stack.produce(prefix + "payments", events, orgs, customers, seed);
            System.out.println("input: " + input.describe());
            System.out.println("rebuilding every balance from offset 0 under a fresh application id ...");
            final LedgerRun.Result r = LedgerRun.run(stack, input, "rebuild", LedgerRun.EOS, overrides, timeout);
            LedgerThroughputBenchmark.print(r);
            System.out.println();
            System.out.printf(Locale.ROOT, "rebuild of %,d deliveries (%,d customers): %.1f s (%.1f s of it to RUNNING), %,.0f deliveries/s%s%n",
                    input.count(), input.expected().balances().size(), r.startToDoneNanos() / 1e9, r.startToRunningNanos() / 1e9,
                    r.perSecond(), r.complete() ? "" : "  <-- INCOMPLETE");
            System.out.printf(Locale.ROOT, "target: under %.0f s: %s; correctness: %s%n", TARGET_SECONDS,
                    r.complete() && r.verified() && r.startToDoneNanos() / 1e9 < TARGET_SECONDS ? "met" : "NOT met",
                    r.verified() ? "verified" : "NOT verified");
        }
    }
}

package ledger.bench.ledger;

import java.util.Locale;

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
 * [--set streams.property=value ...]} ({@link LedgerRunOptions}), e.g. {@code --set commit.interval.ms=1000} for what a
 * longer commit interval (LEDGER_COMMIT_INTERVAL_MS, a setting an operator may raise for a rebuild) buys.
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
        final LedgerRunOptions options = LedgerRunOptions.from(new Options(args, LedgerRunOptions.NAMES, USAGE), 1_000_000, 240, 900);

        System.out.printf(Locale.ROOT, "ledger rebuild benchmark: %s; exactly_once_v2, %s%n", BenchMain.machine(),
                LedgerRun.describe(options.overrides()));
        System.out.println("starting Kafka and the schema registry (logs: " + BenchMain.logFile() + ")");
        try (BenchStack stack = BenchStack.start()) {
            final String prefix = "rb" + Long.toString(System.currentTimeMillis(), 36) + "-";
            final BenchStack.Input input = stack.produceInput(prefix + "payments", options);
            System.out.println("rebuilding every balance from offset 0 under a fresh application id ...");
            final LedgerRun.Result r = LedgerRun.run(stack, input, "rebuild", LedgerRun.EOS, options);
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

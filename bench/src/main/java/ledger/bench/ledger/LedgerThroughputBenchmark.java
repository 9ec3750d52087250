package ledger.bench.ledger;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import ledger.bench.common.BenchMain;
import ledger.bench.common.Options;
import ledger.events.PaymentEvent;

/**
 * The ledger's throughput under exactly_once_v2 and under at_least_once, on the same input, in one run; and, on the
 * same input again, the ledger as it was before Check and Fail became part of a payment's lifecycle (only Pay,
 * Confirm, Cancel and Refund reached the payment rule), so the cost of the lifecycle state is a same-run ratio.
 *
 * <p>Starts the embedded broker and schema registry, publishes {@code --events} realistic deliveries (see
 * {@link PaymentStream}: about 5% redeliveries, two-stage payments, refunds and over-refunds, declines) to a fresh
 * 6-partition payments topic, recomputing the expected balances on the way. Then runs the production topology from
 * offset 0 with exactly_once_v2, then again under a fresh application id with at_least_once, each until every
 * expected balance event and dead letter is readable ({@link LedgerRun}), and checks both final stores against the
 * recomputation, customer by customer.
 *
 * <p>Before that, both guarantees run once on a separate, smaller input ({@code --warmup-events}, default 30,000), so
 * that the JIT compiler and the broker are warm and neither measured run pays for the other's warm-up.
 *
 * <p>Usage: {@code bench/run ledger [--events N] [--warmup-events N] [--orgs N] [--customers PER_ORG] [--seed N] [--timeout SECONDS]
 * [--set streams.property=value ...]} ({@link LedgerRunOptions}). {@code --set} applies to both runs (e.g. {@code --set num.stream.threads=2}).
 * For experiments, through {@code BENCH_JAVA_OPTS}: {@code -Dbench.eosOnly=true} skips the at_least_once run,
 * {@code -Dbench.threads=true} prints the CPU time of every busy thread, {@code -Dbench.ageDays=N} dates the input N
 * days back (a rebuild of old payments; see {@link BenchStack#produce}).
 */
public final class LedgerThroughputBenchmark {

    private static final String USAGE = "[--events N] [--warmup-events N] [--orgs N] [--customers PER_ORG] [--seed N] [--timeout SECONDS] [--set key=value ...]";
    private static final double TARGET = 20_000;
    /** The lifecycle may cost at most a tenth of the throughput of the ledger before it. */
    private static final double LIFECYCLE_TARGET = 0.9;
    /** What reached the payment rule before Check and Fail did. */
    private static final Predicate<PaymentEvent> MONEY_KINDS_ONLY = event -> switch (event.getKind()) {
        case PAY, CONFIRM, REFUND, CANCEL -> true;
        case CHECK, FAIL, RECURRENT -> false;
    };

    private LedgerThroughputBenchmark() {
    }

    public static void main(final String[] args) {
        BenchMain.run(args, LedgerThroughputBenchmark::run);
    }

    private static void run(final String[] args) throws Exception {
        final Set<String> names = new HashSet<>(LedgerRunOptions.NAMES);
        names.add("warmup-events");
        final Options given = new Options(args, names, USAGE);
        final LedgerRunOptions options = LedgerRunOptions.from(given, 500_000, 120, 600);
        final long warmupEvents = given.number("warmup-events", 30_000, 0, 1_000_000);
        final boolean eosOnly = Boolean.getBoolean("bench.eosOnly"); // for tuning experiments

        System.out.printf(Locale.ROOT, "ledger throughput benchmark: %s; %s%n", BenchMain.machine(), LedgerRun.describe(options.overrides()));
        System.out.println("starting Kafka and the schema registry (logs: " + BenchMain.logFile() + ")");
        try (BenchStack stack = BenchStack.start()) {
            final String prefix = "tp" + Long.toString(System.currentTimeMillis(), 36) + "-";
            if (warmupEvents > 0) {
                System.out.printf(Locale.ROOT, "warming up: %,d other deliveries through both guarantees ...%n", warmupEvents);
                final BenchStack.Input warmup = stack.produce(prefix + "warmup-payments", warmupEvents, options.orgs(), options.customersPerOrg(),
                        options.seed() + 1);
                for (final String guarantee : List.of(LedgerRun.EOS, LedgerRun.ALOS)) {
                    final LedgerRun.Result r = LedgerRun.run(stack, warmup, "warmup-" + guarantee.replace('_', '-'), guarantee, options);
                    System.out.println("  " + r.summary().trim() + (r.verified() ? "" : "  " + r.verification()));
                }
                final LedgerRun.Result before = LedgerRun.run(stack, warmup, "warmup-before", LedgerRun.EOS, options, MONEY_KINDS_ONLY);
                System.out.println("  " + before.summary().trim() + " (before the lifecycle)" + (before.verified() ? "" : "  " + before.verification()));
            }
            final BenchStack.Input input = stack.produceInput(prefix + "payments", options);

            System.out.println("running the ledger as it was before the lifecycle (Check and Fail filtered out before the payment rule), exactly_once_v2 ...");
            final LedgerRun.Result before = LedgerRun.run(stack, input, "before", LedgerRun.EOS, options, MONEY_KINDS_ONLY);
            print(before);
            System.out.println("running the ledger with exactly_once_v2 ...");
            final LedgerRun.Result eos = LedgerRun.run(stack, input, "eos", LedgerRun.EOS, options);
            print(eos);
            final double lifecycleRatio = eos.perSecond() / before.perSecond();
            System.out.printf(Locale.ROOT, "lifecycle/before throughput ratio (exactly_once_v2, same input): %.2f; target >= %.1f: %s%n",
                    lifecycleRatio, LIFECYCLE_TARGET, lifecycleRatio >= LIFECYCLE_TARGET && eos.verified() && before.verified() ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "payment state: %.1f bytes per transaction with the lifecycle (%,d transactions), %.1f before (%,d)%n",
                    eos.paymentState().bytesPerPayment(), eos.paymentState().payments(), before.paymentState().bytesPerPayment(),
                    before.paymentState().payments());
            if (eosOnly) {
                return;
            }
            System.out.println("running the ledger with at_least_once (fresh application id, same input) ...");
            final LedgerRun.Result alos = LedgerRun.run(stack, input, "alos", LedgerRun.ALOS, options);
            print(alos);

            System.out.println();
            for (final LedgerRun.Result r : List.of(eos, alos)) {
                System.out.println(r.summary());
            }
            System.out.printf(Locale.ROOT, "EOS/ALOS throughput ratio: %.2f (from start), %.2f (while RUNNING)%n",
                    eos.perSecond() / alos.perSecond(), eos.perSecondWhileRunning() / alos.perSecondWhileRunning());
            System.out.printf(Locale.ROOT, "target: >= %,.0f events/s with exactly_once_v2: %s%n", TARGET,
                    eos.complete() && eos.verified() && eos.perSecond() >= TARGET ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "correctness: exactly_once_v2 %s, at_least_once %s%n",
                    eos.verified() ? "verified" : "NOT verified", alos.verified() ? "verified" : "NOT verified");
        }
    }

    static void print(final LedgerRun.Result r) {
        System.out.println("  " + r.summary().trim());
        System.out.printf(Locale.ROOT, "  first balance event readable %.2f s after start; %,d balance events, %,d dead letters; "
                        + "committed offsets on payments at end: %s; %s%n",
                r.startToFirstOutputNanos() / 1e9, r.balanceEvents(), r.deadLetters(), r.offsetsAtEnd() ? "yes" : "NO", r.cpu().summary());
        System.out.println("  " + r.cpuPerEvent());
        System.out.println("  " + r.paymentState().summary());
        System.out.println("  " + r.verification());
        r.cpu().othersNote("this run", "its rate is depressed").ifPresent(note -> System.out.println("  " + note));
    }
}

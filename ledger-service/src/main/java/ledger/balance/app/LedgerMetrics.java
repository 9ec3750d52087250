package ledger.balance.app;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import ledger.balance.domain.Outcome;
import ledger.balance.topology.LedgerListener;

/**
 * Counts the ledger's decisions for Prometheus, each by money mode ({@code mode="live"|"test"}):
 * <ul>
 *   <li>{@code ledger_decisions_total{outcome}}: payment events by {@link Outcome} (applied, duplicate,
 *       conflict, over_refund, ...);</li>
 *   <li>{@code ledger_postings_total{direction}}: balance changes, {@code credit} or {@code debit};</li>
 *   <li>{@code ledger_dead_letters_total{reason}}: events refused and sent to the dead-letter topic.</li>
 * </ul>
 * The series exist from the start at zero, so alerts on rates work before the first event. The counters
 * count work done, not work committed: a task that aborts its transaction and reprocesses counts again.
 * Records that cannot be read at all are counted by Kafka Streams itself
 * ({@code kafka_stream_task_dropped_records_total}).
 */
final class LedgerMetrics implements LedgerListener {

    private static final List<Outcome> DEAD_LETTER_REASONS = List.of(Outcome.CONFLICT, Outcome.OVER_REFUND, Outcome.PAYOUT, Outcome.TEST_IN_LIVE, Outcome.INVALID);

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    LedgerMetrics(final MeterRegistry registry) {
        this.registry = registry;
        for (final boolean testMode : new boolean[] {false, true}) {
            for (final Outcome outcome : Outcome.values()) {
                decided(outcome, testMode, 0);
            }
            for (final Outcome reason : DEAD_LETTER_REASONS) {
                flagged(reason, testMode, 0);
            }
            posted(1, testMode, 0);
            posted(-1, testMode, 0);
        }
    }

    @Override
    public void decided(final Outcome outcome, final boolean testMode) {
        decided(outcome, testMode, 1);
    }

    @Override
    public void posted(final long amountMinor, final boolean testMode) {
        posted(amountMinor, testMode, 1);
    }

    @Override
    public void flagged(final Outcome reason, final boolean testMode) {
        flagged(reason, testMode, 1);
    }

    private void decided(final Outcome outcome, final boolean testMode, final int count) {
        count("ledger_decisions", "Payment events decided by the ledger, by outcome", "outcome", name(outcome), testMode, count);
    }

    private void posted(final long amountMinor, final boolean testMode, final int count) {
        count("ledger_postings", "Balance changes made by the ledger", "direction", amountMinor > 0 ? "credit" : "debit", testMode, count);
    }

    private void flagged(final Outcome reason, final boolean testMode, final int count) {
        count("ledger_dead_letters", "Payment events refused and sent to the dead-letter topic, by reason", "reason", name(reason), testMode, count);
    }

    private void count(final String name, final String description, final String tag, final String value, final boolean testMode, final int count) {
        final String mode = testMode ? "test" : "live";
        counters.computeIfAbsent(name + '|' + value + '|' + mode, k -> Counter.builder(name).description(description)
                .tag(tag, value).tag("mode", mode).register(registry)).increment(count);
    }

    private static String name(final Outcome outcome) {
        return outcome.name().toLowerCase(java.util.Locale.ROOT);
    }
}

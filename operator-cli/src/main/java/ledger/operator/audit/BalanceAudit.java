package ledger.operator.audit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import ledger.events.CustomerBalances;
import ledger.operator.OpsConfig;
import ledger.operator.Progress;
import ledger.operator.Terminal;
import ledger.operator.history.LedgerReplay;
import ledger.operator.history.PaymentHistory;
import ledger.operator.kafka.CatchUp;
import ledger.operator.kafka.Kafka;
import org.apache.kafka.common.TopicPartition;

/**
 * Recomputes every balance from the payments topic with the ledger's own rule ({@link LedgerReplay}) and compares
 * it with what the ledger says over HTTP and with the last balance event of each customer.
 *
 * <p>The comparison refers to one snapshot: the payments topic up to its end when the audit starts. Before reading
 * balances the audit waits until the ledger has processed that snapshot (its Streams application has committed
 * past it on the payments topic and on its repartition topics), so a busy ledger is not mistaken for a wrong one.
 */
public final class BalanceAudit {

    /**
     * The outcome.
     *
     * @param customers customers compared
     * @param payments payment events read
     * @param notes things worth knowing that are not differences
     */
    public record Result(List<Difference> differences, long customers, long payments, long balanceEvents, List<String> notes) {
    }

    private final Kafka kafka;
    private final OpsConfig config;
    private final LedgerClient ledger;
    private final Terminal terminal;

    public BalanceAudit(final Kafka kafka, final LedgerClient ledger, final Terminal terminal) {
        this.kafka = kafka;
        this.config = kafka.config();
        this.ledger = ledger;
        this.terminal = terminal;
    }

    /**
     * @param history the payments topic as read (the snapshot)
     * @param orgId only this organization, or null for all
     * @param maxWait how long to wait for the ledger to process the snapshot; zero to compare at once
     */
    public Result run(final PaymentHistory history, final String orgId, final Duration maxWait) {
        final List<Difference> differences = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final LedgerReplay replay = LedgerReplay.of(history);
        if (!history.unreadable().isEmpty()) {
            notes.add(history.unreadable().size() + " payment record(s) cannot be decoded and move no money (the ledger dead-letters them), first: "
                    + history.unreadable().get(0));
        }

        final long behind;
        try (Progress progress = terminal.progress("waiting for the ledger to process the snapshot", 0)) {
            behind = CatchUp.await(() -> ledgerBacklog(history.end()), maxWait, progress);
        }
        if (behind > 0) {
            differences.add(new Difference("LEDGER_BEHIND", config.ledgerApplicationId(), "0 records to process", behind + " records not processed",
                    "Kafka consumer group"));
        }

        final BalanceEventLog events;
        try (Progress progress = terminal.progress("reading balance events", 0)) {
            events = BalanceEventLog.read(kafka, config.topics(), orgId, progress);
        }
        if (events.unreadable() > 0) {
            differences.add(new Difference("EVENT_UNREADABLE", config.topics().balanceEvents().name(), "0", Long.toString(events.unreadable()), "balance-events"));
        }

        final Set<String> customers = new TreeSet<>(replay.customers().keySet());
        customers.addAll(events.customers().keySet());
        try (Progress progress = terminal.progress("comparing balances with the ledger", customers.size())) {
            for (final String customerKey : customers) {
                compare(customerKey, replay.customers().get(customerKey), events.customers().get(customerKey), differences, notes);
                progress.advance(1);
            }
        }
        return new Result(differences, customers.size(), history.deliveries().size(), events.total(), notes);
    }

    /** How one balance is named in the audit: its currency, with " test" after it for test-mode money, which is a balance of its own. */
    static String balanceKey(final String currency, final boolean testMode) {
        return testMode ? currency + " test" : currency;
    }

    private void compare(final String customerKey, final CustomerBalances expected, final BalanceEventLog.Customer events,
                         final List<Difference> differences, final List<String> notes) {
        final int colon = customerKey.indexOf(':');
        final String orgId = customerKey.substring(0, colon);
        final String customerId = customerKey.substring(colon + 1);
        final Map<String, Long> expectedBalances = new TreeMap<>();
        if (expected != null) {
            expected.getBalances().forEach((currency, minor) -> expectedBalances.put(balanceKey(currency, false), minor));
            expected.getTestBalances().forEach((currency, minor) -> expectedBalances.put(balanceKey(currency, true), minor));
        }
        final long expectedSequence = expected == null ? 0 : expected.getSequence();

        final Optional<LedgerClient.Balances> held = ledger.balances(orgId, customerId);
        if (held.isEmpty()) {
            if (expected != null) {
                differences.add(new Difference("MISSING_BALANCE", customerKey, describe(expectedBalances) + " after " + expectedSequence + " posting(s)",
                        "no balance (404)", "ledger API"));
            }
        } else {
            compareBalances("BALANCE", customerKey, expectedBalances, held.get().byCurrency(), "ledger API", differences);
            if (held.get().sequence() != expectedSequence) {
                differences.add(new Difference("SEQUENCE", customerKey, Long.toString(expectedSequence), Long.toString(held.get().sequence()), "ledger API"));
            }
        }

        if (events == null) {
            if (expected != null) {
                differences.add(new Difference("MISSING_EVENTS", customerKey, expectedSequence + " balance event(s)", "none", "balance-events"));
            }
            return;
        }
        events.notes().forEach(n -> notes.add(customerKey + ": " + n));
        events.anomalies().forEach(a -> differences.add(new Difference("EVENT_SEQUENCE", customerKey, "gap-free sequence 1.." + events.lastSequence(), a, "balance-events")));
        if (events.lastSequence() != expectedSequence) {
            differences.add(new Difference("EVENT_SEQUENCE", customerKey, "last sequence " + expectedSequence, "last sequence " + events.lastSequence(), "balance-events"));
        }
        compareBalances("EVENT_BALANCE", customerKey, expectedBalances, events.balanceAfter(), "balance-events", differences);
    }

    private static void compareBalances(final String kind, final String customerKey, final Map<String, Long> expected,
                                        final Map<String, Long> actual, final String source, final List<Difference> differences) {
        final Set<String> currencies = new TreeSet<>(expected.keySet());
        currencies.addAll(actual.keySet());
        for (final String currency : currencies) {
            final long e = expected.getOrDefault(currency, 0L);
            final long a = actual.getOrDefault(currency, 0L);
            if (e != a) {
                differences.add(new Difference(kind, customerKey + " " + currency, e + " minor", a + " minor", source));
            }
        }
    }

    private long ledgerBacklog(final Map<TopicPartition, Long> paymentsEnd) {
        final Map<TopicPartition, Long> committed = kafka.committed(config.ledgerApplicationId());
        final Map<TopicPartition, Long> targets = new HashMap<>(paymentsEnd);
        for (final String topic : CatchUp.repartitionTopics(kafka, config.ledgerApplicationId())) {
            targets.putAll(kafka.endOffsets(kafka.partitions(topic)));
        }
        return CatchUp.pending(kafka, committed, targets);
    }

    private static String describe(final Map<String, Long> balances) {
        return balances.isEmpty() ? "no balance" : balances.toString();
    }
}

package ledger.operator.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ledger.events.BalanceEvent;
import ledger.operator.Progress;
import ledger.operator.kafka.Kafka;
import ledger.operator.kafka.TopicScan;
import ledger.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The balance-events topic summarized per customer: the last event, the balance after the last event in each
 * currency, and anything wrong with the sequence. A customer's events share one key and so one partition, which
 * keeps them in order. When the ledger was rebuilt from scratch its history starts again at sequence 1; only the
 * latest history counts.
 */
public final class BalanceEventLog {

    /** One customer's latest history. */
    public static final class Customer {
        Customer() {
        }

        long events;
        long lastSequence;
        final Map<String, Long> balanceAfter = new TreeMap<>();
        final List<String> anomalies = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        public long events() {
            return events;
        }

        public long lastSequence() {
            return lastSequence;
        }

        public Map<String, Long> balanceAfter() {
            return balanceAfter;
        }

        /** Gaps and repeats in the latest history: differences. */
        public List<String> anomalies() {
            return anomalies;
        }

        /** Restarts of the history (rebuilds): worth knowing, not wrong. */
        public List<String> notes() {
            return notes;
        }
    }

    private final Map<String, Customer> customers;
    private final long total;
    private final long unreadable;

    private BalanceEventLog(final Map<String, Customer> customers, final long total, final long unreadable) {
        this.customers = customers;
        this.total = total;
        this.unreadable = unreadable;
    }

    public Map<String, Customer> customers() {
        return customers;
    }

    public long total() {
        return total;
    }

    public long unreadable() {
        return unreadable;
    }

    public static BalanceEventLog read(final Kafka kafka, final Topics topics, final String orgId, final Progress progress) {
        final TopicScan.Range range = TopicScan.all(kafka, topics.balanceEvents().name());
        progress.total(range.size());
        final Deserializer<BalanceEvent> deserializer = topics.balanceEvents().valueSerde().deserializer();
        final Map<String, Customer> customers = new HashMap<>();
        final long[] counts = new long[2];
        TopicScan.read(kafka, range, progress, record -> {
            final BalanceEvent e;
            try {
                e = deserializer.deserialize(record.topic(), record.headers(), record.value());
            } catch (final RuntimeException ex) {
                counts[1]++;
                return;
            }
            if (e == null || (orgId != null && !orgId.equals(e.getOrgId()))) {
                return;
            }
            counts[0]++;
            add(customers.computeIfAbsent(e.getOrgId() + ":" + e.getCustomerId(), k -> new Customer()), e,
                    record.partition() + "@" + record.offset());
        });
        return new BalanceEventLog(customers, counts[0], counts[1]);
    }

    static void add(final Customer c, final BalanceEvent e, final String where) {
        if (e.getSequence() == 1) {
            if (c.events > 0) {
                c.notes.add("history restarts at sequence 1 at " + where + " after " + c.lastSequence
                        + " (a rebuild from scratch re-emitted the events)");
            }
            c.anomalies.clear();
            c.events = 0;
            c.lastSequence = 0;
            c.balanceAfter.clear();
        } else if (e.getSequence() != c.lastSequence + 1) {
            c.anomalies.add((e.getSequence() <= c.lastSequence ? "sequence " + e.getSequence() + " repeated" : "sequence gap: "
                    + (c.lastSequence + 1) + ".." + (e.getSequence() - 1) + " missing") + " at " + where);
        }
        c.events++;
        c.lastSequence = e.getSequence();
        c.balanceAfter.put(BalanceAudit.balanceKey(e.getCurrency(), e.getTestMode()), e.getBalanceAfterMinor());
    }
}

package ledger.operator.history;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

import ledger.events.PaymentEvent;
import ledger.operator.Progress;
import ledger.operator.kafka.Kafka;
import ledger.operator.kafka.TopicScan;
import ledger.schemas.topics.Topics;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The payments topic as read, committed records only: every delivery in each partition's offset order, and the
 * records that could not be decoded (the ledger dead-letters those, so they move no money).
 *
 * @param end the end offsets the read stopped at: the snapshot every comparison refers to
 */
public record PaymentHistory(List<Delivery> deliveries, List<String> unreadable, Map<TopicPartition, Long> end) {

    /** One record of the payments topic. */
    public record Delivery(int partition, long offset, long timestamp, PaymentEvent event) {
    }

    /** Reads the whole topic up to its current end; {@code orgId} (nullable) keeps one organization's events. */
    public static PaymentHistory read(final Kafka kafka, final Topics topics, final String orgId, final Progress progress) {
        final TopicScan.Range range = TopicScan.all(kafka, topics.payments().name());
        progress.total(range.size());
        final Deserializer<PaymentEvent> deserializer = topics.payments().valueSerde().deserializer();
        final List<Delivery> deliveries = new ArrayList<>();
        final List<String> unreadable = new ArrayList<>();
        TopicScan.read(kafka, range, progress, record -> {
            final PaymentEvent event;
            try {
                event = deserializer.deserialize(record.topic(), record.headers(), record.value());
            } catch (final RuntimeException e) {
                unreadable.add(record.partition() + "@" + record.offset() + ": " + e.getMessage());
                return;
            }
            if (event == null) {
                unreadable.add(record.partition() + "@" + record.offset() + ": no value");
            } else if (orgId == null || orgId.equals(event.getOrgId())) {
                deliveries.add(new Delivery(record.partition(), record.offset(), record.timestamp(), event));
            }
        });
        return new PaymentHistory(arrivalOrder(deliveries), unreadable, Map.copyOf(range.end()));
    }

    /**
     * The order the ledger most plausibly saw the deliveries in: each partition in offset order (as the ledger reads
     * it), partitions merged by the time the gateway received each event. The money rule makes the final balances
     * independent of the order across partitions; the order only matters for which of two refunds that together
     * exceed their payment is refused.
     */
    static List<Delivery> arrivalOrder(final List<Delivery> deliveries) {
        final Map<Integer, List<Delivery>> byPartition = new TreeMap<>();
        for (final Delivery d : deliveries) {
            byPartition.computeIfAbsent(d.partition(), p -> new ArrayList<>()).add(d);
        }
        byPartition.values().forEach(list -> list.sort(Comparator.comparingLong(Delivery::offset)));
        final Comparator<int[]> headOrder = Comparator.<int[]>comparingLong(h -> received(byPartition.get(h[0]).get(h[1])))
                .thenComparingInt(h -> h[0]);
        final PriorityQueue<int[]> heads = new PriorityQueue<>(headOrder);
        byPartition.keySet().forEach(p -> heads.add(new int[] {p, 0}));
        final List<Delivery> merged = new ArrayList<>(deliveries.size());
        while (!heads.isEmpty()) {
            final int[] head = heads.poll();
            final List<Delivery> list = byPartition.get(head[0]);
            merged.add(list.get(head[1]));
            if (head[1] + 1 < list.size()) {
                heads.add(new int[] {head[0], head[1] + 1});
            }
        }
        return merged;
    }

    private static long received(final Delivery d) {
        return d.event().getReceivedAt() == null ? d.timestamp() : d.event().getReceivedAt().toEpochMilli();
    }
}

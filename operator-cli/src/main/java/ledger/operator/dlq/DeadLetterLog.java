package ledger.operator.dlq;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ledger.events.DeadLetter;
import ledger.events.PaymentEvent;
import ledger.events.ShiftEvent;
import ledger.operator.Progress;
import ledger.operator.kafka.Kafka;
import ledger.operator.kafka.TopicScan;
import ledger.schemas.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The dead-letter topic, read and decoded: each letter with its reason, and the original record it carries decoded
 * where it can be (the bytes are kept as they were, so a redrive sends exactly what was refused).
 */
public final class DeadLetterLog {

    private DeadLetterLog() {
    }

    /** Where a dead letter sits: {@code partition:offset} of the dead-letter topic. */
    public record Id(int partition, long offset) implements Comparable<Id> {

        /** {@code 17} (partition 0) or {@code 0:17}. */
        public static Id parse(final String text) {
            final String t = text.trim();
            final int colon = t.indexOf(':');
            try {
                return colon < 0 ? new Id(0, Long.parseLong(t))
                        : new Id(Integer.parseInt(t.substring(0, colon)), Long.parseLong(t.substring(colon + 1)));
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("a dead letter is named by its offset (17) or partition:offset (0:17), got '" + text + "'");
            }
        }

        @Override
        public int compareTo(final Id o) {
            return partition != o.partition ? Integer.compare(partition, o.partition) : Long.compare(offset, o.offset);
        }

        @Override
        public String toString() {
            return partition == 0 ? Long.toString(offset) : partition + ":" + offset;
        }
    }

    /**
     * One dead letter.
     *
     * @param timestamp the record's timestamp: the business time of the refused record
     * @param letter the decoded letter, or null when the letter itself cannot be read ({@code unreadable} says why)
     * @param original the refused record decoded, or null ({@code originalProblem} says why)
     */
    public record Entry(Id id, Instant timestamp, String key, DeadLetter letter, String unreadable,
                        SpecificRecord original, String originalProblem) {

        public String reason() {
            return letter == null ? "UNREADABLE_LETTER" : letter.getReason();
        }

        /** The refused event's id, when the original could be decoded. */
        public String eventId() {
            if (original instanceof PaymentEvent p) {
                return p.getEventId();
            }
            if (original instanceof ShiftEvent s) {
                return s.getEventId();
            }
            return null;
        }
    }

    /** Counts by reason and by service. */
    public record Summary(long total, Map<String, Long> byReason, Map<String, Long> byService) {
        public static final Summary EMPTY = new Summary(0, Map.of(), Map.of());
    }

    public static List<Entry> read(final Kafka kafka, final Topics topics, final Progress progress) {
        final TopicScan.Range range = TopicScan.all(kafka, topics.deadLetters().name());
        progress.total(range.size());
        final Deserializer<DeadLetter> letters = topics.deadLetters().valueSerde().deserializer();
        final List<Entry> entries = new ArrayList<>();
        TopicScan.read(kafka, range, progress, record -> entries.add(decode(record, letters, topics)));
        entries.sort((a, b) -> a.id().compareTo(b.id()));
        return entries;
    }

    static Entry decode(final ConsumerRecord<byte[], byte[]> record, final Deserializer<DeadLetter> letters, final Topics topics) {
        final Id id = new Id(record.partition(), record.offset());
        final Instant timestamp = Instant.ofEpochMilli(record.timestamp());
        final String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        final DeadLetter letter;
        try {
            letter = letters.deserialize(record.topic(), record.headers(), record.value());
        } catch (final RuntimeException e) {
            return new Entry(id, timestamp, key, null, String.valueOf(e.getMessage()), null, null);
        }
        if (letter == null) {
            return new Entry(id, timestamp, key, null, "no value", null, null);
        }
        if (letter.getValue() == null) {
            return new Entry(id, timestamp, key, letter, null, null, "the letter carries no original value");
        }
        final byte[] bytes = bytes(letter.getValue());
        final boolean shift = letter.getSourceTopic().equals(topics.shiftEvents().name());
        try {
            final SpecificRecord original = shift
                    ? topics.shiftEvents().valueSerde().deserializer().deserialize(topics.shiftEvents().name(), bytes)
                    : topics.payments().valueSerde().deserializer().deserialize(topics.payments().name(), bytes);
            return new Entry(id, timestamp, key, letter, null, original, null);
        } catch (final RuntimeException e) {
            return new Entry(id, timestamp, key, letter, null, null, "cannot be decoded as " + (shift ? "ShiftEvent" : "PaymentEvent")
                    + ": " + e.getMessage());
        }
    }

    public static Summary summarize(final List<Entry> entries) {
        final Map<String, Long> byReason = new TreeMap<>();
        final Map<String, Long> byService = new TreeMap<>();
        for (final Entry e : entries) {
            byReason.merge(e.reason(), 1L, Long::sum);
            byService.merge(e.letter() == null ? "?" : e.letter().getService(), 1L, Long::sum);
        }
        return new Summary(entries.size(), byReason, byService);
    }

    static byte[] bytes(final ByteBuffer buffer) {
        final ByteBuffer b = buffer.duplicate();
        final byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        return bytes;
    }
}

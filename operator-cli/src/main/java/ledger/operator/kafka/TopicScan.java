package ledger.operator.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import ledger.operator.OpsException;
import ledger.operator.Progress;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads a range of a topic: from a position to a position per partition, committed data only. The end is fixed
 * when the range is made, so a scan of a busy topic terminates; what arrives later is left for the next run.
 */
public final class TopicScan {

    /** How long a scan may go without progress before it gives up. */
    private static final Duration STALL = Duration.ofSeconds(60);

    private TopicScan() {
    }

    /** Where a range starts or ends in each partition. */
    public sealed interface Position permits Earliest, Latest, At, Offsets {
    }

    /** The first offset still on the broker. */
    public record Earliest() implements Position {
    }

    /** The last stable offset: everything committed so far. */
    public record Latest() implements Position {
    }

    /** The first record with a timestamp (business time) at or after {@code time}; the end when there is none. */
    public record At(Instant time) implements Position {
    }

    /** Explicit offsets by partition number; partitions not named take {@code otherwise}. */
    public record Offsets(Map<Integer, Long> byPartition, Position otherwise) implements Position {
    }

    /** Offsets {@code [start, end)} of each partition of {@code topic}. */
    public record Range(String topic, Map<TopicPartition, Long> start, Map<TopicPartition, Long> end) {

        public long size() {
            long size = 0;
            for (final Map.Entry<TopicPartition, Long> e : end.entrySet()) {
                size += Math.max(0, e.getValue() - start.getOrDefault(e.getKey(), e.getValue()));
            }
            return size;
        }

        /** Per partition, {@code start..end}, for messages and dry runs. */
        public String describe() {
            final StringBuilder s = new StringBuilder();
            end.keySet().stream().sorted((a, b) -> Integer.compare(a.partition(), b.partition())).forEach(tp -> {
                if (!s.isEmpty()) {
                    s.append(", ");
                }
                s.append(tp.partition()).append(':').append(start.get(tp)).append("..").append(end.get(tp));
            });
            return topic + " [" + s + "]";
        }
    }

    /** The whole topic as it is now. */
    public static Range all(final Kafka kafka, final String topic) {
        return range(kafka, topic, new Earliest(), new Latest());
    }

    public static Range range(final Kafka kafka, final String topic, final Position from, final Position to) {
        final List<TopicPartition> partitions = kafka.partitions(topic);
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
            final Map<TopicPartition, Long> earliest = consumer.beginningOffsets(partitions);
            final Map<TopicPartition, Long> latest = consumer.endOffsets(partitions);
            final Map<TopicPartition, Long> start = resolve(consumer, partitions, from, earliest, latest);
            final Map<TopicPartition, Long> end = resolve(consumer, partitions, to, earliest, latest);
            final Map<TopicPartition, Long> startClamped = new LinkedHashMap<>();
            final Map<TopicPartition, Long> endClamped = new LinkedHashMap<>();
            for (final TopicPartition tp : partitions) {
                final long s = clamp(start.get(tp), earliest.get(tp), latest.get(tp));
                final long e = clamp(end.get(tp), earliest.get(tp), latest.get(tp));
                startClamped.put(tp, s);
                endClamped.put(tp, Math.max(s, e));
            }
            return new Range(topic, startClamped, endClamped);
        } catch (final org.apache.kafka.common.KafkaException e) {
            throw new OpsException("cannot read the offsets of " + topic + ": " + e.getMessage(), e);
        }
    }

    private static long clamp(final long value, final long min, final long max) {
        return Math.max(min, Math.min(max, value));
    }

    private static Map<TopicPartition, Long> resolve(final KafkaConsumer<byte[], byte[]> consumer, final List<TopicPartition> partitions,
                                                     final Position position, final Map<TopicPartition, Long> earliest,
                                                     final Map<TopicPartition, Long> latest) {
        if (position instanceof Earliest) {
            return earliest;
        }
        if (position instanceof Latest) {
            return latest;
        }
        if (position instanceof At at) {
            final Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(tp -> query.put(tp, at.time().toEpochMilli()));
            final Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
            final Map<TopicPartition, Long> result = new HashMap<>();
            for (final TopicPartition tp : partitions) {
                final OffsetAndTimestamp o = found.get(tp);
                result.put(tp, o == null ? latest.get(tp) : o.offset());
            }
            return result;
        }
        final Offsets offsets = (Offsets) position;
        final Map<TopicPartition, Long> result = new HashMap<>(resolve(consumer, partitions, offsets.otherwise(), earliest, latest));
        offsets.byPartition().forEach((partition, offset) -> {
            final TopicPartition tp = new TopicPartition(partitions.get(0).topic(), partition);
            if (!result.containsKey(tp)) {
                throw new OpsException("topic " + tp.topic() + " has no partition " + partition);
            }
            result.put(tp, offset);
        });
        return result;
    }

    /**
     * Reads every committed record of {@code range}, partition by partition in offset order (partitions interleave),
     * handing each to {@code handler}; advances {@code progress} by offsets covered.
     */
    public static void read(final Kafka kafka, final Range range, final Progress progress, final Consumer<ConsumerRecord<byte[], byte[]>> handler) {
        final Set<TopicPartition> remaining = new HashSet<>();
        range.end().forEach((tp, end) -> {
            if (end > range.start().get(tp)) {
                remaining.add(tp);
            }
        });
        if (remaining.isEmpty()) {
            return;
        }
        final Map<TopicPartition, Long> covered = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.consumer()) {
            consumer.assign(remaining);
            remaining.forEach(tp -> consumer.seek(tp, range.start().get(tp)));
            long lastProgress = System.nanoTime();
            while (!remaining.isEmpty()) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    final TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (remaining.contains(tp) && record.offset() < range.end().get(tp)) {
                        handler.accept(record);
                    }
                }
                for (final TopicPartition tp : Set.copyOf(remaining)) {
                    final long end = range.end().get(tp);
                    final long position = Math.min(consumer.position(tp), end);
                    final long before = covered.getOrDefault(tp, range.start().get(tp));
                    if (position > before) {
                        progress.advance(position - before);
                        covered.put(tp, position);
                        lastProgress = System.nanoTime();
                    }
                    if (position >= end) {
                        remaining.remove(tp);
                        consumer.pause(List.of(tp));
                    }
                }
                if (System.nanoTime() - lastProgress > STALL.toNanos()) {
                    throw new OpsException("reading " + range.topic() + " made no progress for " + STALL.toSeconds() + " s; still to read: " + remaining);
                }
            }
        } catch (final org.apache.kafka.clients.consumer.OffsetOutOfRangeException e) {
            throw new OpsException("records of " + range.topic() + " were deleted while reading (retention?): " + e.getMessage(), e);
        } catch (final org.apache.kafka.common.KafkaException e) {
            throw new OpsException("cannot read " + range.topic() + ": " + e.getMessage(), e);
        }
    }
}

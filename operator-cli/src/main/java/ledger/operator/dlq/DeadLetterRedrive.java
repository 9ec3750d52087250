package ledger.operator.dlq;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import ledger.operator.OpsException;
import ledger.operator.Progress;
import ledger.operator.kafka.Kafka;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends dead letters' original records back to the topic they came from, byte for byte (same key, value, schema id
 * and business-time timestamp), so the services decide on them again after a fix. Safe to repeat: the ledger and
 * the report store are idempotent by event id, so a record that was applied meanwhile is a duplicate, not a second
 * credit.
 *
 * <p>The ledger dead-letters rule refusals from its internal {@code <application>-by-payment-repartition} topic; such
 * letters go back to the payments topic, keyed by customer as the gateway keys them.
 */
public final class DeadLetterRedrive {

    /** Header on every redriven record: {@code dead-letters-topic:partition:offset} of its letter. */
    public static final String REDRIVEN_FROM = "ledger-ops-redriven-from";

    private DeadLetterRedrive() {
    }

    /** One letter to send, or the reason it cannot be. */
    public record Item(DeadLetterLog.Entry entry, String target, String skipReason) {
        public boolean sendable() {
            return skipReason == null;
        }
    }

    /** What a redrive of {@code entries} would send where; {@code override} forces the target topic. */
    public static List<Item> plan(final List<DeadLetterLog.Entry> entries, final Topics topics, final Optional<String> override) {
        final List<Item> items = new ArrayList<>();
        for (final DeadLetterLog.Entry e : entries) {
            if (e.letter() == null) {
                items.add(new Item(e, null, "the letter itself cannot be read: " + e.unreadable()));
            } else if (e.letter().getValue() == null) {
                items.add(new Item(e, null, "the letter carries no original record"));
            } else {
                final Optional<String> target = override.or(() -> target(e.letter().getSourceTopic(), topics));
                items.add(target.map(t -> new Item(e, t, null)).orElseGet(() -> new Item(e, null,
                        "source topic " + e.letter().getSourceTopic() + " is not one to redrive to; name one with --to")));
            }
        }
        return items;
    }

    static Optional<String> target(final String sourceTopic, final Topics topics) {
        if (sourceTopic.equals(topics.payments().name()) || sourceTopic.endsWith("-by-payment-repartition")) {
            return Optional.of(topics.payments().name());
        }
        if (sourceTopic.equals(topics.shiftEvents().name())) {
            return Optional.of(topics.shiftEvents().name());
        }
        return Optional.empty();
    }

    /** Sends the sendable items and waits until Kafka acknowledged every one; returns how many were sent. */
    public static int execute(final Kafka kafka, final String deadLetterTopic, final List<Item> items, final Progress progress) {
        final List<Future<RecordMetadata>> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            for (final Item item : items) {
                if (!item.sendable()) {
                    continue;
                }
                final DeadLetterLog.Entry e = item.entry();
                final RecordHeaders headers = new RecordHeaders();
                headers.add(REDRIVEN_FROM, (deadLetterTopic + ":" + e.id().partition() + ":" + e.id().offset()).getBytes(StandardCharsets.UTF_8));
                final byte[] key = e.letter().getKey() != null ? DeadLetterLog.bytes(e.letter().getKey())
                        : e.key() == null ? null : e.key().getBytes(StandardCharsets.UTF_8);
                sent.add(producer.send(new ProducerRecord<>(item.target(), null, e.timestamp().toEpochMilli(), key,
                        DeadLetterLog.bytes(e.letter().getValue()), headers)));
            }
            producer.flush();
            for (final Future<RecordMetadata> f : sent) {
                f.get();
                progress.advance(1);
            }
        } catch (final ExecutionException e) {
            throw new OpsException("Kafka did not acknowledge a redriven record (" + e.getCause().getMessage() + "); "
                    + "the ones acknowledged before stay sent, and running the redrive again is safe", e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted");
        }
        return sent.size();
    }
}

package ledger.operator.replay;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import ledger.operator.OpsException;
import ledger.operator.Progress;
import ledger.operator.kafka.Kafka;
import ledger.operator.kafka.TopicScan;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Re-delivers a range of a topic to every service reading it, by appending the same records again: same partition,
 * key, value bytes (and so the same event ids and schema ids), timestamp (business time) and headers, plus a
 * {@value #REPLAYED_FROM} header naming the original. The services are idempotent by event id: the ledger decides
 * a redelivered payment as a duplicate, the report store keeps its row; a record that was lost downstream is
 * applied now.
 */
public final class Redelivery {

    /** Header naming the original of a replayed record: {@code topic:partition:offset}. */
    public static final String REPLAYED_FROM = "ledger-ops-replayed-from";

    private Redelivery() {
    }

    /** Whether a record belongs to the organization: keys are {@code orgId:customerId} or {@code orgId:clubId}. */
    static boolean ofOrg(final ConsumerRecord<byte[], byte[]> record, final String orgId) {
        if (orgId == null) {
            return true;
        }
        return record.key() != null && new String(record.key(), StandardCharsets.UTF_8).startsWith(orgId + ":");
    }

    /** How many records of the range a redelivery would send. */
    public static long count(final Kafka kafka, final TopicScan.Range range, final String orgId, final Progress progress) {
        final AtomicLong count = new AtomicLong();
        TopicScan.read(kafka, range, progress, r -> {
            if (ofOrg(r, orgId)) {
                count.incrementAndGet();
            }
        });
        return count.get();
    }

    /** Appends the range's records (of {@code orgId}, when given) again; returns how many, all acknowledged by Kafka. */
    public static long execute(final Kafka kafka, final TopicScan.Range range, final String orgId, final Progress progress) {
        final AtomicLong sent = new AtomicLong();
        final AtomicReference<Exception> failure = new AtomicReference<>();
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            TopicScan.read(kafka, range, progress, record -> {
                if (failure.get() != null) {
                    throw new OpsException("Kafka refused a replayed record: " + failure.get().getMessage() + "; " + sent.get()
                            + " were acknowledged before. Replaying again is safe.", failure.get());
                }
                if (!ofOrg(record, orgId)) {
                    return;
                }
                final List<Header> headers = new ArrayList<>();
                record.headers().forEach(headers::add);
                headers.add(new org.apache.kafka.common.header.internals.RecordHeader(REPLAYED_FROM,
                        (record.topic() + ":" + record.partition() + ":" + record.offset()).getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), record.key(), record.value(),
                        new RecordHeaders(headers)), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    } else {
                        sent.incrementAndGet();
                    }
                });
            });
            producer.flush();
        }
        if (failure.get() != null) {
            throw new OpsException("Kafka refused a replayed record: " + failure.get().getMessage() + "; " + sent.get()
                    + " were acknowledged. Replaying again is safe.", failure.get());
        }
        return sent.get();
    }
}

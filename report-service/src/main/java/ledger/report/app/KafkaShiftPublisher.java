package ledger.report.app;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ledger.events.ShiftEvent;
import ledger.schemas.topics.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@link ShiftPublisher} on an idempotent {@code acks=all} producer. Keys are {@code orgId:clubId}, so one club's
 * shift events stay in order; the record timestamp is the event's business time, so replays "from 10:00" work.
 */
final class KafkaShiftPublisher implements ShiftPublisher {

    /** Longer than the producer's delivery timeout, so the producer reports first and with the real reason. */
    private static final Duration ACK_WAIT = Duration.ofSeconds(15);

    private final KafkaProducer<String, ShiftEvent> producer;
    private final String topic;

    KafkaShiftPublisher(final Properties producerProperties, final Topic<String, ShiftEvent> topic) {
        this.producer = new KafkaProducer<>(producerProperties, topic.keySerde().serializer(), topic.valueSerde().serializer());
        this.topic = topic.name();
    }

    @Override
    public void publish(final ShiftEvent event) {
        final ProducerRecord<String, ShiftEvent> record = new ProducerRecord<>(topic, null,
                event.getOccurredAt().toEpochMilli(), event.getOrgId() + ":" + event.getClubId(), event);
        try {
            producer.send(record).get(ACK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final ExecutionException e) {
            throw new PublishFailedException("Kafka did not acknowledge the shift event: " + e.getCause().getMessage(), e.getCause());
        } catch (final TimeoutException e) {
            throw new PublishFailedException("Kafka did not acknowledge the shift event within " + ACK_WAIT.toSeconds() + " s", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while waiting for Kafka", e);
        } catch (final RuntimeException e) {
            // send() itself throws when metadata cannot be had within max.block.ms, or serialization fails.
            throw new PublishFailedException("cannot send the shift event: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}

package ledger.balance.topology;

import java.util.List;
import java.util.Map;

import ledger.events.DeadLetter;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.serde.SchemaRegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record the ledger cannot read goes to the dead-letter topic with its original bytes and the reason,
 * and the stream goes on: one poisoned record must not stop every customer's balance. The dead letter is
 * written in the same transaction as the stream's progress.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    /** Streams config key naming the dead-letter topic. */
    public static final String DEAD_LETTER_TOPIC = "ledger.dead.letter.topic";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    static boolean registryUnreachable(final Throwable exception) {
        for (Throwable t = exception; t != null; t = t.getCause()) {
            if (t instanceof SchemaRegistryException e && e.errorCode() < 0) {
                return true;
            }
        }
        return false;
    }

    private String topic;
    private Serializer<DeadLetter> serializer;

    @Override
    public void configure(final Map<String, ?> configs) {
        this.topic = String.valueOf(configs.get(DEAD_LETTER_TOPIC));
        this.serializer = AvroSerdes.specific(DeadLetter.class, configs, false).serializer();
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ConsumerRecord<byte[], byte[]> record, final Exception exception) {
        if (registryUnreachable(exception)) {
            // Not bad data: the registry is down. Failing makes the thread restart and retry the same record,
            // instead of dead-lettering good payments during an outage.
            log.error("schema registry unreachable while reading {}-{}@{}; retrying instead of dead-lettering", record.topic(), record.partition(), record.offset());
            return Response.fail();
        }
        log.warn("dead-lettering undeserializable record {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), exception.getMessage());
        final DeadLetter letter = DeadLetters.of(record.topic(), record.partition(), record.offset(), record.key(), record.value(),
                "UNDESERIALIZABLE", String.valueOf(exception.getMessage()));
        final Long timestamp = record.timestamp() >= 0 ? record.timestamp() : null;
        return Response.resume(List.of(new ProducerRecord<>(topic, null, timestamp, record.key(), serializer.serialize(topic, letter))));
    }
}

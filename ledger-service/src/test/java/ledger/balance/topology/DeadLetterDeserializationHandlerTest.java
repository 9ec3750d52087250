package ledger.balance.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import ledger.events.DeadLetter;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.serde.MockSchemaRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An unreadable record becomes a readable dead letter with its original bytes, and processing resumes. */
class DeadLetterDeserializationHandlerTest {

    private static final String SCOPE = "DeadLetterDeserializationHandlerTest";

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void resumesAndWritesTheOriginalBytesWithTheReason() {
        final Map<String, Object> config = Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, "mock://" + SCOPE,
                DeadLetterDeserializationHandler.DEAD_LETTER_TOPIC, "t-dead-letters");
        final DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(config);
        final ConsumerRecord<byte[], byte[]> bad = new ConsumerRecord<>("t-payments", 2, 42L, "org:c1".getBytes(), new byte[] {9, 9});

        final DeserializationExceptionHandler.Response response = handler.handleError(null, bad, new SerializationException("not Avro"));

        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        final ProducerRecord<byte[], byte[]> out = response.deadLetterQueueRecords().get(0);
        assertThat(out.topic()).isEqualTo("t-dead-letters");
        final DeadLetter letter = AvroSerdes.specific(DeadLetter.class, config, false).deserializer().deserialize("t-dead-letters", out.value());
        assertThat(letter.getReason()).isEqualTo("UNDESERIALIZABLE");
        assertThat(letter.getDetail()).isEqualTo("not Avro");
        assertThat(letter.getSourceTopic()).isEqualTo("t-payments");
        assertThat(letter.getSourcePartition()).isEqualTo(2);
        assertThat(letter.getSourceOffset()).isEqualTo(42L);
        assertThat(letter.getValue().array()).containsExactly(9, 9);
    }

    @Test
    void anUnreachableRegistryFailsTheRecordInsteadOfDeadLetteringIt() {
        final DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, "mock://" + SCOPE, DeadLetterDeserializationHandler.DEAD_LETTER_TOPIC, "t-dl"));
        final ConsumerRecord<byte[], byte[]> good = new ConsumerRecord<>("t-payments", 0, 1L, null, new byte[] {0, 0, 0, 0, 1, 2});
        final Exception outage = new SerializationException("unknown writer schema id 1",
                new ledger.schemas.serde.SchemaRegistryException("schema registry at http://127.0.0.1:1 unreachable", new java.net.ConnectException()));
        assertThat(handler.handleError(null, good, outage).result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    }
}

package ledger.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.events.ShiftEvent;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our events through the serdes every service uses: exact round trips, reading data written with older and
 * newer schemas, and a clear {@link SerializationException} for bytes that are not ours to read.
 */
class AvroSerdesRoundTripTest {

    private static final String SCOPE = AvroSerdesRoundTripTest.class.getSimpleName();
    private static final Map<String, Object> CONFIG = Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long OCCURRED_AT_MS = 1_777_889_730_123L;

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    static Stream<Arguments> everyEventType() {
        return Stream.of(
                Arguments.of(PaymentEvent.class, SampleEvents.payment()),
                Arguments.of(ledger.events.BalanceEvent.class, SampleEvents.balance()),
                Arguments.of(ShiftEvent.class, SampleEvents.shift()),
                Arguments.of(ledger.events.DeadLetter.class, SampleEvents.deadLetter()));
    }

    @ParameterizedTest
    @MethodSource("everyEventType")
    <T extends SpecificRecord> void everyEventTypeRoundTripsExactly(final Class<T> type, final T event) {
        try (Serde<T> serde = AvroSerdes.specific(type, CONFIG, false)) {
            final byte[] bytes = serde.serializer().serialize("events", event);

            assertThat(bytes[0]).as("magic byte").isZero();
            assertThat(serde.deserializer().deserialize("events", bytes)).isEqualTo(event);
            assertThat(MockSchemaRegistry.scope(SCOPE).idOf("events-value", event.getSchema()))
                    .isEqualTo(WireFormat.schemaId(bytes));
        }
    }

    @Test
    void oneSerializerWritingToSeveralTopicsAsksTheRegistryOncePerSubject() {
        final SchemaRegistryClient mock = MockSchemaRegistry.scope(SCOPE);
        final List<String> lookups = new ArrayList<>();
        final SchemaRegistryClient counting = new SchemaRegistryClient() {
            @Override
            public int register(final String subject, final Schema schema) {
                lookups.add(subject);
                return mock.register(subject, schema);
            }

            @Override
            public int idOf(final String subject, final Schema schema) {
                lookups.add(subject);
                return mock.idOf(subject, schema);
            }

            @Override
            public Schema schemaById(final int id) {
                return mock.schemaById(id);
            }
        };
        final SpecificAvroSerializer<PaymentEvent> serializer = new SpecificAvroSerializer<>(counting, true);
        for (int i = 0; i < 50; i++) {
            for (final String topic : new String[] {"store-changelog", "by-payment-repartition", "payments"}) {
                final byte[] bytes = serializer.serialize(topic, SampleEvents.payment());
                assertThat(WireFormat.schemaId(bytes)).isEqualTo(mock.idOf(topic + "-value", SampleEvents.payment().getSchema()));
            }
        }
        assertThat(lookups).containsExactly("store-changelog-value", "by-payment-repartition-value", "payments-value");
    }

    @Test
    void nestedRecordsAndLogicalTypesSurviveTheRoundTrip() {
        final PaymentEvent payment = SampleEvents.payment();
        try (Serde<PaymentEvent> serde = AvroSerdes.specific(PaymentEvent.class, CONFIG, false)) {
            final PaymentEvent back = serde.deserializer().deserialize("payments", serde.serializer().serialize("payments", payment));

            assertThat(back.getCard()).isEqualTo(payment.getCard());
            assertThat(back.getFees()).isEqualTo(payment.getFees());
            assertThat(back.getSubscription()).isEqualTo(payment.getSubscription());
            assertThat(back.getSubscription().getNextTransactionAt()).isEqualTo(payment.getSubscription().getNextTransactionAt());
            assertThat(back.getOccurredAt()).isEqualTo(payment.getOccurredAt());
        }
    }

    @Test
    void keysGoUnderTheKeySubjectAndNullsStayNull() {
        try (Serde<ShiftEvent> serde = AvroSerdes.specific(ShiftEvent.class, CONFIG, true)) {
            final byte[] bytes = serde.serializer().serialize("shifts", SampleEvents.shift());

            assertThat(MockSchemaRegistry.scope(SCOPE).idOf("shifts-key", ShiftEvent.getClassSchema())).isEqualTo(WireFormat.schemaId(bytes));
            assertThat(serde.serializer().serialize("shifts", null)).isNull();
            assertThat(serde.deserializer().deserialize("shifts", null)).isNull();
        }
    }

    @Test
    void bytesFromAnOlderWriterAreReadWithTheDefaultsOfTheCurrentSchema() {
        final Schema older = withoutField(PaymentEvent.getClassSchema(), "reconciled");
        final GenericRecord written = minimalPayment(older);

        final byte[] bytes = new SpecificAvroSerializer<GenericRecord>(MockSchemaRegistry.scope(SCOPE), true).serialize("payments", written);
        final PaymentEvent read = new SpecificAvroDeserializer<>(PaymentEvent.class, MockSchemaRegistry.scope(SCOPE))
                .deserialize("payments", bytes);

        assertThat(WireFormat.schemaId(bytes)).isNotEqualTo(MockSchemaRegistry.scope(SCOPE).register("payments-value", PaymentEvent.getClassSchema()));
        assertThat(read.getReconciled()).as("default of the field the old writer did not know").isFalse();
        assertThat(read.getEventId()).isEqualTo("org-1:PAY:1");
        assertThat(read.getKind()).isEqualTo(NotificationKind.PAY);
        assertThat(read.getAmountMinor()).isEqualTo(10_000L);
        assertThat(read.getOccurredAt()).isEqualTo(Instant.ofEpochMilli(OCCURRED_AT_MS));
        assertThat(read.getCard()).isNull();
    }

    @Test
    void bytesFromANewerWriterAreReadIgnoringFieldsTheCurrentSchemaDoesNotKnow() throws Exception {
        final ObjectNode json = (ObjectNode) JSON.readTree(PaymentEvent.getClassSchema().toString());
        ((ArrayNode) json.get("fields")).addObject().put("name", "settlementId")
                .put("default", (String) null).putArray("type").add("null").add("string");
        final Schema newer = new Schema.Parser().parse(json.toString());
        final GenericRecord written = minimalPayment(newer);
        written.put("reconciled", true);
        written.put("settlementId", "st-1");

        final byte[] bytes = new SpecificAvroSerializer<GenericRecord>(MockSchemaRegistry.scope(SCOPE), true).serialize("payments", written);
        final PaymentEvent read = new SpecificAvroDeserializer<>(PaymentEvent.class, MockSchemaRegistry.scope(SCOPE))
                .deserialize("payments", bytes);

        assertThat(read.getReconciled()).isTrue();
        assertThat(read.getEventId()).isEqualTo("org-1:PAY:1");
    }

    @Test
    void bytesThatAreNotConfluentWireFormatFailClearly() {
        final SpecificAvroDeserializer<PaymentEvent> deserializer = new SpecificAvroDeserializer<>(PaymentEvent.class, MockSchemaRegistry.scope(SCOPE));

        assertThatThrownBy(() -> deserializer.deserialize("payments", new byte[] {1, 0, 0, 0, 1, 2}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("magic byte 1");
        assertThatThrownBy(() -> deserializer.deserialize("payments", new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("3 bytes");
        assertThatThrownBy(() -> deserializer.deserialize("payments", new byte[0]))
                .isInstanceOf(SerializationException.class).hasMessageContaining("0 bytes");
        assertThatThrownBy(() -> deserializer.deserialize("payments", new byte[] {0, 0, 0, 0x7f, 0x7f, 0}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("unknown writer schema id 32639");
    }

    @Test
    void truncatedOrForeignBodiesFailClearly() {
        final SchemaRegistryClient registry = MockSchemaRegistry.scope(SCOPE);
        final byte[] payment = new SpecificAvroSerializer<PaymentEvent>(registry, true).serialize("payments", SampleEvents.payment());
        final byte[] shift = new SpecificAvroSerializer<ShiftEvent>(registry, true).serialize("payments", SampleEvents.shift());
        final SpecificAvroDeserializer<PaymentEvent> deserializer = new SpecificAvroDeserializer<>(PaymentEvent.class, registry);

        assertThatThrownBy(() -> deserializer.deserialize("payments", Arrays.copyOf(payment, payment.length / 2)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("cannot read PaymentEvent");
        assertThatThrownBy(() -> deserializer.deserialize("payments", shift))
                .isInstanceOf(SerializationException.class).hasMessageContaining("cannot read PaymentEvent");
    }

    /** The required fields of a payment, in a generic record of {@code schema}; everything optional left out. */
    private static GenericRecord minimalPayment(final Schema schema) {
        final GenericRecord record = new GenericData.Record(schema);
        for (final Schema.Field field : schema.getFields()) {
            if (field.hasDefaultValue()) {
                record.put(field.name(), GenericData.get().getDefaultValue(field));
            }
        }
        record.put("eventId", "org-1:PAY:1");
        record.put("orgId", "org-1");
        record.put("kind", new GenericData.EnumSymbol(schema.getField("kind").schema(), "PAY"));
        record.put("amountMinor", 10_000L);
        record.put("occurredAt", OCCURRED_AT_MS);
        record.put("receivedAt", OCCURRED_AT_MS + 1);
        return record;
    }

    private static Schema withoutField(final Schema schema, final String field) {
        try {
            final ObjectNode json = (ObjectNode) JSON.readTree(schema.toString());
            final ArrayNode fields = (ArrayNode) json.get("fields");
            for (int i = 0; i < fields.size(); i++) {
                if (field.equals(fields.get(i).path("name").asText())) {
                    fields.remove(i);
                    return new Schema.Parser().parse(json.toString());
                }
            }
            throw new IllegalArgumentException(schema.getFullName() + " has no field " + field);
        } catch (final java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

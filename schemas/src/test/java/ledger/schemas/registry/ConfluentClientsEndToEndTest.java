package ledger.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ledger.embedded.SharedInfrastructure;
import ledger.events.PaymentEvent;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.serde.HttpSchemaRegistryClient;
import ledger.schemas.serde.SampleEvents;
import ledger.schemas.serde.SpecificAvroDeserializer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our serdes and HTTP client against our registry, through a real broker: what a service does in the embedded
 * stack. And the same bytes read the way any other Confluent client reads them, knowing nothing of our code.
 */
class ConfluentClientsEndToEndTest {

    private static final String BOOTSTRAP = SharedInfrastructure.kafka().bootstrapServers();
    private static final String TOPIC = "e2e-payments";

    private static SchemaRegistryServer registry;

    @BeforeAll
    static void start() throws Exception {
        registry = SchemaRegistryServer.start(BOOTSTRAP, "_schemas-" + ConfluentClientsEndToEndTest.class.getSimpleName(), 0);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
        }
        final Map<String, Object> serdeConfig = Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, registry.url());
        try (Serde<PaymentEvent> serde = AvroSerdes.specific(PaymentEvent.class, serdeConfig, false);
             KafkaProducer<String, PaymentEvent> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                     ProducerConfig.ACKS_CONFIG, "all",
                     ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                     new StringSerializer(), serde.serializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "org-1:c-42", SampleEvents.payment())).get();
        }
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    @Test
    void ourSerdesWriteAndReadARecordThroughKafkaAndTheRegistry() {
        final HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(registry.url());
        final List<ConsumerRecord<String, PaymentEvent>> received =
                readAll(new SpecificAvroDeserializer<>(PaymentEvent.class, client));

        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("org-1:c-42");
            assertThat(record.value()).isEqualTo(SampleEvents.payment());
        });
        final RegistryHttp http = new RegistryHttp(registry.url());
        assertThat(http.get("/subjects/" + TOPIC + "-value/versions").json().toString()).isEqualTo("[1]");
        final int id = http.get("/subjects/" + TOPIC + "-value/versions/1").json().path("id").asInt();
        assertThat(client.idOf(TOPIC + "-value", PaymentEvent.getClassSchema())).isEqualTo(id);
        assertThat(client.schemaById(id)).isEqualTo(PaymentEvent.getClassSchema());
    }

    /**
     * What Confluent's clients in Go, Python, Node or .NET do with a record value: check magic byte 0, read
     * the big-endian schema id, fetch {@code GET /schemas/ids/{id}}, decode the rest with a generic Avro reader.
     */
    @Test
    void aStandardConfluentConsumerReadsOurRecordsWithOnlyTheRestApi() throws Exception {
        final byte[] value = readAll(new ByteArrayDeserializer()).get(0).value();

        final ByteBuffer buffer = ByteBuffer.wrap(value);
        assertThat(buffer.get()).as("magic byte").isEqualTo((byte) 0);
        final int id = buffer.getInt();
        final RegistryHttp.Reply reply = new RegistryHttp(registry.url()).get("/schemas/ids/" + id);
        assertThat(reply.status()).isEqualTo(200);
        final Schema writer = new Schema.Parser().parse(reply.json().path("schema").asText());
        final GenericRecord payment = new GenericDatumReader<GenericRecord>(writer).read(null,
                DecoderFactory.get().binaryDecoder(value, buffer.position(), buffer.remaining(), null));

        final PaymentEvent expected = SampleEvents.payment();
        assertThat(payment.get("eventId")).hasToString(expected.getEventId());
        assertThat(payment.get("amountMinor")).isEqualTo(expected.getAmountMinor());
        assertThat(payment.get("kind")).hasToString(expected.getKind().name());
        assertThat(payment.get("occurredAt")).isEqualTo(expected.getOccurredAt().toEpochMilli());
        assertThat(((GenericRecord) payment.get("card")).get("lastFour")).hasToString("4242");
        assertThat(((GenericRecord) payment.get("fees")).get("totalFeeMinor")).isEqualTo(3_900L);
        assertThat(((GenericRecord) payment.get("subscription")).get("status")).hasToString("Active");
        assertThat(payment.get("reconciled")).isEqualTo(true);
    }

    private static <V> List<ConsumerRecord<String, V>> readAll(final Deserializer<V> values) {
        final List<ConsumerRecord<String, V>> records = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), values)) {
            consumer.assign(List.of(new TopicPartition(TOPIC, 0)));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return !records.isEmpty();
            });
        }
        return records;
    }
}

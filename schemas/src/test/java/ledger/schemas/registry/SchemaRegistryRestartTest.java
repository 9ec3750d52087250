package ledger.schemas.registry;

import static ledger.schemas.registry.TestSchemas.CREDIT_INT_CUSTOMER;
import static ledger.schemas.registry.TestSchemas.CREDIT_V1;
import static ledger.schemas.registry.TestSchemas.CREDIT_V2;
import static ledger.schemas.registry.TestSchemas.SHIFT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.embedded.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The topic is the registry: a new server on the same topic serves the same subjects, versions, ids and
 * levels; the records are in Confluent's layout, and a topic written the way Confluent writes it is served.
 */
class SchemaRegistryRestartTest {

    private static final String BOOTSTRAP = SharedInfrastructure.kafka().bootstrapServers();

    @Test
    void aRestartedServerKeepsSubjectsVersionsIdsAndLevels() {
        final String topic = "_schemas-restart";
        final int v1;
        final int v2;
        final int shift;
        final SchemaRegistryServer first = SchemaRegistryServer.start(BOOTSTRAP, topic, 0);
        try {
            final RegistryHttp http = new RegistryHttp(first.url());
            v1 = http.register("credits-value", CREDIT_V1);
            v2 = http.register("credits-value", CREDIT_V2);
            shift = http.register("shifts-value", SHIFT);
            http.put("/config/shifts-value", "{\"compatibility\":\"FULL\"}");
            http.delete("/subjects/credits-value/versions/1");
        } finally {
            first.close();
            first.close();
        }

        try (SchemaRegistryServer second = SchemaRegistryServer.start(BOOTSTRAP, topic, 0)) {
            final RegistryHttp http = new RegistryHttp(second.url());
            assertThat(http.get("/subjects").json().toString()).isEqualTo("[\"credits-value\",\"shifts-value\"]");
            assertThat(http.get("/subjects/credits-value/versions").json().toString()).isEqualTo("[2]");
            assertThat(http.get("/subjects/credits-value/versions?deleted=true").json().toString()).isEqualTo("[1,2]");
            assertThat(http.get("/subjects/credits-value/versions/latest").json().path("id").asInt()).isEqualTo(v2);
            assertThat(http.get("/subjects/credits-value/versions/1?deleted=true").json().path("id").asInt()).isEqualTo(v1);
            assertThat(http.get("/config/shifts-value").json().path("compatibilityLevel").asText()).isEqualTo("FULL");

            assertThat(http.register("shifts-value", SHIFT)).as("idempotent across the restart").isEqualTo(shift);
            assertThat(http.register("other-credits-value", CREDIT_V1)).as("same schema, same id").isEqualTo(v1);
            assertThat(http.register("other-value", "\"long\"")).as("ids continue").isEqualTo(Math.max(v2, shift) + 1);
            assertThat(http.post("/subjects/credits-value/versions", RegistryHttp.schemaBody(CREDIT_INT_CUSTOMER)).status())
                    .as("BACKWARD still applies").isEqualTo(409);
        }
    }

    @Test
    void theTopicIsCompactedSinglePartitionAndHoldsConfluentRecords() throws Exception {
        final String topic = "_schemas-layout";
        final int id;
        try (SchemaRegistryServer server = SchemaRegistryServer.start(BOOTSTRAP, topic, 0)) {
            final RegistryHttp http = new RegistryHttp(server.url());
            id = http.register("layout-value", CREDIT_V1);
            http.put("/config/layout-value", "{\"compatibility\":\"NONE\"}");
            http.delete("/subjects/layout-value/versions/1");
            http.delete("/subjects/layout-value/versions/1?permanent=true");
        }

        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            assertThat(admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()).hasSize(1);
            final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value())
                    .isEqualTo("compact");
        }
        final List<ConsumerRecord<String, String>> records = readAll(topic, 4);
        final String schemaKey = "{\"keytype\":\"SCHEMA\",\"subject\":\"layout-value\",\"version\":1,\"magic\":1}";
        assertThat(records).extracting(ConsumerRecord::key).containsExactly(schemaKey,
                "{\"keytype\":\"CONFIG\",\"subject\":\"layout-value\",\"magic\":0}", schemaKey, schemaKey);
        final JsonNode registered = RegistryHttp.JSON.readTree(records.get(0).value());
        assertThat(fieldNames(registered)).containsExactly("subject", "version", "id", "schema", "deleted");
        assertThat(registered.path("id").asInt()).isEqualTo(id);
        assertThat(registered.path("deleted").asBoolean()).isFalse();
        assertThat(records.get(1).value()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(RegistryHttp.JSON.readTree(records.get(2).value()).path("deleted").asBoolean()).isTrue();
        assertThat(records.get(3).value()).as("a hard delete is a tombstone").isNull();
    }

    @Test
    void servesATopicWrittenTheWayConfluentsRegistryWritesIt() {
        final String topic = "_schemas-confluent-written";
        final Map<String, String> records = new LinkedHashMap<>();
        records.put("{\"keytype\":\"NOOP\",\"magic\":0}", null);
        records.put("{\"keytype\":\"SCHEMA\",\"subject\":\"legacy-value\",\"version\":1,\"magic\":1}",
                "{\"subject\":\"legacy-value\",\"version\":1,\"id\":41,\"schemaType\":null,\"references\":[],"
                        + "\"schema\":\"\\\"string\\\"\",\"deleted\":false}");
        records.put("not a registry record", "garbage");
        records.put("{\"keytype\":\"SCHEMA\",\"subject\":\"legacy-value\",\"version\":2,\"magic\":1}",
                "{\"subject\":\"legacy-value\",\"version\":2,\"id\":42,\"schema\":\"\\\"bytes\\\"\",\"deleted\":false}");
        records.put("{\"keytype\":\"DELETE_SUBJECT\",\"subject\":\"legacy-value\",\"magic\":0}", "{\"subject\":\"legacy-value\",\"version\":1}");
        records.put("{\"keytype\":\"CONFIG\",\"subject\":null,\"magic\":0}", "{\"compatibilityLevel\":\"NONE\"}");
        produce(topic, records);

        try (SchemaRegistryServer server = SchemaRegistryServer.start(BOOTSTRAP, topic, 0)) {
            final RegistryHttp http = new RegistryHttp(server.url());
            assertThat(http.get("/subjects/legacy-value/versions").json().toString()).isEqualTo("[2]");
            assertThat(http.get("/schemas/ids/41").json().path("schema").asText()).isEqualTo("\"string\"");
            assertThat(http.get("/config").json().path("compatibilityLevel").asText()).isEqualTo("NONE");
            assertThat(http.register("new-value", "\"double\"")).as("ids continue after Confluent's").isEqualTo(43);
        }
    }

    @Test
    void refusesATopicThatCouldReorderOrLoseSchemas() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP))) {
            admin.createTopics(List.of(
                    new NewTopic("_schemas-three-partitions", 3, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic("_schemas-deleting", 1, (short) 1).configs(Map.of("cleanup.policy", "delete")))).all().get();
        }

        assertThatThrownBy(() -> SchemaRegistryServer.start(BOOTSTRAP, "_schemas-three-partitions", 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("3 partitions");
        assertThatThrownBy(() -> SchemaRegistryServer.start(BOOTSTRAP, "_schemas-deleting", 0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cleanup.policy=delete");
    }

    private static void produce(final String topic, final Map<String, String> records) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", BOOTSTRAP));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ProducerConfig.ACKS_CONFIG, "all"),
                     new StringSerializer(), new StringSerializer())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
            for (final Map.Entry<String, String> record : records.entrySet()) {
                producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())).get();
            }
        } catch (final Exception e) {
            throw new IllegalStateException("cannot prepare " + topic, e);
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(final String topic, final int expected) {
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                return records.size() >= expected;
            });
        }
        return records;
    }

    private static List<String> fieldNames(final JsonNode node) {
        final List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

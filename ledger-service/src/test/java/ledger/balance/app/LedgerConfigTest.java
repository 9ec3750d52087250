package ledger.balance.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import ledger.balance.topology.DeadLetterDeserializationHandler;
import ledger.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import ledger.config.Replication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ledger's configuration: its defaults, a message naming the variable for every bad value, and the Streams settings that protect money. */
class LedgerConfigTest {

    private static final String ADMIN = "admin-token-0123456789";

    @Test
    void anEmptyEnvironmentGivesTheDocumentedDefaults() {
        final LedgerConfig config = LedgerConfig.fromEnv(Map.of("ADMIN_TOKEN", ADMIN));
        assertThat(config).isEqualTo(new LedgerConfig("127.0.0.1:9092", "http://127.0.0.1:8081", 8082, "127.0.0.1", "0.0.0.0",
                Path.of("data/ledger-state"), "ledger-service", "", StreamsConfig.EXACTLY_ONCE_V2, 50, 1, 6_000, "", Replication.SINGLE_BROKER,
                ADMIN, null));
        assertThatThrownBy(() -> LedgerConfig.fromEnv(Map.of())).hasMessageContaining("ADMIN_TOKEN");
    }

    @Test
    void everyVariableIsReadAndBlankMeansDefault() {
        final Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092");
        env.put("SCHEMA_REGISTRY_URL", "mock://scope");
        env.put("LEDGER_PORT", "0");
        env.put("LEDGER_HOST", "ledger-2");
        env.put("LEDGER_LISTEN_HOST", "127.0.0.1");
        env.put("LEDGER_STATE_DIR", "/var/lib/ledger");
        env.put("LEDGER_APPLICATION_ID", "ledger-test");
        env.put("TOPIC_PREFIX", "t1-");
        env.put("LEDGER_PROCESSING_GUARANTEE", StreamsConfig.AT_LEAST_ONCE);
        env.put("LEDGER_COMMIT_INTERVAL_MS", " 200 ");
        env.put("LEDGER_THREADS", "4");
        env.put("LEDGER_SESSION_TIMEOUT_MS", "6000");
        env.put("LEDGER_INSTANCE_ID", "ledger-2.eu");
        env.put("TOPIC_REPLICATION_FACTOR", "3");
        env.put("TOPIC_MIN_INSYNC_REPLICAS", "2");
        env.put("ADMIN_TOKEN", ADMIN);
        env.put("FINANCE_TOKEN", "finance-token-0123456789");
        assertThat(env.keySet()).isEqualTo(LedgerConfig.VARIABLES);
        assertThat(LedgerConfig.fromEnv(env)).isEqualTo(new LedgerConfig("kafka:9092", "mock://scope", 0, "ledger-2", "127.0.0.1",
                Path.of("/var/lib/ledger"), "ledger-test", "t1-", StreamsConfig.AT_LEAST_ONCE, 200, 4, 6_000, "ledger-2.eu", new Replication((short) 3, 2),
                ADMIN, "finance-token-0123456789"));
        assertThat(LedgerConfig.fromEnv(Map.of("LEDGER_PORT", "  ", "KAFKA_BOOTSTRAP_SERVERS", "", "ADMIN_TOKEN", ADMIN)))
                .isEqualTo(LedgerConfig.fromEnv(Map.of("ADMIN_TOKEN", ADMIN)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "SCHEMA_REGISTRY_URL         | ftp://x       | SCHEMA_REGISTRY_URL",
            "LEDGER_PORT                 | 65536         | LEDGER_PORT",
            "LEDGER_PORT                 | -1            | LEDGER_PORT",
            "LEDGER_PORT                 | eighty        | LEDGER_PORT",
            "LEDGER_HOST                 | 'ledger 2'    | LEDGER_HOST",
            "LEDGER_LISTEN_HOST          | '*'           | LEDGER_LISTEN_HOST",
            "LEDGER_APPLICATION_ID       | ledger/1      | LEDGER_APPLICATION_ID",
            "TOPIC_PREFIX                | 't 1'         | TOPIC_PREFIX",
            "LEDGER_PROCESSING_GUARANTEE | exactly_once  | LEDGER_PROCESSING_GUARANTEE",
            "LEDGER_COMMIT_INTERVAL_MS   | 5             | LEDGER_COMMIT_INTERVAL_MS",
            "LEDGER_COMMIT_INTERVAL_MS   | 1.5           | LEDGER_COMMIT_INTERVAL_MS",
            "LEDGER_THREADS              | 0             | LEDGER_THREADS",
            "LEDGER_THREADS              | 65            | LEDGER_THREADS",
            "LEDGER_SESSION_TIMEOUT_MS   | 5999          | LEDGER_SESSION_TIMEOUT_MS",
            "LEDGER_SESSION_TIMEOUT_MS   | 300001        | LEDGER_SESSION_TIMEOUT_MS",
            "LEDGER_INSTANCE_ID          | 'ledger a'    | LEDGER_INSTANCE_ID",
            "TOPIC_REPLICATION_FACTOR    | 0             | TOPIC_REPLICATION_FACTOR",
            "TOPIC_MIN_INSYNC_REPLICAS   | 2             | TOPIC_MIN_INSYNC_REPLICAS",
    })
    void aBadValueIsRefusedWithTheVariableNamed(final String variable, final String value, final String named) {
        assertThatThrownBy(() -> LedgerConfig.fromEnv(Map.of(variable, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(named)
                .hasMessageContaining(value);
    }

    @Test
    void theStreamsPropertiesSpellOutEverySettingThatProtectsMoney() {
        final LedgerConfig config = LedgerConfig.fromEnv(Map.of("LEDGER_APPLICATION_ID", "ledger-a", "TOPIC_PREFIX", "t1-",
                "LEDGER_HOST", "10.0.0.7", "LEDGER_SESSION_TIMEOUT_MS", "6000", "ADMIN_TOKEN", ADMIN));
        final Properties p = config.toStreamsProperties(18082);

        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
        assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG))).isEqualTo("all");
        assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG))).isEqualTo(true);
        assertThat(p.get(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG))).isEqualTo("read_committed");
        assertThat(p.get(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG)).isEqualTo(true);

        assertThat(p.get(StreamsConfig.APPLICATION_ID_CONFIG)).isEqualTo("ledger-a");
        assertThat(p.get(StreamsConfig.APPLICATION_SERVER_CONFIG)).isEqualTo("10.0.0.7:18082");
        assertThat(p.get(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG)).isEqualTo(DeadLetterDeserializationHandler.class);
        assertThat(p.get(DeadLetterDeserializationHandler.DEAD_LETTER_TOPIC)).isEqualTo("t1-dead-letters");
        assertThat(p.get(AvroSerdes.SCHEMA_REGISTRY_URL)).isEqualTo("http://127.0.0.1:8081");
        assertThat(p.get(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG))).isEqualTo(6_000);
        assertThat(p.get(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG))).isEqualTo(2_000);
        assertThat(Path.of((String) p.get(StreamsConfig.STATE_DIR_CONFIG))).isAbsolute();
        assertThat(p).doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        assertThat(p.get(StreamsConfig.REPLICATION_FACTOR_CONFIG)).isEqualTo(1);
        assertThat(LedgerConfig.fromEnv(Map.of("TOPIC_REPLICATION_FACTOR", "3", "TOPIC_MIN_INSYNC_REPLICAS", "2", "ADMIN_TOKEN", ADMIN)).toStreamsProperties(1))
                .containsEntry(StreamsConfig.REPLICATION_FACTOR_CONFIG, 3).containsEntry("topic.min.insync.replicas", "2");
        assertThat(config.toStreamsProperties(18082, "ledger-7").get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)).isEqualTo("ledger-7");
        // Kafka itself accepts the result.
        assertThat(new StreamsConfig(p).getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("exactly_once_v2");
    }

    @Test
    void atLeastOnceIsWrittenOutToo() {
        final Properties p = LedgerConfig.fromEnv(Map.of("LEDGER_PROCESSING_GUARANTEE", "at_least_once", "ADMIN_TOKEN", ADMIN)).toStreamsProperties(1);
        assertThat(p.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG)).isEqualTo("at_least_once");
        assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG))).isEqualTo("all");
    }

    @Test
    void anInstanceIdIsGeneratedOnceAndKeptWithTheStateUnlessConfigured(@TempDir final Path dir) throws Exception {
        final LedgerConfig generated = LedgerConfig.fromEnv(Map.of("LEDGER_STATE_DIR", dir.resolve("state").toString(), "ADMIN_TOKEN", ADMIN));
        final String first = InstanceId.resolve(generated);
        assertThat(first).matches("ledger-[0-9a-f]{8}");
        assertThat(InstanceId.resolve(generated)).as("the same state, the same member").isEqualTo(first);
        assertThat(Files.readString(dir.resolve("state").resolve(InstanceId.FILE)).trim()).isEqualTo(first);
        assertThat(InstanceId.resolve(LedgerConfig.fromEnv(Map.of("LEDGER_STATE_DIR", dir.resolve("other").toString(), "ADMIN_TOKEN", ADMIN))))
                .as("another state directory, another member").isNotEqualTo(first);
        assertThat(InstanceId.resolve(LedgerConfig.fromEnv(Map.of("LEDGER_STATE_DIR", dir.resolve("state").toString(),
                "LEDGER_INSTANCE_ID", "ledger-0", "ADMIN_TOKEN", ADMIN)))).isEqualTo("ledger-0");
    }
}

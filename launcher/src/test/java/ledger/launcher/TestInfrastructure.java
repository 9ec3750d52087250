package ledger.launcher;

import java.util.UUID;

import ledger.embedded.SharedInfrastructure;
import ledger.schemas.registry.SchemaRegistryServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * What an end-to-end test runs on: a Kafka cluster, a Confluent-API schema registry and PostgreSQL, from one of two
 * sources, so the same assertions run on both:
 * <ul>
 *   <li>{@link #embedded()}: the broker and database this JVM shares ({@link SharedInfrastructure}) and a registry of
 *       the project's own on a topic of the test's own;</li>
 *   <li>{@link #containers()}: Testcontainers with the images docker-compose.yml runs (apache/kafka, Confluent's
 *       cp-schema-registry, postgres), started once per JVM, where a Docker engine exists.</li>
 * </ul>
 */
interface TestInfrastructure extends AutoCloseable {

    String KAFKA_IMAGE = "apache/kafka:4.1.0";
    String REGISTRY_IMAGE = "confluentinc/cp-schema-registry:7.7.1";
    String POSTGRES_IMAGE = "postgres:16";

    String name();

    String kafkaBootstrapServers();

    String schemaRegistryUrl();

    String jdbcUrl();

    String databaseUser();

    String databasePassword();

    /** Stops what this instance started for one test (not what is shared by the JVM). */
    @Override
    void close();

    static TestInfrastructure embedded() {
        return new Embedded();
    }

    /** Whether a Docker engine answers here; when not, the container variant of a test is skipped and says so. */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (final RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The containers, started on first use and stopped when the JVM exits (Testcontainers' Ryuk reaps them too). */
    static TestInfrastructure containers() {
        return Containers.shared();
    }

    /** The embedded broker and database of this JVM, and a registry of this test's own. */
    final class Embedded implements TestInfrastructure {
        private final SchemaRegistryServer registry = SchemaRegistryServer.start(SharedInfrastructure.kafka().bootstrapServers(),
                "schemas-" + UUID.randomUUID().toString().substring(0, 8), 0);

        @Override public String name() { return "embedded"; }
        @Override public String kafkaBootstrapServers() { return SharedInfrastructure.kafka().bootstrapServers(); }
        @Override public String schemaRegistryUrl() { return registry.url(); }
        @Override public String jdbcUrl() { return SharedInfrastructure.postgres().jdbcUrl(); }
        @Override public String databaseUser() { return SharedInfrastructure.postgres().user(); }
        @Override public String databasePassword() { return SharedInfrastructure.postgres().password(); }
        @Override public void close() { registry.close(); }
    }

    /** apache/kafka, cp-schema-registry and postgres containers on one network. */
    final class Containers implements TestInfrastructure {
        private static final Logger log = LoggerFactory.getLogger(Containers.class);
        private static Containers shared;

        private final KafkaContainer kafka;
        private final GenericContainer<?> registry;
        private final PostgreSQLContainer postgres;

        private Containers() {
            final Network network = Network.newNetwork();
            kafka = new KafkaContainer(KAFKA_IMAGE).withNetwork(network).withNetworkAliases("kafka")
                    .withListener("kafka:19092");
            postgres = new PostgreSQLContainer(POSTGRES_IMAGE).withNetwork(network);
            kafka.start();
            registry = new GenericContainer<>(REGISTRY_IMAGE).withNetwork(network).withExposedPorts(8081)
                    .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                    .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                    .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                    .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
            registry.start();
            postgres.start();
            log.info("containers up: Kafka {}, registry {}, PostgreSQL {}", kafka.getBootstrapServers(), schemaRegistryUrl(), postgres.getJdbcUrl());
        }

        static synchronized Containers shared() {
            if (shared == null) {
                shared = new Containers();
                final Containers started = shared;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    started.registry.stop();
                    started.kafka.stop();
                    started.postgres.stop();
                }, "test-containers-stop"));
            }
            return shared;
        }

        @Override public String name() { return "containers"; }
        @Override public String kafkaBootstrapServers() { return kafka.getBootstrapServers(); }
        @Override public String schemaRegistryUrl() { return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081); }
        @Override public String jdbcUrl() { return postgres.getJdbcUrl(); }
        @Override public String databaseUser() { return postgres.getUsername(); }
        @Override public String databasePassword() { return postgres.getPassword(); }
        @Override public void close() { }
    }
}

package ledger.bench.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import ledger.embedded.EmbeddedKafka;
import ledger.embedded.EmbeddedPostgres;
import ledger.schemas.registry.SchemaRegistryServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What the benchmarks run on, in this JVM and on 127.0.0.1: a real Kafka broker and the real schema registry server
 * on it, and for the report benchmarks an embedded PostgreSQL. Their data lives in a fresh directory under
 * {@code bench/target/tmp} ({@code dir}; benchmarks may keep their own state below it), deleted on close.
 *
 * @param postgres null for a stack started without PostgreSQL
 */
public record EmbeddedStack(Path dir, EmbeddedKafka kafka, SchemaRegistryServer registry, EmbeddedPostgres postgres) implements AutoCloseable {

    /** Kafka and the schema registry, with data in a new directory named after {@code name}. */
    public static EmbeddedStack start(final String name) throws IOException {
        return start(name, false);
    }

    /** Kafka, the schema registry and PostgreSQL (data in {@link #postgresDir()}). */
    public static EmbeddedStack startWithPostgres(final String name) throws IOException {
        return start(name, true);
    }

    private static EmbeddedStack start(final String name, final boolean withPostgres) throws IOException {
        final Path tmp = Path.of(System.getProperty("bench.dir", "target")).toAbsolutePath().resolve("tmp");
        Files.createDirectories(tmp);
        final Path dir = Files.createTempDirectory(tmp, name);
        EmbeddedKafka kafka = null;
        SchemaRegistryServer registry = null;
        try {
            kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0);
            registry = SchemaRegistryServer.start(kafka.bootstrapServers(), SchemaRegistryServer.DEFAULT_TOPIC, 0);
            final EmbeddedPostgres postgres = withPostgres ? EmbeddedPostgres.start(dir.resolve("postgres"), 0) : null;
            return new EmbeddedStack(dir, kafka, registry, postgres);
        } catch (final RuntimeException e) {
            if (registry != null) {
                registry.close();
            }
            if (kafka != null) {
                kafka.close();
            }
            deleteRecursively(dir);
            throw e;
        }
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    /**
     * The offsets a read_committed consumer reads up to, of every partition of these topics: for a topic written
     * without transactions, the number of records in each partition.
     */
    public Map<TopicPartition, Long> endOffsets(final List<String> topicNames) throws ExecutionException, InterruptedException, TimeoutException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topicNames).allTopicNames().get(30, TimeUnit.SECONDS).forEach((name, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
            final Map<TopicPartition, Long> end = new HashMap<>();
            admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> end.put(partition, info.offset()));
            return end;
        }
    }

    /** The PostgreSQL of a stack started {@link #startWithPostgres with PostgreSQL}. */
    @Override
    public EmbeddedPostgres postgres() {
        if (postgres == null) {
            throw new IllegalStateException("this stack was started without PostgreSQL");
        }
        return postgres;
    }

    /** PostgreSQL's data directory, by which {@link CpuUsage#mark(Path)} finds its processes. */
    public Path postgresDir() {
        return dir.resolve("postgres");
    }

    @Override
    public void close() {
        try {
            registry.close();
            kafka.close();
            if (postgres != null) {
                postgres.close();
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    /** Deletes {@code dir} and everything below it, if it exists. */
    public static void deleteRecursively(final Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package ledger.platform.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import ledger.config.Replication;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compacted, single-partition topic of string keys and string values, followed from the beginning by a reader
 * thread that hands every record to a {@link Listener}. Every gateway instance follows the same topics, so a write
 * on one instance reaches all of them without a restart. A {@code null} value is a tombstone.
 */
public final class CompactedTopic implements AutoCloseable {

    /** Receives every record of the topic, in offset order, on the reader thread. */
    @FunctionalInterface
    public interface Listener {
        void apply(String key, String valueOrNull, long offset);
    }

    /** How values are written: JSON, ISO-8601 instants, unknown properties ignored so older readers keep working. */
    public static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private static final Logger log = LoggerFactory.getLogger(CompactedTopic.class);

    private final String topic;
    private final TopicPartition partition;
    private final Listener listener;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;
    private final BackgroundSends background;
    private volatile long nextOffset;
    private volatile boolean running = true;

    private CompactedTopic(final String bootstrapServers, final String topic, final Listener listener) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.listener = listener;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                new StringSerializer(), new StringSerializer());
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        this.reader = new Thread(this::readForever, topic + "-reader");
        this.reader.setDaemon(true);
        this.background = new BackgroundSends(topic + "-writer", 1_000);
    }

    /**
     * Creates the topic if needed, reads it to its current end (every record reaches {@code listener} before this
     * returns) and keeps following it.
     */
    public static CompactedTopic open(final String bootstrapServers, final String topic, final Listener listener, final Duration loadTimeout) {
        createIfMissing(bootstrapServers, topic);
        final CompactedTopic compacted = new CompactedTopic(bootstrapServers, topic, listener);
        compacted.consumer.assign(List.of(compacted.partition));
        compacted.consumer.seekToBeginning(List.of(compacted.partition));
        final long end = compacted.consumer.endOffsets(List.of(compacted.partition)).get(compacted.partition);
        compacted.reader.start();
        compacted.awaitOffset(end, loadTimeout);
        return compacted;
    }

    /** Writes durably (acks=all) and returns once this instance's listener has seen the record. */
    public void write(final String key, final String valueOrNull) {
        final RecordMetadata written;
        try {
            written = producer.send(new ProducerRecord<>(topic, 0, key, valueOrNull)).get(20, TimeUnit.SECONDS);
        } catch (final ExecutionException | TimeoutException e) {
            throw new StoreUnavailableException("cannot write " + key + " to " + topic + ": Kafka did not acknowledge", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted", e);
        }
        awaitOffset(written.offset() + 1, Duration.ofSeconds(20));
    }

    /**
     * Hands the write to a background thread and returns at once, so a caller on a request thread never waits for
     * Kafka, not even for metadata while the broker is away. A failure, or a write dropped because too many are
     * already waiting, is logged and otherwise ignored: this is for information that is written again anyway.
     */
    public void writeInBackground(final String key, final String value) {
        background.submit(key, () -> producer.send(new ProducerRecord<>(topic, 0, key, value), (metadata, failure) -> {
            if (failure != null) {
                log.warn("could not write {} to {}: {}", key, topic, failure.toString());
            }
        }));
    }

    private void awaitOffset(final long offset, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (nextOffset < offset) {
                final long waitMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (waitMs <= 0) {
                    throw new StoreUnavailableException(topic + " was not read up to offset " + offset + " in " + timeout, null);
                }
                try {
                    wait(waitMs);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StoreUnavailableException("interrupted", e);
                }
            }
        }
    }

    private void readForever() {
        try {
            while (running) {
                for (final ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    listener.apply(record.key(), record.value(), record.offset());
                }
                final long position = consumer.position(partition);
                synchronized (this) {
                    nextOffset = position;
                    notifyAll();
                }
            }
        } catch (final WakeupException e) {
            // closing
        } catch (final RuntimeException e) {
            log.error("reader of {} stopped; changes are no longer followed", topic, e);
        } finally {
            consumer.close();
        }
    }

    /**
     * Creates each of {@code topics} that is missing as a single-partition compacted topic with {@code replication},
     * then refuses (naming them) any that exist with fewer replicas or a lower {@code min.insync.replicas}: a
     * service's stores are as durable as its business topics. {@link #open} alone would create them with the broker's
     * defaults.
     */
    public static void createAll(final String bootstrapServers, final Collection<String> topics, final Replication replication) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Topics.createMissing(admin, topics.stream().map(name -> new NewTopic(name, Optional.of(1), Optional.of(replication.factor()))
                    .configs(Map.of("cleanup.policy", "compact", "min.insync.replicas", Integer.toString(replication.minInsyncReplicas()))))
                    .toList(), Duration.ofSeconds(30));
            Topics.requireReplication(admin, topics, replication);
        }
    }

    private static void createIfMissing(final String bootstrapServers, final String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Topics.createMissing(admin, List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                    .configs(Map.of("cleanup.policy", "compact"))), Duration.ofSeconds(30));
        }
    }

    @Override
    public void close() {
        background.close();
        running = false;
        consumer.wakeup();
        try {
            reader.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}

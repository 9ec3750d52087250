package ledger.gateway.organizations;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Organization integrations kept in a compacted, single-partition topic and mirrored in memory by every
 * gateway instance, so a connect, a secret rotation or a disconnect on one instance reaches all of them
 * without a restart. Values are JSON; the API Secret inside is AES-GCM ciphertext. A disconnect is a tombstone.
 */
public final class IntegrationStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IntegrationStore.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String topic;
    private final TopicPartition partition;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Map<String, Integration> byOrg = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile long nextOffset;
    private volatile boolean running = true;

    private IntegrationStore(final String bootstrapServers, final String topic) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000),
                new StringSerializer(), new StringSerializer());
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        this.reader = new Thread(this::readForever, "integration-store-reader");
        this.reader.setDaemon(true);
    }

    /** Creates the topic if needed, loads every integration, and keeps following the topic. */
    public static IntegrationStore open(final String bootstrapServers, final String topic, final Duration loadTimeout) {
        createTopic(bootstrapServers, topic);
        final IntegrationStore store = new IntegrationStore(bootstrapServers, topic);
        store.consumer.assign(List.of(store.partition));
        store.consumer.seekToBeginning(List.of(store.partition));
        final long end = store.consumer.endOffsets(List.of(store.partition)).get(store.partition);
        store.reader.start();
        store.awaitOffset(end, loadTimeout);
        log.info("loaded {} organization integration(s) from {}", store.byOrg.size(), topic);
        return store;
    }

    public Optional<Integration> find(final String orgId) {
        return Optional.ofNullable(byOrg.get(orgId));
    }

    /** Stores {@code integration} durably and returns once this instance sees it. */
    public void put(final Integration integration) {
        try {
            write(integration.orgId(), JSON.writeValueAsString(integration));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes the organization's integration (a tombstone) and returns once this instance sees it. */
    public void remove(final String orgId) {
        write(orgId, null);
    }

    private void write(final String orgId, final String value) {
        final RecordMetadata written;
        try {
            written = producer.send(new ProducerRecord<>(topic, 0, orgId, value)).get(20, TimeUnit.SECONDS);
        } catch (final ExecutionException | TimeoutException e) {
            throw new StoreUnavailableException("cannot store the integration of " + orgId + ": Kafka did not acknowledge", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted", e);
        }
        awaitOffset(written.offset() + 1, Duration.ofSeconds(20));
    }

    private void awaitOffset(final long offset, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (nextOffset < offset) {
                final long waitMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (waitMs <= 0) {
                    throw new StoreUnavailableException("integration store did not catch up to offset " + offset + " in " + timeout, null);
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
                    apply(record);
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
            log.error("integration store reader stopped; integrations are no longer updated", e);
        } finally {
            consumer.close();
        }
    }

    private void apply(final ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            byOrg.remove(record.key());
            return;
        }
        try {
            byOrg.put(record.key(), JSON.readValue(record.value(), Integration.class));
        } catch (final JsonProcessingException e) {
            log.error("skipping unreadable integration record for {} at offset {}", record.key(), record.offset());
        }
    }

    private static void createTopic(final String bootstrapServers, final String topic) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, Optional.of(1), Optional.empty())
                        .configs(Map.of("cleanup.policy", "compact")))).all().get(30, TimeUnit.SECONDS);
            }
        } catch (final ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + topic + ": " + e.getCause().getMessage(), e);
            }
        } catch (final TimeoutException e) {
            throw new IllegalStateException("Kafka not reachable to create " + topic, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
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

package ledger.schemas.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's state, kept in a compacted single-partition Kafka topic and mirrored in memory.
 *
 * <p>A reader thread consumes the topic from the beginning for as long as the store is open and folds every
 * record into {@link RegistryState}; {@link #open} returns only once it has caught up with the end of the
 * topic, so ids and versions survive a restart. {@link #write} produces with {@code acks=all} and idempotence,
 * then waits until the reader has applied the write: an answer given after a write reflects it
 * (read-your-writes), and the memory never holds anything the topic does not.
 *
 * <p>Thread-safe. One lock guards the state and the reader's position; callers that must check and write
 * atomically (only one writer per topic is supported) serialize themselves, see {@link SchemaRegistry}.
 */
final class SchemaStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaStore.class);

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    /** Bounded so a registry whose broker is gone answers an error before its HTTP clients give up. */
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(200);

    private final String topic;
    private final TopicPartition partition;
    private final KafkaProducer<String, String> producer;
    private final KafkaConsumer<String, String> consumer;
    private final Thread reader;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition advanced = lock.newCondition();
    private final RegistryState state = new RegistryState();
    /** Guarded by {@link #lock}: the next offset the reader will apply; everything before it is in {@link #state}. */
    private long position;
    /** Guarded by {@link #lock}: why the reader stopped, if it stopped on its own. */
    private RuntimeException readerFailure;
    private volatile boolean closed;

    private SchemaStore(final String bootstrapServers, final String topic) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-writer-" + topic,
                // The topic is the only copy of the registry: a write counts once every in-sync replica has it.
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis()),
                new StringSerializer(), new StringSerializer());
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-reader-" + topic,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer());
        this.reader = new Thread(this::readLoop, "schema-registry-reader-" + topic);
        this.reader.setDaemon(true);
    }

    /**
     * Creates the topic if missing, reads it to its end and keeps following it.
     *
     * @param replicationFactor of a new topic; empty for the broker's default
     */
    static SchemaStore open(final String bootstrapServers, final String topic, final Optional<Short> replicationFactor) {
        SchemasTopic.ensure(bootstrapServers, topic, replicationFactor);
        final SchemaStore store = new SchemaStore(bootstrapServers, topic);
        try {
            store.catchUp();
            return store;
        } catch (final RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private void catchUp() {
        final long started = System.nanoTime();
        // No consumer group: every registry instance reads the whole topic, and there are no offsets to commit.
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        final long end = consumer.endOffsets(List.of(partition), STARTUP_TIMEOUT).get(partition);
        reader.start();
        try {
            awaitApplied(end, STARTUP_TIMEOUT);
        } catch (final RegistryError e) {
            throw new IllegalStateException("schema topic " + topic + " not read to its end offset " + end
                    + ": " + e.getMessage(), e);
        }
        log.info("Read schema topic {} to offset {} in {} ms", topic, end,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /** Runs {@code query} on the current state; the result must not keep a reference to the state. */
    <T> T read(final Function<RegistryState, T> query) {
        lock.lock();
        try {
            return query.apply(state);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Appends {@code records} to the topic in order and returns once the reader has applied them.
     *
     * @throws RegistryError 50001 when Kafka refused the write, 50002 when it or the read-back timed out
     */
    void write(final List<StoreRecord> records) {
        final List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        try {
            for (final StoreRecord record : records) {
                sent.add(producer.send(new ProducerRecord<>(topic, 0,
                        StoreRecordCodec.key(record), StoreRecordCodec.value(record))));
            }
            long last = -1;
            for (final Future<RecordMetadata> future : sent) {
                last = Math.max(last, future.get(WRITE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).offset());
            }
            awaitApplied(last + 1, WRITE_TIMEOUT);
        } catch (final ExecutionException e) {
            throw RegistryError.storeError("write to " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (final KafkaException e) {
            throw RegistryError.storeError("write to " + topic + " failed: " + e.getMessage(), e);
        } catch (final TimeoutException e) {
            throw RegistryError.timeout("write to " + topic + " not acknowledged within " + WRITE_TIMEOUT.toMillis() + " ms");
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.storeError("interrupted while writing to " + topic, e);
        }
    }

    private void awaitApplied(final long offsetExclusive, final Duration timeout) {
        lock.lock();
        try {
            long remainingNanos = timeout.toNanos();
            while (position < offsetExclusive) {
                if (readerFailure != null) {
                    throw RegistryError.storeError("reader of " + topic + " stopped: " + readerFailure.getMessage(), readerFailure);
                }
                if (remainingNanos <= 0) {
                    throw RegistryError.timeout("reader of " + topic + " at offset " + position
                            + ", not yet at " + offsetExclusive + " after " + timeout.toMillis() + " ms");
                }
                remainingNanos = advanced.awaitNanos(remainingNanos);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RegistryError.storeError("interrupted while waiting for the reader of " + topic, e);
        } finally {
            lock.unlock();
        }
    }

    private void readLoop() {
        try {
            while (!closed) {
                final ConsumerRecords<String, String> records = consumer.poll(POLL_TIMEOUT);
                // The position, not the last offset + 1: compaction leaves gaps, and an empty poll at the
                // end of the topic must still tell waiters that everything before the end is applied.
                final long next = consumer.position(partition);
                lock.lock();
                try {
                    for (final ConsumerRecord<String, String> record : records) {
                        apply(record);
                    }
                    position = next;
                    advanced.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (final WakeupException e) {
            if (!closed) {
                stopReader(new IllegalStateException("reader woken up unexpectedly", e));
            }
        } catch (final RuntimeException e) {
            log.error("Reader of schema topic {} stopped; writes will fail until restart", topic, e);
            stopReader(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Called with the lock held. */
    private void apply(final ConsumerRecord<String, String> record) {
        final StoreRecord decoded;
        try {
            decoded = StoreRecordCodec.decode(record.key(), record.value());
        } catch (final IllegalArgumentException e) {
            // Confluent's registry skips records it cannot read too: one foreign record must not take the
            // registry of every service down. It is logged with its offset so an operator can look at it.
            log.warn("Skipping record at offset {} of schema topic {}: {}", record.offset(), topic, e.getMessage());
            return;
        }
        state.apply(decoded);
    }

    private void stopReader(final RuntimeException failure) {
        lock.lock();
        try {
            readerFailure = failure;
            advanced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops reading and writing; a second call does nothing. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (reader.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
        } else {
            // The reader owns the consumer once started and closes it on its way out.
            consumer.wakeup();
            try {
                reader.join(TimeUnit.SECONDS.toMillis(10));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        producer.close(Duration.ofSeconds(5));
    }
}

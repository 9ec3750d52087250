package ledger.report.sink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import ledger.events.PaymentEvent;
import ledger.events.ShiftEvent;
import ledger.report.persistence.PaymentRow;
import ledger.report.persistence.ShiftEventRow;
import ledger.report.persistence.SinkStore;
import ledger.report.persistence.StoredOffset;
import ledger.schemas.serde.SchemaRegistryException;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one consumer loop that copies the {@code payments} and {@code shift-events} topics into PostgreSQL.
 *
 * <p>Guarantees: each poll batch is stored with the partitions' next offsets in one database transaction, and on
 * every partition assignment the consumer seeks to those stored offsets (to the beginning when there are none), so
 * the report is exactly what the topics say no matter when the process stops; Kafka's committed offsets are written
 * only for monitoring and never read. Rows are idempotent by event id, so replaying any range changes nothing.
 * A record that cannot be deserialized is logged with its coordinates, counted and skipped; when the database or the
 * schema registry is unavailable the batch is read again after a growing pause and offsets do not move.
 *
 * <p>Threading: the consumer is touched only by the sink thread (rebalance callbacks run inside {@code poll}), except
 * for {@link Consumer#wakeup()} from {@link #close()}.
 */
public final class ReportSink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReportSink.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;
    private final String paymentsTopic;
    private final String shiftEventsTopic;
    private final Deserializer<PaymentEvent> paymentDeserializer;
    private final Deserializer<ShiftEvent> shiftDeserializer;
    private final String groupId;
    private final SinkStore store;
    private final SinkMetrics metrics;
    private final SinkStatus status;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Thread thread;
    private final CountDownLatch closeRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    /** Assigned partitions whose stored offsets could not be read yet; they stay paused until they can. */
    private final Set<TopicPartition> awaitingSeek = new HashSet<>();
    private volatile boolean closing;

    private ReportSink(final Consumer<byte[], byte[]> consumer, final Topics topics, final String groupId,
                       final SinkStore store, final MeterRegistry registry, final SinkStatus status,
                       final Duration initialBackoff, final Duration maxBackoff) {
        this.consumer = consumer;
        this.paymentsTopic = topics.payments().name();
        this.shiftEventsTopic = topics.shiftEvents().name();
        this.paymentDeserializer = topics.payments().valueSerde().deserializer();
        this.shiftDeserializer = topics.shiftEvents().valueSerde().deserializer();
        this.groupId = groupId;
        this.store = store;
        this.metrics = new SinkMetrics(registry);
        this.status = status;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.thread = new Thread(this::run, "report-sink-" + groupId);
    }

    /**
     * Subscribes {@code consumer} (which this sink then owns and closes) and starts the loop on its own thread.
     *
     * @param initialBackoff first pause after a failed batch; doubled up to {@code maxBackoff}
     */
    public static ReportSink start(final Consumer<byte[], byte[]> consumer, final Topics topics, final String groupId,
                                   final SinkStore store, final MeterRegistry registry, final SinkStatus status,
                                   final Duration initialBackoff, final Duration maxBackoff) {
        final ReportSink sink = new ReportSink(consumer, topics, groupId, store, registry, status, initialBackoff, maxBackoff);
        sink.thread.start();
        return sink;
    }

    /** Stops the loop after the current batch and closes the consumer; a second call only waits. */
    @Override
    public void close() {
        closing = true;
        closeRequested.countDown();
        consumer.wakeup();
        try {
            if (!stopped.await(15, TimeUnit.SECONDS)) {
                log.warn("report sink did not stop within 15 s");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            consumer.subscribe(List.of(paymentsTopic, shiftEventsTopic), new SeekToStoredOffsets());
            Duration backoff = initialBackoff;
            while (!closing) {
                final boolean progressed = awaitingSeek.isEmpty() || seekToStoredOffsets();
                if (progressed) {
                    final ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL_TIMEOUT);
                    status.polled();
                    status.assigned(consumer.assignment().size());
                    if (records.isEmpty() && records.nextOffsets().isEmpty()) {
                        continue;
                    }
                    if (storeBatch(records)) {
                        backoff = initialBackoff;
                        continue;
                    }
                    rewind(records);
                }
                metrics.retry();
                if (closeRequested.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
                backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
            }
        } catch (final WakeupException e) {
            if (!closing) {
                log.error("report sink woken up unexpectedly; stopping", e);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final RuntimeException e) {
            // Kafka errors that retrying cannot fix (authorization, fencing, bugs): stop loudly, readiness turns red.
            log.error("report sink stopped on an unrecoverable error", e);
        } finally {
            status.assigned(0);
            try {
                consumer.close(Duration.ofSeconds(5));
            } catch (final RuntimeException e) {
                log.warn("closing the report sink's consumer failed: {}", e.toString());
            }
            stopped.countDown();
        }
    }

    /** Stores one poll batch and its next offsets atomically; {@code false} when it must be read again. */
    private boolean storeBatch(final ConsumerRecords<byte[], byte[]> records) {
        final List<PaymentRow> payments = new ArrayList<>();
        final List<ShiftEventRow> shiftEvents = new ArrayList<>();
        try {
            for (final ConsumerRecord<byte[], byte[]> record : records) {
                if (record.topic().equals(paymentsTopic)) {
                    decode(record, paymentDeserializer).map(EventRows::payment).ifPresent(payments::add);
                } else if (record.topic().equals(shiftEventsTopic)) {
                    decode(record, shiftDeserializer).map(EventRows::shift).ifPresent(shiftEvents::add);
                }
            }
        } catch (final TransientReadFailure e) {
            log.warn("cannot read batch now, will retry: {}", e.getMessage());
            return false;
        }
        final List<StoredOffset> offsets = new ArrayList<>();
        for (final Map.Entry<TopicPartition, OffsetAndMetadata> next : records.nextOffsets().entrySet()) {
            offsets.add(new StoredOffset(next.getKey().topic(), next.getKey().partition(), next.getValue().offset()));
        }
        final SinkStore.BatchCounts counts;
        final long started = System.nanoTime();
        try {
            counts = store.storeBatch(groupId, payments, shiftEvents, offsets);
        } catch (final RuntimeException e) {
            log.warn("storing a batch of {} records failed, will retry without moving offsets: {}", records.count(), e.toString());
            return false;
        }
        metrics.batchLatency().record(Duration.ofNanos(System.nanoTime() - started));
        metrics.stored(paymentsTopic, counts.paymentsStored());
        metrics.duplicates(paymentsTopic, counts.paymentDuplicates());
        metrics.stored(shiftEventsTopic, counts.shiftEventsStored());
        metrics.duplicates(shiftEventsTopic, counts.shiftEventDuplicates());
        status.committed();
        // Only so that kafka-consumer-groups shows lag; the offsets that count are the ones just stored.
        consumer.commitAsync(records.nextOffsets(), (committed, error) -> {
            if (error != null) {
                log.debug("monitoring commit to Kafka failed: {}", error.toString());
            }
        });
        return true;
    }

    private <T> Optional<T> decode(final ConsumerRecord<byte[], byte[]> record, final Deserializer<T> deserializer) {
        try {
            final T value = deserializer.deserialize(record.topic(), record.headers(), record.value());
            if (value == null) {
                log.warn("skipping record without a value at {}-{}@{}", record.topic(), record.partition(), record.offset());
                metrics.undeserializable(record.topic());
            }
            return Optional.ofNullable(value);
        } catch (final RuntimeException e) {
            if (registryUnavailable(e)) {
                throw new TransientReadFailure(record, e);
            }
            log.warn("skipping undeserializable record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), e.getMessage());
            metrics.undeserializable(record.topic());
            return Optional.empty();
        }
    }

    /** Seeks every partition of the failed batch back to its first record, so the next poll returns it again. */
    private void rewind(final ConsumerRecords<byte[], byte[]> records) {
        final Set<TopicPartition> assignment = consumer.assignment();
        for (final TopicPartition partition : records.partitions()) {
            final List<ConsumerRecord<byte[], byte[]>> batch = records.records(partition);
            if (!batch.isEmpty() && assignment.contains(partition)) {
                consumer.seek(partition, batch.get(0).offset());
            }
        }
    }

    /** Seeks the partitions awaiting it to their stored offsets and resumes them; {@code false} if the store failed. */
    private boolean seekToStoredOffsets() {
        final Map<TopicPartition, Long> stored = new HashMap<>();
        try {
            for (final StoredOffset offset : store.offsets(groupId)) {
                stored.put(new TopicPartition(offset.topic(), offset.partition()), offset.nextOffset());
            }
        } catch (final RuntimeException e) {
            log.warn("cannot read stored offsets, {} partitions stay paused: {}", awaitingSeek.size(), e.toString());
            return false;
        }
        final List<TopicPartition> fromBeginning = new ArrayList<>();
        for (final TopicPartition partition : awaitingSeek) {
            final Long next = stored.get(partition);
            if (next == null) {
                fromBeginning.add(partition);
            } else {
                consumer.seek(partition, next);
            }
        }
        if (!fromBeginning.isEmpty()) {
            consumer.seekToBeginning(fromBeginning);
        }
        log.info("sink {} positioned {} partitions from stored offsets ({} from the beginning)", groupId, awaitingSeek.size(), fromBeginning.size());
        consumer.resume(awaitingSeek);
        awaitingSeek.clear();
        return true;
    }

    private static boolean registryUnavailable(final Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SchemaRegistryException registryError) {
                final int code = registryError.errorCode();
                // -1: not reached; 5xx / 5xxxx: the registry's own trouble. A missing schema (404xx) is the record's fault.
                return code == -1 || (code >= 500 && code < 600) || (code >= 50_000 && code < 60_000);
            }
        }
        return false;
    }

    /** A record could not be read for a reason outside the record (the registry is down): retry the batch. */
    private static final class TransientReadFailure extends RuntimeException {
        TransientReadFailure(final ConsumerRecord<byte[], byte[]> record, final Throwable cause) {
            super("record " + record.topic() + "-" + record.partition() + "@" + record.offset() + ": " + cause.getMessage(), cause);
        }
    }

    /** Positions newly assigned partitions from the store, never from Kafka's committed offsets. */
    private final class SeekToStoredOffsets implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(final Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            // Paused first so that nothing is fetched from a position we did not choose.
            consumer.pause(partitions);
            awaitingSeek.addAll(partitions);
            seekToStoredOffsets();
        }

        @Override
        public void onPartitionsRevoked(final Collection<TopicPartition> partitions) {
            // Every batch is stored before the next poll, so there is nothing to flush here.
            awaitingSeek.removeAll(partitions);
        }

        @Override
        public void onPartitionsLost(final Collection<TopicPartition> partitions) {
            awaitingSeek.removeAll(partitions);
        }
    }
}

package ledger.bench.common;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes a benchmark's input before the measurement, with the producer settings of the services that publish it
 * in production: idempotent with acks=all, lz4, batches of up to 256 KiB lingering 10 ms. Values come serialized.
 * Sends do not wait for their acknowledgement; after the first failed one {@link #failed()} is true, and
 * {@link #close()} waits for every send and throws that failure.
 */
public final class InputPublisher implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    /** @param overrides producer settings to change, e.g. a larger buffer for a large input */
    public InputPublisher(final String bootstrapServers, final Map<String, Object> overrides) {
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.putAll(overrides);
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends one record with this timestamp (when the event happened). */
    public void send(final String topic, final long timestampMs, final String key, final byte[] value) {
        producer.send(new ProducerRecord<>(topic, null, timestampMs, key, value), (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    /** Whether a send failed: the input is incomplete, and there is no point in sending more. */
    public boolean failed() {
        return failure.get() != null;
    }

    /** Waits for every send; throws if one failed. */
    @Override
    public void close() {
        try {
            producer.flush();
        } finally {
            producer.close();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("producing the input failed: " + failure.get(), failure.get());
        }
    }
}

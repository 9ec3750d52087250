package ledger.gateway.publish;

import ledger.platform.kafka.BackgroundSends;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ledger.events.PaymentEvent;
import ledger.schemas.topics.RecordTimestamps;
import ledger.schemas.topics.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes payment events to the payments topic with acks=all and an idempotent producer, keyed
 * {@code orgId:customerId} so a customer's events stay in order, timestamped with the payment's business
 * time so operators can replay "from 10:00". Timeouts are short enough that a dead broker turns into an
 * HTTP error well inside CloudPayments' 30-second limit.
 */
public final class KafkaPaymentPublisher implements PaymentPublisher {

    private static final Logger log = LoggerFactory.getLogger(KafkaPaymentPublisher.class);

    private final Topic<String, PaymentEvent> topic;
    private final KafkaProducer<String, PaymentEvent> producer;
    private final Admin admin;
    private final BackgroundSends background = new BackgroundSends("check-publisher", 10_000);

    public KafkaPaymentPublisher(final String bootstrapServers, final Topic<String, PaymentEvent> topic) {
        this.topic = topic;
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // Money settings, written out even where they are Kafka's defaults.
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        this.producer = new KafkaProducer<>(props, topic.keySerde().serializer(), topic.valueSerde().serializer());
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3_000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3_000));
    }

    @Override
    public void publish(final PaymentEvent event, final Duration timeout) throws PublishFailedException {
        try {
            producer.send(record(event)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final ExecutionException e) {
            throw new PublishFailedException("Kafka refused " + event.getEventId() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (final TimeoutException e) {
            throw new PublishFailedException("Kafka did not acknowledge " + event.getEventId() + " within " + timeout.toMillis() + " ms", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while publishing " + event.getEventId(), e);
        } catch (final RuntimeException e) {
            // send() itself throws when metadata cannot be fetched within max.block.ms or serialization fails.
            throw new PublishFailedException("cannot publish " + event.getEventId() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void publishAsync(final PaymentEvent event) {
        background.submit(event.getEventId().toString(), () -> producer.send(record(event), (metadata, error) -> {
            if (error != null) {
                log.warn("could not record {} (not retried by CloudPayments): {}", event.getEventId(), error.getMessage());
            }
        }));
    }

    private ProducerRecord<String, PaymentEvent> record(final PaymentEvent event) {
        final String key = event.getOrgId() + ":" + (event.getCustomerId() == null ? "" : event.getCustomerId());
        return new ProducerRecord<>(topic.name(), null, RecordTimestamps.of(event), key, event);
    }

    @Override
    public boolean reachable() {
        try {
            admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (final ExecutionException | TimeoutException e) {
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        background.close();
        producer.close(Duration.ofSeconds(10));
        admin.close(Duration.ofSeconds(2));
    }
}

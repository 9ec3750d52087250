package ledger.gateway.publish;

import java.time.Duration;

import ledger.events.PaymentEvent;

/**
 * Makes a payment event durable. {@link #publish} returns only once the event is acknowledged by every
 * in-sync replica, or throws: the webhook answers CloudPayments only after it returns.
 */
public interface PaymentPublisher extends AutoCloseable {

    /** Publishes and waits for the acknowledgement, at most {@code timeout}. */
    void publish(PaymentEvent event, Duration timeout) throws PublishFailedException;

    /**
     * Publishes without waiting, not even inside {@code send()}: returns at once whatever state Kafka is in. For Check
     * notifications, which CloudPayments never retries and must answer quickly; a record that cannot be sent is logged.
     */
    void publishAsync(PaymentEvent event);

    /** Whether Kafka answered recently; used by the readiness probe. */
    boolean reachable();

    @Override
    void close();
}

package ledger.report.app;

import ledger.events.ShiftEvent;

/**
 * Publishes shift events to the {@code shift-events} topic and returns only once the broker has acknowledged them.
 */
public interface ShiftPublisher extends AutoCloseable {

    /** @throws PublishFailedException when the event was not acknowledged in time */
    void publish(ShiftEvent event);

    @Override
    void close();

    /** The event may or may not have reached Kafka; the caller should report the failure, not assume either. */
    final class PublishFailedException extends RuntimeException {
        public PublishFailedException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }
}

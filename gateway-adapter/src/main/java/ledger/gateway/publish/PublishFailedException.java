package ledger.gateway.publish;

/** Kafka did not acknowledge an event in time; the webhook must answer an error so CloudPayments retries. */
public final class PublishFailedException extends Exception {

    public PublishFailedException(final String message, final Throwable cause) {
        super(message, cause);
    }
}

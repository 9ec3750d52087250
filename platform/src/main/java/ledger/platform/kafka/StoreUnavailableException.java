package ledger.platform.kafka;

/** A store on a Kafka topic could not durably record a change (Kafka unavailable), or could not read its topic. */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}

package ledger.gateway.organizations;

/** The integration store could not durably record a change (Kafka unavailable). */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}

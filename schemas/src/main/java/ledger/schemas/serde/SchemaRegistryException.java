package ledger.schemas.serde;

/** The registry refused a request or could not be reached; carries Confluent's error code when there is one. */
public final class SchemaRegistryException extends RuntimeException {

    private final int errorCode;

    public SchemaRegistryException(final int errorCode, final String message) {
        super(message);
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(final String message, final Throwable cause) {
        super(message, cause);
        this.errorCode = -1;
    }

    /** Confluent's {@code error_code} (40401, 40403, 409, 42201, ...), or -1 when the registry was not reached. */
    public int errorCode() {
        return errorCode;
    }
}

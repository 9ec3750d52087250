package ledger.operator;

/** An operation that could not be done (Kafka unreachable, a group still active, ...): exit code 1, the message says why. */
public final class OpsException extends RuntimeException {

    public OpsException(final String message) {
        super(message, null, false, false);
    }

    public OpsException(final String message, final Throwable cause) {
        super(message, cause, false, false);
    }
}

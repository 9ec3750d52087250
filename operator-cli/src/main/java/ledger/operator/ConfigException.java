package ledger.operator;

/** Bad configuration or usage, found before anything was changed: exit code 2, the message names the culprit. */
public final class ConfigException extends RuntimeException {

    public ConfigException(final String message) {
        super(message, null, false, false);
    }
}

package ledger.config;

import java.util.Map;
import java.util.Optional;

/**
 * Settings read from environment variables. A blank value counts as unset (container tooling often passes
 * {@code VAR=} for "not configured") and values are trimmed. Every problem is an {@link IllegalArgumentException}
 * whose message names the variable, so a bad deployment fails at start with a message an operator can act on.
 *
 * <p>The variables every service shares are read here, with the same defaults everywhere; {@link Checks} refuses
 * their bad values the same way everywhere.
 */
public final class Env {

    public static final String KAFKA_BOOTSTRAP_SERVERS = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String SCHEMA_REGISTRY_URL = "SCHEMA_REGISTRY_URL";
    public static final String TOPIC_PREFIX = "TOPIC_PREFIX";

    private final Map<String, String> variables;

    public Env(final Map<String, String> variables) {
        this.variables = variables;
    }

    /** The variable's trimmed value, or empty when it is unset or blank. */
    public Optional<String> value(final String name) {
        final String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(final String name, final String defaultValue) {
        return value(name).orElse(defaultValue);
    }

    /** A whole number, or {@code defaultValue} when unset; anything else is refused naming the variable. */
    public int integer(final String name, final int defaultValue) {
        final Optional<String> value = value(name);
        if (value.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.get());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value.get() + "'");
        }
    }

    /** {@code KAFKA_BOOTSTRAP_SERVERS}, default {@code 127.0.0.1:9092} (the embedded broker). */
    public String bootstrapServers() {
        return string(KAFKA_BOOTSTRAP_SERVERS, "127.0.0.1:9092");
    }

    /** {@code SCHEMA_REGISTRY_URL}, default {@code http://127.0.0.1:8081} (the embedded registry). */
    public String schemaRegistryUrl() {
        return string(SCHEMA_REGISTRY_URL, "http://127.0.0.1:8081");
    }

    /** {@code TOPIC_PREFIX}, default empty: prepended to every topic name so several systems can share a cluster. */
    public String topicPrefix() {
        return string(TOPIC_PREFIX, "");
    }
}

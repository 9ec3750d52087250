package ledger.balance.app;

import java.util.Map;

/** Reads settings from an environment map with defaults, failing with a message that names the variable. */
final class Env {

    private final Map<String, String> env;

    Env(final Map<String, String> env) {
        this.env = env;
    }

    String string(final String name, final String defaultValue) {
        final String value = env.get(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    int integer(final String name, final int defaultValue) {
        final String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

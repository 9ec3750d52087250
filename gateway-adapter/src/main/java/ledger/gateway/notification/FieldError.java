package ledger.gateway.notification;

import java.util.Objects;

/**
 * One thing wrong with one named CloudPayments field, e.g. {@code Amount: "12,50" is not a decimal amount}.
 *
 * <p>The field name is CloudPayments' own spelling, so an operator reading a rejected delivery can find the
 * parameter in the merchant cabinet's log. Values are quoted through {@link #quote(String)}, which shortens
 * them and escapes control characters: a rejection message goes to logs and HTTP answers and must neither
 * carry a megabyte of attacker-chosen text nor break a log line.
 *
 * @param field   the CloudPayments parameter name, exactly as sent ({@code Amount}, {@code DateTime}, ...)
 * @param problem what is wrong with it, as a sentence fragment that reads after the field name
 */
public record FieldError(String field, String problem) {

    /** Longest value excerpt kept in a message; enough to recognise any legitimate CloudPayments value. */
    private static final int MAX_QUOTED_CHARS = 64;

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(problem, "problem");
    }

    /** A required field that was absent or empty (CloudPayments sends {@code Name=} for "no value"). */
    static FieldError missing(final String field) {
        return new FieldError(field, "is required but missing");
    }

    /**
     * Quotes a received value for a message: shortened to {@value #MAX_QUOTED_CHARS} characters and with
     * control characters escaped, so that the message stays one readable line.
     */
    static String quote(final String value) {
        final StringBuilder quoted = new StringBuilder(Math.min(value.length(), MAX_QUOTED_CHARS) + 8).append('"');
        final int end = Math.min(value.length(), MAX_QUOTED_CHARS);
        for (int i = 0; i < end; i++) {
            final char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        quoted.append('"');
        if (value.length() > MAX_QUOTED_CHARS) {
            quoted.append("... (").append(value.length()).append(" chars)");
        }
        return quoted.toString();
    }

    /** {@code Field: problem}, the form used in logs and in rejection answers. */
    @Override
    public String toString() {
        return field + ": " + problem;
    }
}

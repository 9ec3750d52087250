package ledger.gateway.notification;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads CloudPayments date-times as instants.
 *
 * <p>The documented form is {@code yyyy-MM-dd HH:mm:ss} in UTC (the merchant cabinet shows Moscow time, the
 * body carries UTC, PROTOCOL.md §2.9). Leniently, ISO-8601 {@code yyyy-MM-ddTHH:mm:ss} is accepted too, with
 * optional fractional seconds and an optional offset ({@code Z}, {@code +03:00}, {@code +0300},
 * {@code +03}); without an offset the time is UTC, as the API's {@code *Iso} fields are. Impossible dates
 * ({@code 2025-02-30}) are refused rather than adjusted. Results are truncated to milliseconds, the
 * precision of the Avro {@code timestamp-millis} fields they go into.
 */
final class UtcDateTime {

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .appendLiteral(':')
            .appendValue(ChronoField.SECOND_OF_MINUTE, 2)
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
            .appendPattern("[XXX][XX][X]")
            .toFormatter(Locale.ROOT)
            .withChronology(IsoChronology.INSTANCE)
            .withResolverStyle(ResolverStyle.STRICT);

    private UtcDateTime() {
    }

    /** The instant {@code text} denotes, or empty when it is not a date-time in one of the accepted forms. */
    static Optional<Instant> parse(final String text) {
        if (text.length() == 19) {
            // The documented form, in every notification: read directly, as the formatter below would (it costs
            // more than the rest of the notification's mapping together).
            return parsePlain(text);
        }
        return parseWithFormatter(text);
    }

    /** {@code yyyy-MM-dd HH:mm:ss} (or with T), no fraction, no offset; the same results as the formatter. */
    static Optional<Instant> parsePlain(final String text) {
        if (text.length() != 19) {
            return Optional.empty();
        }
        final char separator = text.charAt(10);
        if (text.charAt(4) != '-' || text.charAt(7) != '-' || text.charAt(13) != ':' || text.charAt(16) != ':'
                || separator != ' ' && separator != 'T' && separator != 't') {
            return Optional.empty();
        }
        final int year = digits(text, 0, 4);
        final int month = digits(text, 5, 7);
        final int day = digits(text, 8, 10);
        final int hour = digits(text, 11, 13);
        final int minute = digits(text, 14, 16);
        final int second = digits(text, 17, 19);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC));
        } catch (final DateTimeException impossible) {
            return Optional.empty();
        }
    }

    /** The ASCII digits text[from, to) as a number, or -1 if any is not a digit. */
    private static int digits(final String text, final int from, final int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** Every accepted form, through {@link #FORMAT}. */
    static Optional<Instant> parseWithFormatter(final String text) {
        if (text.length() < 19) {
            return Optional.empty();
        }
        final char separator = text.charAt(10);
        if (separator != ' ' && separator != 'T' && separator != 't') {
            return Optional.empty();
        }
        final String iso = text.substring(0, 10) + 'T' + text.substring(11);
        try {
            final TemporalAccessor parsed = FORMAT.parseBest(iso, OffsetDateTime::from, LocalDateTime::from);
            final Instant instant = parsed instanceof OffsetDateTime offsetDateTime
                    ? offsetDateTime.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
            return Optional.of(instant.truncatedTo(ChronoUnit.MILLIS));
        } catch (final DateTimeParseException notADateTime) {
            // Malformed input is an expected outcome here; the caller names the field in its error.
            return Optional.empty();
        }
    }
}

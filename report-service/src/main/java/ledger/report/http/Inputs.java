package ledger.report.http;

import java.time.Instant;
import java.time.LocalDate;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.regex.Pattern;

import io.javalin.http.Context;

/**
 * Parsing and validation of request inputs. Identifiers are short and from a safe alphabet, so they can appear in
 * logs, Kafka keys and URLs without escaping; times are ISO-8601 instants; report periods are whole UTC days.
 */
final class Inputs {

    static final int MAX_PERIOD_DAYS = 92;
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final String IDENTIFIER_RULE = "must be 1-64 characters of letters, digits, '.', '_', ':' and '-'";
    private static final int MAX_ACTOR_LENGTH = 200;
    private static final Pattern ZONE = Pattern.compile("[A-Za-z0-9/_+:-]{1,64}");
    /** A local path and query to return to after signing in: no scheme, no host, no "//" or "/\\" start. */
    private static final Pattern LOCAL_PATH = Pattern.compile("/(?![/\\\\])[A-Za-z0-9._~:/?=&%+-]{0,511}");
    static final String AFTER_SIGN_IN = "/login";

    /** A period of whole days, {@code from} and {@code to} inclusive, as the half-open instant range {@code [start, end)}. */
    record Period(LocalDate from, LocalDate to, Instant start, Instant end) {
    }

    private Inputs() {
    }

    static String pathId(final Context ctx, final String name) {
        return ctx.pathParamAsClass(name, String.class)
                .check(value -> IDENTIFIER.matcher(value).matches(), IDENTIFIER_RULE)
                .get();
    }

    static Optional<String> optionalId(final String field, final String value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!IDENTIFIER.matcher(value).matches()) {
            throw ApiError.badRequest(field, field + " " + IDENTIFIER_RULE);
        }
        return Optional.of(value);
    }

    static Optional<String> optionalActor(final String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        if (value.length() > MAX_ACTOR_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw ApiError.badRequest("actor", "actor must be at most " + MAX_ACTOR_LENGTH + " printable characters");
        }
        return Optional.of(value.strip());
    }

    /** An ISO-8601 instant with a zone or offset, e.g. {@code 2026-05-01T18:00:00Z} or {@code ...+03:00}. */
    static Optional<Instant> optionalInstant(final String field, final String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (final DateTimeParseException e) {
            throw ApiError.badRequest(field, field + " must be an ISO-8601 time with offset, like 2026-05-01T18:00:00Z");
        }
    }

    /**
     * The time zone a report is shown in, from {@code ?tz=}: a region such as {@code Europe/Moscow}, {@code UTC} or
     * an offset such as {@code +03:00}. UTC when absent.
     */
    static ZoneId zone(final Context ctx) {
        final String raw = ctx.queryParam("tz");
        if (raw == null || raw.isBlank()) {
            return ZoneOffset.UTC;
        }
        if (!ZONE.matcher(raw).matches()) {
            throw ApiError.badRequest("tz", "tz must be a time zone such as Europe/Moscow, UTC or +03:00");
        }
        try {
            return ZoneId.of(raw);
        } catch (final DateTimeException e) {
            throw ApiError.badRequest("tz", "tz must be a time zone such as Europe/Moscow, UTC or +03:00");
        }
    }

    /** Where to go after signing in: {@code next} when it is a path on this server, else {@link #AFTER_SIGN_IN}. */
    static String localPath(final String next) {
        return next != null && LOCAL_PATH.matcher(next).matches() ? next : AFTER_SIGN_IN;
    }

    static Period period(final Context ctx) {
        final LocalDate from = date(ctx, "from");
        final LocalDate to = date(ctx, "to");
        if (to.isBefore(from)) {
            throw ApiError.badRequest("to", "to must not be before from");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_PERIOD_DAYS) {
            throw ApiError.badRequest("to", "the period may span at most " + MAX_PERIOD_DAYS + " days");
        }
        return new Period(from, to, from.atStartOfDay(ZoneOffset.UTC).toInstant(),
                to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static LocalDate date(final Context ctx, final String name) {
        final String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            throw ApiError.badRequest(name, name + " is required, as YYYY-MM-DD");
        }
        try {
            final LocalDate date = LocalDate.parse(raw);
            // Years beyond 4 digits parse but are nonsense for a report and overflow PostgreSQL's timestamps.
            if (date.getYear() < 1970 || date.getYear() > 9998) {
                throw ApiError.badRequest(name, name + " must be a date between 1970 and 9998");
            }
            return date;
        } catch (final DateTimeParseException e) {
            throw ApiError.badRequest(name, name + " must be a date as YYYY-MM-DD");
        }
    }
}

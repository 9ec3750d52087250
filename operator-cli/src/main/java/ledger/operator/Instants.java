package ledger.operator;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

import picocli.CommandLine;

/**
 * Parses a point in time for options: {@code 2026-11-20T10:00:00Z}, with an offset ({@code +03:00}), or without
 * one (taken as UTC, the ledger's business time), or a date ({@code 2026-11-20}, its start in UTC).
 */
public final class Instants implements CommandLine.ITypeConverter<Instant> {

    @Override
    public Instant convert(final String value) {
        final String v = value.trim();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (final DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
            } catch (final DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(v).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (final DateTimeParseException notDate) {
                    throw new CommandLine.TypeConversionException("'" + value
                            + "' is not a time (use 2026-11-20T10:00:00Z, 2026-11-20T13:00:00+03:00, or 2026-11-20 for midnight UTC)");
                }
            }
        }
    }
}

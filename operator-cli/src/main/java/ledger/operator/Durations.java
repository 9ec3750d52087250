package ledger.operator;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine;

/** Parses {@code 90s}, {@code 5m}, {@code 1h}, {@code 0} or ISO-8601 ({@code PT1M}) durations for options. */
public final class Durations implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern SIMPLE = Pattern.compile("(\\d+)(ms|s|m|h)?");

    @Override
    public Duration convert(final String value) {
        final Matcher m = SIMPLE.matcher(value.trim());
        if (m.matches()) {
            final long n = Long.parseLong(m.group(1));
            return switch (m.group(2) == null ? "s" : m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        }
        try {
            return Duration.parse(value.trim());
        } catch (final RuntimeException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a duration (use 90s, 5m, 1h or PT1M)");
        }
    }
}

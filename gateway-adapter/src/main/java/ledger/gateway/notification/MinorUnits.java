package ledger.gateway.notification;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Currency;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * Exact conversion between CloudPayments' decimal amount strings ({@code "100.00"}, {@code "10"},
 * {@code "0.5"}) and {@code long} minor units of an ISO 4217 currency.
 *
 * <p>Guarantees: the result is exact or the input is rejected; nothing is ever rounded and no {@code double}
 * is involved. Accepted text is ASCII digits with an optional dot and at least one digit after it. Rejected:
 * signs and negatives, exponents ({@code 1e3}), blanks and whitespace, a comma as the decimal separator
 * (CloudPayments always sends a dot, so a comma means the value did not come from it), thousands
 * separators, values beyond {@code Long.MAX_VALUE} minor units, and digits below the currency's minor unit
 * ({@code "1.005"} RUB). Trailing zeros beyond the minor unit are accepted because they do not change the
 * value: CloudPayments documents amounts as "two digits after the dot" for every currency, which for a
 * zero-decimal currency such as JPY means {@code "100.00"} = 100 minor units.
 *
 * <p>The number of decimals comes from {@link Currency#getDefaultFractionDigits()} (RUB 2, JPY 0, KWD 3);
 * codes that Java does not know, or that have no minor unit (XAU, XXX), are rejected.
 */
public final class MinorUnits {

    /** Longer strings are no amount CloudPayments sends; the cap keeps BigDecimal work bounded. */
    private static final int MAX_AMOUNT_CHARS = 40;

    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final Pattern ISO_CODE = Pattern.compile("[A-Z]{3}");
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private MinorUnits() {
    }

    /** The outcome of parsing one amount: a value in minor units, or the reason it was refused. */
    public sealed interface Result permits Valid, Invalid {
    }

    /** @param amountMinor the exact amount in minor units, never negative */
    public record Valid(long amountMinor) implements Result {
    }

    /** @param error names the field and says why its text is not an acceptable amount */
    public record Invalid(FieldError error) implements Result {
    }

    /**
     * The number of decimals of an ISO 4217 currency (RUB 2, JPY 0, KWD 3), or empty when the code is not
     * three upper-case letters, is unknown to Java, or has no minor unit.
     */
    public static OptionalInt decimalsOf(final String currencyCode) {
        if (currencyCode == null || !ISO_CODE.matcher(currencyCode).matches()) {
            return OptionalInt.empty();
        }
        final Currency currency;
        try {
            currency = Currency.getInstance(currencyCode);
        } catch (final IllegalArgumentException unknownCode) {
            // Currency reports an unknown code only by throwing; unknown is an expected answer here.
            return OptionalInt.empty();
        }
        final int decimals = currency.getDefaultFractionDigits();
        return decimals < 0 ? OptionalInt.empty() : OptionalInt.of(decimals);
    }

    /**
     * Parses {@code text} as an amount of {@code currencyCode}.
     *
     * @param field        the CloudPayments parameter the text came from, named in any error
     * @param text         the decimal string as received
     * @param currencyCode an ISO 4217 code; an unknown one is reported as an error of {@code field}
     */
    public static Result parse(final String field, final String text, final String currencyCode) {
        Objects.requireNonNull(field, "field");
        final OptionalInt decimals = decimalsOf(currencyCode);
        if (decimals.isEmpty()) {
            return invalid(field, "cannot be read: " + (currencyCode == null ? "no currency"
                    : "currency " + FieldError.quote(currencyCode) + " is not a known ISO 4217 currency with a minor unit"));
        }
        return parse(field, text, decimals.getAsInt());
    }

    /**
     * Parses {@code text} as an amount with {@code decimals} digits in the minor unit; used directly when a
     * notification carries no currency (Refund, Cancel) and the scale is known otherwise.
     */
    public static Result parse(final String field, final String text, final int decimals) {
        Objects.requireNonNull(field, "field");
        if (decimals < 0 || decimals > 18) {
            throw new IllegalArgumentException("decimals must be 0..18, was " + decimals);
        }
        if (text == null || text.isEmpty()) {
            return invalid(field, "is required but missing");
        }
        if (text.length() > MAX_AMOUNT_CHARS) {
            return invalid(field, FieldError.quote(text) + " is too long to be an amount");
        }
        if (!DECIMAL.matcher(text).matches()) {
            return invalid(field, FieldError.quote(text) + " is not a decimal amount" + hintFor(text));
        }
        final BigDecimal value = new BigDecimal(text);
        // Trailing zeros do not change the value; only significant digits below the minor unit are refused.
        final BigDecimal significant = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (significant.scale() > decimals) {
            return invalid(field, FieldError.quote(text) + " has more than " + decimals
                    + " decimal places for its currency");
        }
        final BigInteger minor = value.movePointRight(decimals).toBigIntegerExact();
        if (minor.compareTo(LONG_MAX) > 0) {
            return invalid(field, FieldError.quote(text) + " is too large");
        }
        return new Valid(minor.longValueExact());
    }

    /**
     * Renders minor units the way CloudPayments writes amounts: a dot and exactly {@code decimals} digits
     * ({@code 12345, 2 -> "123.45"}; {@code 7, 0 -> "7"}). For the simulator, tests and messages.
     */
    public static String format(final long amountMinor, final int decimals) {
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amountMinor must not be negative, was " + amountMinor);
        }
        if (decimals < 0 || decimals > 18) {
            throw new IllegalArgumentException("decimals must be 0..18, was " + decimals);
        }
        return BigDecimal.valueOf(amountMinor, decimals).toPlainString();
    }

    private static String hintFor(final String text) {
        if (text.startsWith("-")) {
            return " (negative amounts are not accepted)";
        }
        if (text.indexOf(',') >= 0) {
            return " (CloudPayments separates decimals with a dot)";
        }
        if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            return " (exponents are not accepted)";
        }
        return "";
    }

    private static Invalid invalid(final String field, final String problem) {
        return new Invalid(new FieldError(field, problem));
    }
}

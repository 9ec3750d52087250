package ledger.report.domain;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * Money display: amounts stay {@code long} minor units everywhere and are turned into a decimal string only for
 * people, with the scale ISO 4217 gives the currency ({@link Currency#getDefaultFractionDigits()}).
 */
public final class Money {

    /** ISO 4217's code for "no currency": used when neither a row nor the payment it refers to names one. */
    public static final String NO_CURRENCY = "XXX";

    private Money() {
    }

    /**
     * Decimal places of {@code currency}; 0 for a code Java does not know or that has no minor unit, so an unknown
     * currency is shown in its minor units rather than with an invented scale.
     */
    public static int scale(final String currency) {
        if (currency == null) {
            return 0;
        }
        try {
            return Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (final IllegalArgumentException e) {
            return 0;
        }
    }

    /** {@code 10000, "RUB"} becomes {@code "100.00"}; {@code 500, "JPY"} stays {@code "500"}. */
    public static String format(final long amountMinor, final String currency) {
        return BigDecimal.valueOf(amountMinor, scale(currency)).toPlainString();
    }
}

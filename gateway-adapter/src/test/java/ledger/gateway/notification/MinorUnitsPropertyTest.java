package ledger.gateway.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The laws of amount parsing: every amount CloudPayments can express parses back to itself, and nothing is
 * accepted unless it is a plain decimal whose exact value fits the currency and a long.
 */
class MinorUnitsPropertyTest {

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");

    @Property
    void everyAmountRoundTripsThroughItsCloudPaymentsText(@ForAll @LongRange(min = 0) final long amountMinor,
                                                          @ForAll @IntRange(min = 0, max = 4) final int decimals) {
        final String text = MinorUnits.format(amountMinor, decimals);

        assertThat(MinorUnits.parse("Amount", text, decimals)).isEqualTo(new MinorUnits.Valid(amountMinor));
    }

    @Property
    void trailingZerosNeverChangeTheValue(@ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 1000) final long amountMinor,
                                          @ForAll @IntRange(min = 1, max = 5) final int extraZeros) {
        final String text = MinorUnits.format(amountMinor, 2) + "0".repeat(extraZeros);

        assertThat(MinorUnits.parse("Amount", text, "RUB")).isEqualTo(new MinorUnits.Valid(amountMinor));
    }

    @Property
    void aSignificantDigitBelowTheMinorUnitIsAlwaysRefused(@ForAll @LongRange(min = 0) final long amountMinor,
                                                           @ForAll @IntRange(min = 1, max = 9) final int digit) {
        final String text = MinorUnits.format(amountMinor, 2) + digit;

        assertThat(MinorUnits.parse("Amount", text, "RUB")).isInstanceOf(MinorUnits.Invalid.class);
    }

    /** Against an independent oracle in BigInteger arithmetic, for arbitrary strings near the grammar. */
    @Property(tries = 3000)
    void acceptsExactlyThePlainDecimalsThatFit(@ForAll("amountLikeStrings") final String text,
                                               @ForAll @IntRange(min = 0, max = 3) final int decimals) {
        final MinorUnits.Result result = MinorUnits.parse("Amount", text, decimals);
        final BigInteger expected = oracle(text, decimals);

        if (expected == null) {
            assertThat(result).isInstanceOf(MinorUnits.Invalid.class);
        } else {
            assertThat(result).isEqualTo(new MinorUnits.Valid(expected.longValueExact()));
        }
    }

    @Property
    void arbitraryTextIsNeverAcceptedUnlessItIsAPlainDecimal(@ForAll final String text) {
        final MinorUnits.Result result = MinorUnits.parse("Amount", text, "RUB");

        if (!PLAIN_DECIMAL.matcher(text).matches()) {
            assertThat(result).isInstanceOf(MinorUnits.Invalid.class);
        }
    }

    @Provide
    Arbitrary<String> amountLikeStrings() {
        final Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(22);
        final Arbitrary<String> separator = Arbitraries.of("", ".", ",", "e", "-", " ", "..");
        final Arbitrary<String> sign = Arbitraries.of("", "", "", "-", "+", " ");
        final Arbitrary<String> composed = Combinators.combine(sign, digits, separator, digits)
                .as((s, whole, sep, fraction) -> s + whole + sep + fraction);
        final Arbitrary<String> noise = Arbitraries.strings().withChars("0123456789.,-+eE xX").ofMaxLength(12);
        return Arbitraries.oneOf(composed, composed, noise);
    }

    /** The minor units {@code text} denotes, or null when it must be refused; no BigDecimal involved. */
    private static BigInteger oracle(final String text, final int decimals) {
        if (text.length() > 40 || !PLAIN_DECIMAL.matcher(text).matches()) {
            return null;
        }
        final int dot = text.indexOf('.');
        final String whole = dot < 0 ? text : text.substring(0, dot);
        String fraction = dot < 0 ? "" : text.substring(dot + 1);
        while (fraction.length() > decimals && fraction.endsWith("0")) {
            fraction = fraction.substring(0, fraction.length() - 1);
        }
        if (fraction.length() > decimals) {
            return null;
        }
        final BigInteger minor = new BigInteger(whole + fraction + "0".repeat(decimals - fraction.length()));
        return minor.bitLength() < 64 ? minor : null;
    }
}

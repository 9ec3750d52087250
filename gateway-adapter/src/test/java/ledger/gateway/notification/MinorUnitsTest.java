package ledger.gateway.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Amounts are converted exactly or refused, with the field named; see {@link MinorUnitsPropertyTest} for the general laws. */
class MinorUnitsTest {

    @ParameterizedTest(name = "{0} {1} = {2}")
    @CsvSource({
            "100.00, RUB, 10000",
            "10, RUB, 1000",
            "0.5, RUB, 50",
            "3900.00, RUB, 390000",
            "0.01, RUB, 1",
            "0, RUB, 0",
            "0.00, RUB, 0",
            "007.50, RUB, 750",
            "100, JPY, 100",
            "100.00, JPY, 100",
            "1.234, KWD, 1234",
            "1.5, KWD, 1500",
            "92233720368547758.07, RUB, 9223372036854775807",
            "9223372036854775807, JPY, 9223372036854775807",
    })
    void acceptsExactDecimalStrings(final String text, final String currency, final long expectedMinor) {
        assertThat(MinorUnits.parse("Amount", text, currency)).isEqualTo(new MinorUnits.Valid(expectedMinor));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", " ", " 1.00", "1.00 ", "12,50", "1,000.00", "1 000.00", "1_000", "-1.00", "+1.00",
            "1e3", "1E3", "1.0e2", ".5", "5.", "0x10", "NaN", "Infinity", "١٢٣", "1.2.3", "１００"})
    void refusesAnythingThatIsNotAPlainDecimal(final String text) {
        assertThat(MinorUnits.parse("Amount", text, "RUB")).isInstanceOf(MinorUnits.Invalid.class);
    }

    @Test
    void namesTheFieldAndTheValue() {
        final MinorUnits.Result result = MinorUnits.parse("Amount", "12,50", "RUB");

        assertThat(result).isInstanceOf(MinorUnits.Invalid.class);
        final FieldError error = ((MinorUnits.Invalid) result).error();
        assertThat(error.field()).isEqualTo("Amount");
        assertThat(error.toString()).startsWith("Amount: \"12,50\" is not a decimal amount");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"1.005, RUB", "0.001, RUB", "100.5, JPY", "1.2345, KWD", "0.0001, KWD"})
    void refusesDigitsBelowTheMinorUnit(final String text, final String currency) {
        final MinorUnits.Result result = MinorUnits.parse("TotalFee", text, currency);

        assertThat(result).isInstanceOf(MinorUnits.Invalid.class);
        assertThat(((MinorUnits.Invalid) result).error().toString())
                .startsWith("TotalFee: ").contains("more than").contains("decimal places");
    }

    @Test
    void refusesAmountsBeyondLong() {
        assertThat(MinorUnits.parse("Amount", "92233720368547758.08", "RUB")).isInstanceOf(MinorUnits.Invalid.class);
        assertThat(MinorUnits.parse("Amount", "9223372036854775808", "JPY")).isInstanceOf(MinorUnits.Invalid.class);
        assertThat(MinorUnits.parse("Amount", "9".repeat(41), "RUB")).isInstanceOf(MinorUnits.Invalid.class);
    }

    @Test
    void refusesUnknownCurrenciesAndThoseWithoutAMinorUnit() {
        for (final String currency : new String[] {"XYZ", "rub", "RUBL", "", "XAU", "XXX"}) {
            assertThat(MinorUnits.parse("Amount", "1.00", currency)).as(currency).isInstanceOf(MinorUnits.Invalid.class);
        }
        assertThat(MinorUnits.parse("Amount", "1.00", (String) null)).isInstanceOf(MinorUnits.Invalid.class);
    }

    @Test
    void knowsTheMinorUnitOfEachCurrencyFromJava() {
        assertThat(MinorUnits.decimalsOf("RUB")).hasValue(2);
        assertThat(MinorUnits.decimalsOf("JPY")).hasValue(0);
        assertThat(MinorUnits.decimalsOf("KWD")).hasValue(3);
        assertThat(MinorUnits.decimalsOf("KZT")).hasValue(2);
        assertThat(MinorUnits.decimalsOf("XAU")).isEmpty();
        assertThat(MinorUnits.decimalsOf("ZZZ")).isEmpty();
    }

    @Test
    void formatsLikeCloudPayments() {
        assertThat(MinorUnits.format(390_000, 2)).isEqualTo("3900.00");
        assertThat(MinorUnits.format(5, 2)).isEqualTo("0.05");
        assertThat(MinorUnits.format(100, 0)).isEqualTo("100");
        assertThat(MinorUnits.format(1500, 3)).isEqualTo("1.500");
        assertThatThrownBy(() -> MinorUnits.format(-1, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quotesLongOrControlCharacterValuesSafely() {
        final MinorUnits.Result result = MinorUnits.parse("Amount", "1\n2", "RUB");

        assertThat(((MinorUnits.Invalid) result).error().toString()).doesNotContain("\n").contains("\\u000a");
        assertThat(FieldError.quote("x".repeat(1000))).hasSizeLessThan(100).endsWith("(1000 chars)");
    }
}

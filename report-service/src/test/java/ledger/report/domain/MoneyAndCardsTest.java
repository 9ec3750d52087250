package ledger.report.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Display of amounts in the currency's scale, and card masking. */
class MoneyAndCardsTest {

    @Test
    void formatsMinorUnitsInTheCurrencysScale() {
        assertThat(Money.format(10_000, "RUB")).isEqualTo("100.00");
        assertThat(Money.format(5, "USD")).isEqualTo("0.05");
        assertThat(Money.format(-1_250, "EUR")).isEqualTo("-12.50");
        assertThat(Money.format(500, "JPY")).isEqualTo("500");
        assertThat(Money.format(1_234, "KWD")).isEqualTo("1.234");
    }

    @Test
    void showsUnknownCurrenciesInMinorUnitsRatherThanInventingAScale() {
        assertThat(Money.format(1_234, "ZZZ")).isEqualTo("1234");
        assertThat(Money.format(1_234, null)).isEqualTo("1234");
        assertThat(Money.format(1_234, Money.NO_CURRENCY)).isEqualTo("1234");
    }

    @Test
    void masksCardsFromTheirFirstSixAndLastFour() {
        assertThat(Cards.mask("411111", "1111")).isEqualTo("411111******1111");
        assertThat(Cards.mask(null, "1111")).isEqualTo("•••• 1111");
        assertThat(Cards.mask("41111", "1111")).isEqualTo("•••• 1111");
        assertThat(Cards.mask("411111", null)).isNull();
        assertThat(Cards.mask("411111", "11a1")).isNull();
    }
}

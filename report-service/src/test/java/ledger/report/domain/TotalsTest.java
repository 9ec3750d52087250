package ledger.report.domain;

import static ledger.report.domain.Fixtures.payment;
import static ledger.report.domain.Fixtures.refund;
import static ledger.report.domain.Fixtures.withCurrency;
import static ledger.report.domain.Fixtures.withFee;
import static ledger.report.domain.Fixtures.withTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Per-currency totals: top-ups, refunds, net, fees and failed attempts; test money apart. */
class TotalsTest {

    @Test
    void sumsTopUpsRefundsFeesAndFailedAttemptsPerCurrency() {
        final List<Payment> payments = List.of(
                withFee(payment(Kind.PAY, 1, 10_000, "Completed"), 390L),
                withFee(payment(Kind.PAY, 2, 25_000, "Authorized"), 975L),
                payment(Kind.CONFIRM, 2, 25_000, "Completed"),
                refund(3, 1, 3_000),
                payment(Kind.FAIL, 4, 5_000, "Declined"),
                payment(Kind.CHECK, 5, 7_000, null),
                withCurrency(payment(Kind.PAY, 6, 500, "Completed"), "USD"));

        final ShiftReport report = ShiftReport.of(shift(), payments);

        assertThat(report.totals().live()).containsOnlyKeys("RUB", "USD");
        assertThat(report.totals().live().get("RUB"))
                .isEqualTo(new CurrencyTotals("RUB", 2, 35_000, 1, 3_000, 1_365, 1));
        assertThat(report.totals().live().get("RUB").netMinor()).isEqualTo(32_000);
        assertThat(report.totals().live().get("USD")).isEqualTo(new CurrencyTotals("USD", 1, 500, 0, 0, 0, 0));
        assertThat(report.totals().test()).isEmpty();
        assertThat(report.lines()).hasSize(6);
    }

    @Test
    void keepsTestModeMoneyOutOfLiveTotals() {
        final Totals totals = Totals.of(ReportLines.of(List.of(
                payment(Kind.PAY, 1, 10_000, "Completed"),
                withTest(payment(Kind.PAY, 2, 99_900, "Completed")),
                withTest(payment(Kind.FAIL, 3, 100, "Declined")))));

        assertThat(totals.live().get("RUB")).isEqualTo(new CurrencyTotals("RUB", 1, 10_000, 0, 0, 0, 0));
        assertThat(totals.test().get("RUB")).isEqualTo(new CurrencyTotals("RUB", 1, 99_900, 0, 0, 0, 1));
    }

    @Test
    void countsMoneyWithoutAnyKnownCurrencyUnderXxxRatherThanDroppingIt() {
        final Totals totals = Totals.of(ReportLines.of(List.of(withCurrency(refund(9, 999, 700), null))));

        assertThat(totals.live()).containsOnlyKeys(Money.NO_CURRENCY);
        assertThat(totals.live().get(Money.NO_CURRENCY).refundsMinor()).isEqualTo(700);
    }

    @Test
    void aCurrencyWithOnlyNonMoneyLinesHasNoTotals() {
        assertThat(Totals.of(ReportLines.of(List.of(payment(Kind.PAY, 1, 10_000, "Authorized")))).live()).isEmpty();
    }

    @Test
    void failsLoudlyInsteadOfWrappingOnOverflow() {
        final List<Payment> payments = List.of(
                payment(Kind.PAY, 1, Long.MAX_VALUE, "Completed"), payment(Kind.PAY, 2, 1, "Completed"));

        assertThatThrownBy(() -> Totals.of(ReportLines.of(payments))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void aShiftIsAmendedWhenAnyLineArrivedAfterItClosed() {
        final var late = Fixtures.T0.plusSeconds(90_000);
        final ShiftReport report = ShiftReport.of(shift(), List.of(
                payment(Kind.PAY, 1, 100, "Completed"),
                Fixtures.amendedAt(payment(Kind.PAY, 2, 100, "Completed"), late)));

        assertThat(report.amended()).isTrue();
        assertThat(report.lastAmendedAt()).isEqualTo(late);
        assertThat(ShiftReport.of(shift(), List.of(payment(Kind.PAY, 1, 100, "Completed"))).amended()).isFalse();
    }

    private static Shift shift() {
        return new Shift("org", "s1", "club-1", Fixtures.T0.minusSeconds(3_600), Fixtures.T0.plusSeconds(3_600), null, null);
    }
}

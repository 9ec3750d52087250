package ledger.report.domain;

import static ledger.report.domain.Fixtures.payment;
import static ledger.report.domain.Fixtures.refund;
import static ledger.report.domain.Fixtures.withCurrency;
import static ledger.report.domain.Fixtures.withFee;
import static ledger.report.domain.Fixtures.withOperationType;
import static ledger.report.domain.Fixtures.withOrgMode;
import static ledger.report.domain.Fixtures.withTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Per-currency totals: top-ups, refunds, net, fees and failed attempts; payouts and test payments while live apart; test money apart. */
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
                .isEqualTo(new CurrencyTotals("RUB", 2, 35_000, 1, 3_000, 1_365, 1, 0, 0, 0));
        assertThat(report.totals().live().get("RUB").netMinor()).isEqualTo(32_000);
        assertThat(report.totals().live().get("USD")).isEqualTo(new CurrencyTotals("USD", 1, 500, 0, 0, 0, 0, 0, 0, 0));
        assertThat(report.totals().test()).isEmpty();
        assertThat(report.lines()).hasSize(6);
    }

    @Test
    void keepsTestModeMoneyOutOfLiveTotals() {
        final Totals totals = Totals.of(ReportLines.of(List.of(
                payment(Kind.PAY, 1, 10_000, "Completed"),
                withTest(payment(Kind.PAY, 2, 99_900, "Completed")),
                withTest(payment(Kind.FAIL, 3, 100, "Declined")))));

        assertThat(totals.live().get("RUB")).isEqualTo(new CurrencyTotals("RUB", 1, 10_000, 0, 0, 0, 0, 0, 0, 0));
        assertThat(totals.test().get("RUB")).isEqualTo(new CurrencyTotals("RUB", 1, 99_900, 0, 0, 0, 1, 0, 0, 0));
    }

    @Test
    void countsPayoutsApartAndLeavesTopUpsRefundsAndNetAsTheyWere() {
        final List<Payment> payments = List.of(
                withFee(payment(Kind.PAY, 1, 10_000, "Completed"), 390L),
                refund(2, 1, 3_000),
                withFee(withOperationType(payment(Kind.PAY, 3, 50_000, "Completed"), "CardPayout"), 500L),
                withOperationType(refund(4, 1, 2_000), "CardPayout"),
                withTest(withOperationType(payment(Kind.PAY, 5, 7_000, "Completed"), "CardPayout")));

        final ShiftReport report = ShiftReport.of(shift(), payments);

        // Payouts of 500.00 and 20.00: in the payout figures only, their fee not among the club's fees.
        assertThat(report.totals().live().get("RUB")).isEqualTo(new CurrencyTotals("RUB", 1, 10_000, 1, 3_000, 390, 0, 2, 52_000, 0));
        assertThat(report.totals().live().get("RUB").netMinor()).isEqualTo(7_000);
        assertThat(report.totals().test().get("RUB")).isEqualTo(new CurrencyTotals("RUB", 0, 0, 0, 0, 0, 0, 1, 7_000, 0));
        assertThat(report.lines()).extracting(ReportLine::transactionId, ReportLine::category).containsExactly(
                tuple(1L, Category.TOP_UP), tuple(2L, Category.REFUND), tuple(3L, Category.PAYOUT), tuple(4L, Category.PAYOUT),
                tuple(5L, Category.PAYOUT));
    }

    @Test
    void countsTestPaymentsWhileLiveApartAndNeverAsMoney() {
        final List<Payment> payments = List.of(
                withOrgMode(payment(Kind.PAY, 1, 10_000, "Completed"), OrgMode.LIVE),
                withOrgMode(withTest(payment(Kind.PAY, 2, 99_900, "Completed")), OrgMode.LIVE),
                // A two-stage test payment while live: one line, decided by its Confirm.
                withOrgMode(withTest(withFee(payment(Kind.PAY, 3, 5_000, "Authorized"), 195L)), OrgMode.LIVE),
                withOrgMode(withTest(payment(Kind.CONFIRM, 3, 5_000, "Completed")), OrgMode.LIVE),
                // Test money from before the organization went live is still test money.
                withOrgMode(withTest(payment(Kind.PAY, 4, 1_000, "Completed")), OrgMode.TEST));

        final ShiftReport report = ShiftReport.of(shift(), payments);

        assertThat(report.totals().live().get("RUB")).isEqualTo(new CurrencyTotals("RUB", 1, 10_000, 0, 0, 0, 0, 0, 0, 0));
        assertThat(report.totals().test().get("RUB")).isEqualTo(new CurrencyTotals("RUB", 1, 1_000, 0, 0, 0, 0, 0, 0, 2));
        assertThat(report.lines()).extracting(ReportLine::transactionId, ReportLine::kind, ReportLine::category, ReportLine::test)
                .containsExactly(
                        tuple(1L, Kind.PAY, Category.TOP_UP, false),
                        tuple(2L, Kind.PAY, Category.TEST_IN_LIVE, true),
                        tuple(3L, Kind.CONFIRM, Category.TEST_IN_LIVE, true),
                        tuple(4L, Kind.PAY, Category.TOP_UP, true));
    }

    @Test
    void rowsStoredBeforeOperationTypesAndModesCountAsTheyAlwaysDid() {
        final List<Payment> payments = List.of(
                withOrgMode(withOperationType(payment(Kind.PAY, 1, 10_000, "Completed"), null), null),
                withOrgMode(withOperationType(withTest(payment(Kind.PAY, 2, 99_900, "Completed")), null), null),
                withOrgMode(withOperationType(refund(3, 1, 1_000), null), null));

        final Totals totals = ShiftReport.of(shift(), payments).totals();

        assertThat(totals.live().get("RUB")).isEqualTo(new CurrencyTotals("RUB", 1, 10_000, 1, 1_000, 0, 0, 0, 0, 0));
        assertThat(totals.test().get("RUB")).isEqualTo(new CurrencyTotals("RUB", 1, 99_900, 0, 0, 0, 0, 0, 0, 0));
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

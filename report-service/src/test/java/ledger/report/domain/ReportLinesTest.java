package ledger.report.domain;

import static ledger.report.domain.Fixtures.T0;
import static ledger.report.domain.Fixtures.amendedAt;
import static ledger.report.domain.Fixtures.at;
import static ledger.report.domain.Fixtures.payment;
import static ledger.report.domain.Fixtures.refund;
import static ledger.report.domain.Fixtures.withFee;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** One line per transaction, decided by the notification that settled the money. */
class ReportLinesTest {

    @Test
    void aTwoStagePaymentIsOneLineDecidedByItsConfirmAndKeepsTheAuthorizationsFee() {
        final Payment authorized = withFee(payment(Kind.PAY, 7, 25_000, "Authorized"), 975L);
        final Payment confirm = at(payment(Kind.CONFIRM, 7, 25_000, "Completed"), T0.plusSeconds(300));

        final List<ReportLine> lines = ReportLines.of(List.of(authorized, confirm));

        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line.kind()).isEqualTo(Kind.CONFIRM);
            assertThat(line.category()).isEqualTo(Category.TOP_UP);
            assertThat(line.time()).isEqualTo(T0.plusSeconds(300));
            assertThat(line.feeMinor()).isEqualTo(975L);
            assertThat(line.card()).isEqualTo("411111******1111");
            assertThat(line.paymentType()).isEqualTo("App");
        });
    }

    @Test
    void aCapturedPayoutIsOnePayoutLineNeverATopUp() {
        final Payment authorized = Fixtures.withOperationType(payment(Kind.PAY, 12, 40_000, "Authorized"), "CardPayout");
        // A Confirm carries no OperationType; the store gives it its payment's.
        final Payment confirm = Fixtures.withOperationType(at(payment(Kind.CONFIRM, 12, 40_000, "Completed"), T0.plusSeconds(60)),
                "CardPayout");

        assertThat(ReportLines.of(List.of(authorized, confirm))).singleElement()
                .extracting(ReportLine::kind, ReportLine::category, ReportLine::amountMinor)
                .containsExactly(Kind.CONFIRM, Category.PAYOUT, 40_000L);
    }

    @Test
    void aCheckFollowedByItsPayIsOneTopUpLine() {
        final List<ReportLine> lines = ReportLines.of(List.of(
                payment(Kind.CHECK, 8, 10_000, null), payment(Kind.PAY, 8, 10_000, "Completed")));

        assertThat(lines).singleElement().extracting(ReportLine::kind, ReportLine::category)
                .containsExactly(Kind.PAY, Category.TOP_UP);
    }

    @Test
    void aCancelledAuthorizationIsNotMoney() {
        final List<ReportLine> lines = ReportLines.of(List.of(
                payment(Kind.PAY, 9, 10_000, "Authorized"), payment(Kind.CANCEL, 9, 10_000, null)));

        assertThat(lines).singleElement().extracting(ReportLine::kind, ReportLine::category)
                .containsExactly(Kind.CANCEL, Category.NOT_MONEY);
    }

    @Test
    void aRefundIsItsOwnLineWithAPositiveAmount() {
        final List<ReportLine> lines = ReportLines.of(List.of(
                payment(Kind.PAY, 10, 10_000, "Completed"), refund(11, 10, -3_000)));

        assertThat(lines).extracting(ReportLine::transactionId, ReportLine::amountMinor)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(10L, 10_000L),
                        org.assertj.core.groups.Tuple.tuple(11L, 3_000L));
    }

    @Test
    void linesAreInTimeOrderAndCarryTheLatestAmendment() {
        final Instant late = T0.plusSeconds(86_400);
        final List<ReportLine> lines = ReportLines.of(List.of(
                at(payment(Kind.PAY, 2, 100, "Completed"), T0.plusSeconds(60)),
                amendedAt(payment(Kind.PAY, 1, 100, "Completed"), late)));

        assertThat(lines).extracting(ReportLine::transactionId).containsExactly(1L, 2L);
        assertThat(lines.get(0).amended()).isTrue();
        assertThat(lines.get(0).amendedAt()).isEqualTo(late);
        assertThat(lines.get(1).amended()).isFalse();
        assertThat(lines.get(1).amendedAt()).isNull();
    }
}

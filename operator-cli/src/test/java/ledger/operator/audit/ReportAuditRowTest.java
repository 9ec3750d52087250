package ledger.operator.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import ledger.events.NotificationKind;
import ledger.events.OrgMode;
import ledger.events.PaymentEvent;
import ledger.operator.Events;
import org.junit.jupiter.api.Test;

/**
 * The audit's comparison of a report row with its event for the operation type and the organization's mode: a row
 * must say what the event said, and a row stored before the store had these columns is a difference only where the
 * report would read it otherwise.
 */
class ReportAuditRowTest {

    @Test
    void aRowThatSaysWhatTheEventSaidMatches() {
        final PaymentEvent payout = payout(OrgMode.LIVE);

        assertThat(ReportAudit.mismatch(payout, row(payout, "CardPayout", "LIVE"))).isEmpty();
    }

    @Test
    void aRowThatSaysSomethingElseIsADifference() {
        final PaymentEvent payout = payout(OrgMode.LIVE);

        assertThat(ReportAudit.mismatch(payout, row(payout, "Payment", "TEST")))
                .isEqualTo("operation_type: CardPayout in the topic, Payment in the row; org_mode: LIVE in the topic, TEST in the row");
    }

    @Test
    void aRowStoredBeforeTheColumnsIsADifferenceOnlyWhereTheReportReadsItOtherwise() {
        final PaymentEvent payment = Events.pay("org-a", "c1", "club-1", 101, 10_000);
        assertThat(ReportAudit.mismatch(payment, row(payment, null, null))).as("a payment in TEST mode reads the same").isEmpty();

        final PaymentEvent payout = payout(OrgMode.LIVE);
        assertThat(ReportAudit.mismatch(payout, row(payout, null, null)))
                .isEqualTo("operation_type: CardPayout in the topic, null in the row; org_mode: LIVE in the topic, null in the row");
    }

    private static PaymentEvent payout(final OrgMode mode) {
        return Events.base("org-a", NotificationKind.PAY, 201, "c1", 5_000).setStatus("Completed")
                .setOperationType("CardPayout").setOrgMode(mode).build();
    }

    private static StoredRows.PaymentRow row(final PaymentEvent e, final String operationType, final String orgMode) {
        final Instant ingested = e.getReceivedAt().plusMillis(50);
        return new StoredRows.PaymentRow(e.getEventId(), e.getOrgId(), e.getKind().name(), e.getTransactionId(),
                e.getPaymentTransactionId(), e.getCustomerId(), e.getClubId(), e.getAmountMinor(), e.getCurrency(),
                e.getOccurredAt(), e.getReceivedAt(), ingested, e.getTestMode(), e.getStatus(), null, null, null, null,
                null, null, null, operationType, orgMode);
    }
}

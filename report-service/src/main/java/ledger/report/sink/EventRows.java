package ledger.report.sink;

import ledger.events.Card;
import ledger.events.Fees;
import ledger.events.PaymentEvent;
import ledger.events.ShiftEvent;
import ledger.report.persistence.PaymentRow;
import ledger.report.persistence.ShiftEventRow;

/**
 * Avro events to store rows. Text is cleaned of NUL characters, which PostgreSQL's {@code text} refuses: one odd
 * field must not turn a batch into a poison pill that is retried forever.
 */
final class EventRows {

    private EventRows() {
    }

    static PaymentRow payment(final PaymentEvent event) {
        final Card card = event.getCard();
        final Fees fees = event.getFees();
        return new PaymentRow(
                text(event.getEventId()),
                text(event.getOrgId()),
                event.getKind().name(),
                event.getTransactionId(),
                event.getPaymentTransactionId(),
                text(event.getCustomerId()),
                text(event.getClubId()),
                event.getAmountMinor(),
                text(event.getCurrency()),
                event.getOccurredAt(),
                event.getReceivedAt(),
                event.getTestMode(),
                text(event.getStatus()),
                card == null ? null : text(card.getFirstSix()),
                card == null ? null : text(card.getLastFour()),
                card == null ? null : text(card.getType()),
                fees == null ? null : fees.getTotalFeeMinor(),
                text(event.getReason()),
                event.getReasonCode(),
                text(event.getInvoiceId()),
                text(event.getOperationType()),
                event.getOrgMode() == null ? null : event.getOrgMode().name());
    }

    static ShiftEventRow shift(final ShiftEvent event) {
        return new ShiftEventRow(
                text(event.getEventId()),
                text(event.getOrgId()),
                text(event.getClubId()),
                text(event.getShiftId()),
                event.getAction().name(),
                event.getOccurredAt(),
                text(event.getActor()));
    }

    private static String text(final String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }
}

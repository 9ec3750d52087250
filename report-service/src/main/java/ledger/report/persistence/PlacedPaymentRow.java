package ledger.report.persistence;

import java.time.Instant;

import ledger.report.domain.Kind;
import ledger.report.domain.Payment;

/**
 * A payment with what it inherits from the payment it refers to and where it belongs right now, as the
 * {@code placed_payments} view computes it.
 *
 * @param placement {@code SHIFT}, {@code OUTSIDE_ANY_SHIFT} or {@code NO_CLUB}
 * @param shiftId the shift it belongs to when {@code placement} is {@code SHIFT}
 */
public record PlacedPaymentRow(
        String eventId,
        String orgId,
        String kind,
        Long transactionId,
        Long paymentTransactionId,
        String customerId,
        String clubId,
        long amountMinor,
        String currency,
        Instant occurredAt,
        Instant receivedAt,
        Instant ingestedAt,
        boolean testMode,
        String status,
        String cardFirstSix,
        String cardLastFour,
        String cardType,
        Long totalFeeMinor,
        String reason,
        Integer reasonCode,
        String invoiceId,
        String shiftId,
        String placement,
        boolean amended) {

    public static final String SHIFT = "SHIFT";
    public static final String OUTSIDE_ANY_SHIFT = "OUTSIDE_ANY_SHIFT";
    public static final String NO_CLUB = "NO_CLUB";

    public Payment toPayment() {
        return new Payment(eventId, Kind.parse(kind), transactionId, paymentTransactionId, customerId, clubId,
                amountMinor, currency, occurredAt, receivedAt, ingestedAt, testMode, status, cardFirstSix,
                cardLastFour, cardType, totalFeeMinor, reason, reasonCode, invoiceId, amended);
    }
}

package ledger.report.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored notification as the report reads it: the values inherited from the payment it refers to (a refund's
 * currency and test flag, a capture's fee) are already filled in, and {@code amended} says whether it reached the
 * store after the shift it belongs to had been closed.
 *
 * @param amountMinor as sent: the refund amount for a refund
 * @param currency ISO 4217, or {@code null} when neither this row nor the referred payment names one
 * @param ingestedAt when the report store recorded it; the amendment time when {@code amended}
 * @param operationType CloudPayments' OperationType ({@code Payment}, {@code Refund}, {@code CardPayout}); a Confirm's
 *        is its payment's; {@code null} when not stored, which is a payment
 * @param orgMode the organization's mode when the gateway accepted the notification; {@link OrgMode#TEST} when not stored
 */
public record Payment(
        String eventId,
        Kind kind,
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
        String operationType,
        OrgMode orgMode,
        boolean amended) {

    public Payment {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(occurredAt, "occurredAt");
        orgMode = orgMode == null ? OrgMode.TEST : orgMode;
    }

    public Category category() {
        return Category.of(kind, status, operationType, testMode, orgMode);
    }

    /** The key that makes "one line per transaction": the CloudPayments TransactionId, else the event itself. */
    String transactionKey() {
        return transactionId != null ? "T" + transactionId : "E" + eventId;
    }
}

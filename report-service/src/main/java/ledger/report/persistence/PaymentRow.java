package ledger.report.persistence;

import java.time.Instant;

/**
 * A payment notification as stored: one row per Kafka event, keyed by its event id. {@code ingested_at} is not
 * here because the database sets it, so it is the store's own clock.
 *
 * @param operationType OperationType as sent ({@code Payment}, {@code Refund}, {@code CardPayout}), or {@code null}
 * @param orgMode the organization's mode when the gateway accepted the event ({@code TEST}, {@code LIVE}), or
 *        {@code null} for an event written before modes existed
 */
public record PaymentRow(
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
        Boolean testMode,
        String status,
        String cardFirstSix,
        String cardLastFour,
        String cardType,
        Long totalFeeMinor,
        String reason,
        Integer reasonCode,
        String invoiceId,
        String operationType,
        String orgMode) {
}

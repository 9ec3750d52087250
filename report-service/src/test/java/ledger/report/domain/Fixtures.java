package ledger.report.domain;

import java.time.Instant;

/** Builders for domain tests: a payment with sensible defaults, changed field by field. */
final class Fixtures {

    static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");

    private Fixtures() {
    }

    static Payment payment(final Kind kind, final long transactionId, final long amountMinor, final String status) {
        return new Payment("org:" + kind + ":" + transactionId, kind, transactionId, null, "cust-1", "club-1",
                amountMinor, "RUB", T0, T0, T0, false, status, "411111", "1111", "Visa", null, null, null, null,
                "Payment", OrgMode.TEST, false);
    }

    static Payment withCurrency(final Payment p, final String currency) {
        return new Payment(p.eventId(), p.kind(), p.transactionId(), p.paymentTransactionId(), p.customerId(), p.clubId(),
                p.amountMinor(), currency, p.occurredAt(), p.receivedAt(), p.ingestedAt(), p.testMode(), p.status(),
                p.cardFirstSix(), p.cardLastFour(), p.cardType(), p.totalFeeMinor(), p.reason(), p.reasonCode(),
                p.invoiceId(), p.operationType(), p.orgMode(), p.amended());
    }

    static Payment withTest(final Payment p) {
        return new Payment(p.eventId(), p.kind(), p.transactionId(), p.paymentTransactionId(), p.customerId(), p.clubId(),
                p.amountMinor(), p.currency(), p.occurredAt(), p.receivedAt(), p.ingestedAt(), true, p.status(),
                p.cardFirstSix(), p.cardLastFour(), p.cardType(), p.totalFeeMinor(), p.reason(), p.reasonCode(),
                p.invoiceId(), p.operationType(), p.orgMode(), p.amended());
    }

    static Payment withFee(final Payment p, final Long feeMinor) {
        return new Payment(p.eventId(), p.kind(), p.transactionId(), p.paymentTransactionId(), p.customerId(), p.clubId(),
                p.amountMinor(), p.currency(), p.occurredAt(), p.receivedAt(), p.ingestedAt(), p.testMode(), p.status(),
                p.cardFirstSix(), p.cardLastFour(), p.cardType(), feeMinor, p.reason(), p.reasonCode(),
                p.invoiceId(), p.operationType(), p.orgMode(), p.amended());
    }

    /** {@code p} with {@code operationType} as stored ({@code null}: a row stored before operation types were). */
    static Payment withOperationType(final Payment p, final String operationType) {
        return new Payment(p.eventId(), p.kind(), p.transactionId(), p.paymentTransactionId(), p.customerId(), p.clubId(),
                p.amountMinor(), p.currency(), p.occurredAt(), p.receivedAt(), p.ingestedAt(), p.testMode(), p.status(),
                p.cardFirstSix(), p.cardLastFour(), p.cardType(), p.totalFeeMinor(), p.reason(), p.reasonCode(),
                p.invoiceId(), operationType, p.orgMode(), p.amended());
    }

    /** {@code p} accepted while the organization was in {@code orgMode} ({@code null}: a row stored before modes were). */
    static Payment withOrgMode(final Payment p, final OrgMode orgMode) {
        return new Payment(p.eventId(), p.kind(), p.transactionId(), p.paymentTransactionId(), p.customerId(), p.clubId(),
                p.amountMinor(), p.currency(), p.occurredAt(), p.receivedAt(), p.ingestedAt(), p.testMode(), p.status(),
                p.cardFirstSix(), p.cardLastFour(), p.cardType(), p.totalFeeMinor(), p.reason(), p.reasonCode(),
                p.invoiceId(), p.operationType(), orgMode, p.amended());
    }

    static Payment at(final Payment p, final Instant occurredAt) {
        return new Payment(p.eventId(), p.kind(), p.transactionId(), p.paymentTransactionId(), p.customerId(), p.clubId(),
                p.amountMinor(), p.currency(), occurredAt, p.receivedAt(), p.ingestedAt(), p.testMode(), p.status(),
                p.cardFirstSix(), p.cardLastFour(), p.cardType(), p.totalFeeMinor(), p.reason(), p.reasonCode(),
                p.invoiceId(), p.operationType(), p.orgMode(), p.amended());
    }

    static Payment amendedAt(final Payment p, final Instant ingestedAt) {
        return new Payment(p.eventId(), p.kind(), p.transactionId(), p.paymentTransactionId(), p.customerId(), p.clubId(),
                p.amountMinor(), p.currency(), p.occurredAt(), p.receivedAt(), ingestedAt, p.testMode(), p.status(),
                p.cardFirstSix(), p.cardLastFour(), p.cardType(), p.totalFeeMinor(), p.reason(), p.reasonCode(),
                p.invoiceId(), p.operationType(), p.orgMode(), true);
    }

    static Payment refund(final long refundId, final long paymentTransactionId, final long amountMinor) {
        return new Payment("org:REFUND:" + refundId, Kind.REFUND, refundId, paymentTransactionId, "cust-1", "club-1",
                amountMinor, "RUB", T0, T0, T0, false, null, null, null, null, null, null, null, null,
                "Refund", OrgMode.TEST, false);
    }
}

package ledger.report.domain;

import java.time.Instant;

/**
 * One transaction in a report's drill-down list. A transaction may have several notifications (Check, an
 * Authorized Pay, its Confirm, a Cancel); the line shows the one that decides what happened to the money.
 *
 * @param amountMinor positive; a refund's amount is shown as a positive number in the refund column
 * @param amendedAt when the latest of its notifications arrived after the shift closed, or {@code null}
 */
public record ReportLine(
        Instant time,
        String eventId,
        Kind kind,
        Category category,
        String status,
        String customerId,
        Long transactionId,
        Long paymentTransactionId,
        String card,
        String cardType,
        long amountMinor,
        String currency,
        Long feeMinor,
        String reason,
        boolean test,
        boolean amended,
        Instant amendedAt) {

    /** Every payment this service reports reached the club through its mobile app. */
    public static final String PAYMENT_TYPE_APP = "App";

    public String paymentType() {
        return PAYMENT_TYPE_APP;
    }
}

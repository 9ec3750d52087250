package ledger.balance.domain;

import java.time.Instant;

import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;

/** Builds payment events for tests, with the ids the gateway would give them. */
public final class Events {

    public static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private Events() {
    }

    public static PaymentEvent pay(final String org, final String customer, final long txn, final long amountMinor) {
        return base(org, NotificationKind.PAY, txn, customer, amountMinor).setStatus("Completed").setGatewayName("Tinkoff").setAuthCode("A1B2C3").build();
    }

    public static PaymentEvent authorize(final String org, final String customer, final long txn, final long amountMinor) {
        return base(org, NotificationKind.PAY, txn, customer, amountMinor).setStatus("Authorized").setGatewayName("Tinkoff").setAuthCode("A1B2C3").build();
    }

    public static PaymentEvent confirm(final String org, final String customer, final long txn, final long amountMinor) {
        return base(org, NotificationKind.CONFIRM, txn, customer, amountMinor).setStatus("Completed").build();
    }

    public static PaymentEvent cancel(final String org, final long txn, final long amountMinor) {
        return base(org, NotificationKind.CANCEL, txn, null, amountMinor).setCurrency(null).setTestMode(null).build();
    }

    public static PaymentEvent refund(final String org, final String customer, final long refundTxn, final long paymentTxn, final long amountMinor) {
        return base(org, NotificationKind.REFUND, refundTxn, customer, amountMinor)
                .setPaymentTransactionId(paymentTxn).setCurrency(null).setTestMode(null).setOperationType("Refund").build();
    }

    /** A Check that the gateway answered with {@code code} (0 approved). */
    public static PaymentEvent check(final String org, final String customer, final long txn, final long amountMinor, final int code) {
        return base(org, NotificationKind.CHECK, txn, customer, amountMinor).setStatus("Completed").setCheckCode(code).build();
    }

    public static PaymentEvent fail(final String org, final String customer, final long txn, final long amountMinor) {
        return base(org, NotificationKind.FAIL, txn, customer, amountMinor).setStatus("Declined").setReason("InsufficientFunds").setReasonCode(5051).build();
    }

    public static PaymentEvent.Builder base(final String org, final NotificationKind kind, final long txn, final String customer, final long amountMinor) {
        return PaymentEvent.newBuilder()
                .setEventId(org + ":" + kind + ":" + txn)
                .setOrgId(org)
                .setKind(kind)
                .setTransactionId(txn)
                .setCustomerId(customer)
                .setAmountMinor(amountMinor)
                .setCurrency("RUB")
                .setOccurredAt(T0.plusSeconds(txn % 1000))
                .setReceivedAt(T0.plusSeconds(txn % 1000 + 1))
                .setTestMode(false)
                .setOperationType("Payment");
    }
}

package ledger.operator;

import java.time.Instant;
import java.util.UUID;

import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.events.ShiftAction;
import ledger.events.ShiftEvent;

/** Payment and shift events as the gateway and the report service write them, for tests. */
public final class Events {

    public static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private Events() {
    }

    public static PaymentEvent pay(final String org, final String customer, final long txn, final long amountMinor) {
        return base(org, NotificationKind.PAY, txn, customer, amountMinor).setStatus("Completed").setGatewayName("Tinkoff").build();
    }

    public static PaymentEvent pay(final String org, final String customer, final String club, final long txn, final long amountMinor) {
        return base(org, NotificationKind.PAY, txn, customer, amountMinor).setStatus("Completed").setGatewayName("Tinkoff").setClubId(club)
                .setData("{\"clubId\":\"" + club + "\"}").build();
    }

    public static PaymentEvent authorize(final String org, final String customer, final long txn, final long amountMinor) {
        return base(org, NotificationKind.PAY, txn, customer, amountMinor).setStatus("Authorized").setGatewayName("Tinkoff").build();
    }

    public static PaymentEvent confirm(final String org, final String customer, final long txn, final long amountMinor) {
        return base(org, NotificationKind.CONFIRM, txn, customer, amountMinor).setStatus("Completed").build();
    }

    public static PaymentEvent refund(final String org, final String customer, final long refundTxn, final long paymentTxn, final long amountMinor) {
        return base(org, NotificationKind.REFUND, refundTxn, customer, amountMinor)
                .setPaymentTransactionId(paymentTxn).setCurrency(null).setTestMode(null).setOperationType("Refund").build();
    }

    public static PaymentEvent fail(final String org, final String customer, final String club, final long txn, final long amountMinor) {
        return base(org, NotificationKind.FAIL, txn, customer, amountMinor).setStatus("Declined").setClubId(club)
                .setReason("InsufficientFunds").setReasonCode(5051).build();
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
                .setOccurredAt(T0.plusSeconds(txn % 10_000))
                .setReceivedAt(T0.plusSeconds(txn % 10_000 + 1))
                .setTestMode(false)
                .setOperationType("Payment");
    }

    public static ShiftEvent shift(final String org, final String club, final String shiftId, final ShiftAction action, final Instant at) {
        return ShiftEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes((org + shiftId + action).getBytes()).toString())
                .setOrgId(org).setClubId(club).setShiftId(shiftId).setAction(action).setOccurredAt(at).setActor("admin")
                .build();
    }
}

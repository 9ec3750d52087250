package ledger.schemas.serde;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import ledger.events.BalanceEvent;
import ledger.events.Card;
import ledger.events.DeadLetter;
import ledger.events.Fees;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.events.ShiftAction;
import ledger.events.ShiftEvent;
import ledger.events.Subscription;

/** One fully populated value of each event type, every optional field set, for round-trip tests. */
public final class SampleEvents {

    private static final Instant OCCURRED_AT = Instant.parse("2026-05-04T10:15:30.123Z");

    private SampleEvents() {
    }

    public static PaymentEvent payment() {
        return PaymentEvent.newBuilder()
                .setEventId("org-1:PAY:3086654120")
                .setOrgId("org-1")
                .setKind(NotificationKind.RECURRENT)
                .setTransactionId(3_086_654_120L)
                .setPaymentTransactionId(3_086_654_000L)
                .setCustomerId("c-42")
                .setClubId("club-7")
                .setAmountMinor(150_000L)
                .setCurrency("RUB")
                .setPaymentAmountMinor(150_000L)
                .setPaymentCurrency("RUB")
                .setOccurredAt(OCCURRED_AT)
                .setReceivedAt(OCCURRED_AT.plusMillis(2_345))
                .setTestMode(true)
                .setStatus("Completed")
                .setOperationType("Payment")
                .setInvoiceId("inv-9")
                .setSubscriptionId("sc_8cf8a9338fb8ebf7202b08d09c938")
                .setCard(Card.newBuilder().setFirstSix("424242").setLastFour("4242").setType("Visa")
                        .setExpDate("12/29").setIssuer("Sberbank of Russia").setIssuerBankCountry("RU").setProduct("I").build())
                .setGatewayName("Test")
                .setAuthCode("A1B2C3")
                .setRrn("514610000001")
                .setFees(Fees.newBuilder().setTotalFeeMinor(3_900L).setVatAboveTotalFeeMinor(780L)
                        .setProcessorAndPartnerFeeMinor(120L).setVatWithinProcessorFeeMinor(20L).build())
                .setReason("Approved")
                .setReasonCode(0)
                .setDescription("Пополнение баланса")
                .setPaymentMethod("Sbp")
                .setFallbackDeclinedTransactionId(3_086_654_119L)
                .setData("{\"clubId\":\"club-7\"}")
                .setSubscription(Subscription.newBuilder().setId("sc_8cf8a9338fb8ebf7202b08d09c938").setStatus("Active")
                        .setDescription("Monthly top-up").setRequireConfirmation(false).setStartAt(OCCURRED_AT)
                        .setInterval("Month").setPeriod(1).setMaxPeriods(12).setSuccessfulTransactions(3)
                        .setFailedTransactions(0).setLastTransactionAt(OCCURRED_AT)
                        .setNextTransactionAt(OCCURRED_AT.plusSeconds(2_592_000)).build())
                .setReconciled(true)
                .build();
    }

    public static BalanceEvent balance() {
        return BalanceEvent.newBuilder()
                .setEventId("org-1:c-42:RUB:7")
                .setOrgId("org-1")
                .setCustomerId("c-42")
                .setCurrency("RUB")
                .setAmountMinor(-5_000L)
                .setBalanceAfterMinor(145_000L)
                .setSequence(7L)
                .setSourceEventId("org-1:REFUND:3086654121")
                .setSourceTransactionId(3_086_654_121L)
                .setSourceKind(NotificationKind.REFUND)
                .setTestMode(false)
                .setOccurredAt(OCCURRED_AT)
                .build();
    }

    public static ShiftEvent shift() {
        return ShiftEvent.newBuilder()
                .setEventId("shift-event-1")
                .setOrgId("org-1")
                .setClubId("club-7")
                .setShiftId("shift-2026-05-04-day")
                .setAction(ShiftAction.CLOSED)
                .setOccurredAt(OCCURRED_AT)
                .setActor("admin@club-7")
                .build();
    }

    public static DeadLetter deadLetter() {
        return DeadLetter.newBuilder()
                .setSourceTopic("payments")
                .setSourcePartition(3)
                .setSourceOffset(1_234_567L)
                .setKey(ByteBuffer.wrap("org-1:c-42".getBytes(StandardCharsets.UTF_8)))
                .setValue(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 9, (byte) 0xff}))
                .setReason("UNDESERIALIZABLE")
                .setDetail("unknown writer schema id 9")
                .setService("ledger-service")
                .setOccurredAt(OCCURRED_AT)
                .build();
    }
}

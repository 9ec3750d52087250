package ledger.balance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.events.PaymentState;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.serde.MockSchemaRegistry;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What remembering a payment forever costs: the serialized size (Confluent framing included, as stored in
 * RocksDB and in the changelog) of a typical payment's state, with realistic identifiers. The numbers
 * quoted in {@code LedgerTopology}'s Javadoc come from here; the bounds catch a schema change that bloats them.
 */
class PaymentStateSizeTest {

    private static final String SCOPE = "PaymentStateSizeTest";
    private static final String ORG = "club-net-042";
    private static final String CUSTOMER = "70012345";
    private static final long PAYMENT = 3_541_977_847L;

    private final Serializer<PaymentState> serializer = AvroSerdes.specific(PaymentState.class,
            Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, "mock://" + SCOPE), false).serializer();

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void aCreditedOneStagePaymentTakes142Bytes() {
        final PaymentState credited = PaymentRules.apply(null, event(NotificationKind.PAY, PAYMENT, "Completed", 150_000)).state();
        assertThat(size(credited)).isEqualTo(142);
    }

    @Test
    void aCheckedAndCreditedOneStagePaymentTakes212Bytes() {
        PaymentState state = PaymentRules.apply(null, check(PAYMENT, 150_000)).state();
        state = PaymentRules.apply(state, event(NotificationKind.PAY, PAYMENT, "Completed", 150_000)).state();
        assertThat(state.getCreditedMinor()).isEqualTo(150_000);
        assertThat(size(state)).isEqualTo(212);
    }

    @Test
    void aCheckedAndFailedAttemptTakes211Bytes() {
        PaymentState state = PaymentRules.apply(null, check(PAYMENT, 150_000)).state();
        state = PaymentRules.apply(state, PaymentEvent.newBuilder(event(NotificationKind.FAIL, PAYMENT, "Declined", 150_000))
                .setGatewayName(null).setAuthCode(null).setReason("InsufficientFunds").setReasonCode(5051).build()).state();
        assertThat(state.getFailed()).isTrue();
        assertThat(size(state)).isEqualTo(211);
    }

    @Test
    void aConfirmedTwoStagePaymentWithAPartialRefundTakes288Bytes() {
        PaymentState state = PaymentRules.apply(null, event(NotificationKind.PAY, PAYMENT, "Authorized", 150_000)).state();
        state = PaymentRules.apply(state, event(NotificationKind.CONFIRM, PAYMENT, "Completed", 150_000)).state();
        state = PaymentRules.apply(state, PaymentEvent.newBuilder(event(NotificationKind.REFUND, PAYMENT + 1, null, 50_000))
                .setPaymentTransactionId(PAYMENT).setCurrency(null).build()).state();
        assertThat(state.getRefundedMinor()).isEqualTo(50_000);
        assertThat(size(state)).isEqualTo(288);
    }

    private static PaymentEvent check(final long txn, final long amountMinor) {
        return PaymentEvent.newBuilder(event(NotificationKind.CHECK, txn, "Completed", amountMinor))
                .setGatewayName(null).setAuthCode(null).setCheckCode(0).build();
    }

    private int size(final PaymentState state) {
        return serializer.serialize("ledger-payments-changelog", state).length;
    }

    private static PaymentEvent event(final NotificationKind kind, final long txn, final String status, final long amountMinor) {
        final Instant at = Instant.parse("2026-11-20T10:00:00Z");
        return PaymentEvent.newBuilder()
                .setEventId(ORG + ":" + kind + ":" + txn)
                .setOrgId(ORG)
                .setKind(kind)
                .setTransactionId(txn)
                .setCustomerId(CUSTOMER)
                .setAmountMinor(amountMinor)
                .setCurrency("RUB")
                .setStatus(status)
                .setOccurredAt(at)
                .setReceivedAt(at.plusSeconds(1))
                .setTestMode(false)
                .setGatewayName(kind == NotificationKind.PAY ? "Tinkoff" : null)
                .setAuthCode(kind == NotificationKind.PAY ? "A1B2C3" : null)
                .build();
    }
}

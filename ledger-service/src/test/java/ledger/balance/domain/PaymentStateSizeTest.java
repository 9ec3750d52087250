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
    void aCreditedOneStagePaymentTakes137Bytes() {
        final PaymentState credited = PaymentRules.apply(null, event(NotificationKind.PAY, PAYMENT, "Completed", 150_000)).state();
        assertThat(size(credited)).isEqualTo(137);
    }

    @Test
    void aConfirmedTwoStagePaymentWithAPartialRefundTakes283Bytes() {
        PaymentState state = PaymentRules.apply(null, event(NotificationKind.PAY, PAYMENT, "Authorized", 150_000)).state();
        state = PaymentRules.apply(state, event(NotificationKind.CONFIRM, PAYMENT, "Completed", 150_000)).state();
        state = PaymentRules.apply(state, PaymentEvent.newBuilder(event(NotificationKind.REFUND, PAYMENT + 1, null, 50_000))
                .setPaymentTransactionId(PAYMENT).setCurrency(null).build()).state();
        assertThat(state.getRefundedMinor()).isEqualTo(50_000);
        assertThat(size(state)).isEqualTo(283);
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
                .build();
    }
}

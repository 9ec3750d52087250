package ledger.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import ledger.events.BalanceEvent;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.operator.audit.BalanceEventLogProbe;
import ledger.operator.history.LedgerReplay;
import ledger.operator.reconcile.CloudPaymentsList;
import ledger.operator.reconcile.ReconciliationProbe;
import org.junit.jupiter.api.Test;

/** The parts without I/O: CloudPayments' list format, the ledger's replay, the balance-event sequence checks. */
class PureLogicTest {

    @Test
    void theOfficialListSampleIsReadExactly() throws IOException {
        final JsonNode sample;
        try (InputStream in = getClass().getResourceAsStream("/cloudpayments/official_doc__api_v2_payments_list__response.jsonc")) {
            sample = JsonMapper.builder().enable(JsonReadFeature.ALLOW_JAVA_COMMENTS).enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build()
                    .readTree(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        final CloudPaymentsList.Transaction t = ReconciliationProbe.parse(sample.path("Model").get(0));
        assertThat(t.transactionId()).isEqualTo(54);
        assertThat(t.amount()).isEqualByComparingTo(new BigDecimal("12.34"));
        assertThat(t.currency()).isEqualTo("RUB");
        assertThat(t.accountId()).isEqualTo("User@Example.com");
        assertThat(t.status()).isEqualTo("Declined");
        assertThat(t.testMode()).isTrue();
        assertThat(t.createdAt()).isEqualTo(Instant.ofEpochMilli(1615288374632L)); // = CreatedDateIso 2021-03-09T11:12:54 UTC
        assertThat(t.jsonData()).isEqualTo("{\"some\": \"value\"}");
        assertThat(t.type()).isZero();
    }

    @Test
    void aReconciledPayHasTheWebhooksIdAndContent() {
        final JsonNode completed = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build().createObjectNode()
                .put("TransactionId", 897749645L).put("Amount", new BigDecimal("159.00")).put("Currency", "RUB").put("AccountId", "usex_x")
                .put("Status", "Completed").put("TestMode", true).put("CreatedDate", "/Date(1635566398686)/").put("Type", 0)
                .put("JsonData", "{\"ClubId\": 7}").put("TotalFee", new BigDecimal("4.77"));
        final PaymentEvent pay = ReconciliationProbe.injection("org", NotificationKind.PAY, ReconciliationProbe.parse(completed), 15_900,
                Instant.parse("2026-11-21T12:00:00.123456Z"));
        assertThat(pay.getEventId()).isEqualTo("org:PAY:897749645");
        assertThat(pay.getAmountMinor()).isEqualTo(15_900);
        assertThat(pay.getStatus()).isEqualTo("Completed");
        assertThat(pay.getCustomerId()).isEqualTo("usex_x");
        assertThat(pay.getClubId()).isEqualTo("7");
        assertThat(pay.getTestMode()).isTrue();
        assertThat(pay.getReconciled()).isTrue();
        assertThat(pay.getOccurredAt()).isEqualTo(Instant.parse("2021-10-30T03:59:58.686Z"));
        assertThat(pay.getReceivedAt()).isEqualTo(Instant.parse("2026-11-21T12:00:00.123Z"));
        assertThat(pay.getFees().getTotalFeeMinor()).isEqualTo(477);
        // Once applied, the webhook's own delivery of the same payment is a duplicate. The webhook carries what every
        // Pay carries (GatewayName, AuthCode), which this API transaction lacks: without them it would be a Check's body.
        final PaymentEvent webhook = PaymentEvent.newBuilder(pay).setReconciled(false).setReceivedAt(Instant.parse("2026-11-22T00:00:00Z"))
                .setGatewayName("Test").setAuthCode("A1B2C3").build();
        final LedgerReplay replay = LedgerReplay.of(List.of(pay, webhook));
        assertThat(replay.customers().get("org:usex_x").getTestBalances()).isEqualTo(Map.of("RUB", 15_900L));
        assertThat(replay.customers().get("org:usex_x").getBalances()).isEmpty();
        assertThat(replay.outcomes()).containsEntry(ledger.balance.domain.Outcome.DUPLICATE, 1);
    }

    @Test
    void balanceEventsMustFormAGapFreeSequencePerHistory() {
        final BalanceEventLogProbe log = new BalanceEventLogProbe();
        log.add(event(1, 100));
        log.add(event(2, 150));
        log.add(event(4, 170));
        assertThat(log.anomalies()).containsExactly("sequence gap: 3..3 missing at p@2");
        log.add(event(1, 100)); // a rebuild from scratch
        log.add(event(2, 150));
        assertThat(log.anomalies()).isEmpty();
        assertThat(log.notes()).singleElement().asString().contains("history restarts at sequence 1");
        assertThat(log.lastSequence()).isEqualTo(2);
        assertThat(log.balanceAfter()).isEqualTo(Map.of("RUB", 150L));
        log.add(event(2, 150));
        assertThat(log.anomalies()).containsExactly("sequence 2 repeated at p@5");
    }

    private static BalanceEvent event(final long sequence, final long after) {
        return BalanceEvent.newBuilder().setEventId("o:c:" + sequence).setOrgId("o").setCustomerId("c").setCurrency("RUB")
                .setAmountMinor(after).setBalanceAfterMinor(after).setSequence(sequence).setSourceEventId("o:PAY:" + sequence)
                .setSourceKind(NotificationKind.PAY).setTestMode(false).setOccurredAt(Instant.EPOCH).build();
    }
}

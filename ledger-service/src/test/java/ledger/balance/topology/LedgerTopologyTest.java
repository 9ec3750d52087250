package ledger.balance.topology;

import static ledger.balance.domain.Events.authorize;
import static ledger.balance.domain.Events.check;
import static ledger.balance.domain.Events.confirm;
import static ledger.balance.domain.Events.fail;
import static ledger.balance.domain.Events.pay;
import static ledger.balance.domain.Events.refund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import ledger.balance.domain.Outcome;
import ledger.events.BalanceEvent;
import ledger.events.CustomerBalances;
import ledger.events.DeadLetter;
import ledger.events.NotificationKind;
import ledger.events.OrgMode;
import ledger.events.PaymentEvent;
import ledger.events.PaymentState;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.serde.MockSchemaRegistry;
import ledger.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole ledger topology on TopologyTestDriver: output topics, store contents (balances and recent history)
 * and what the metrics listener hears, for every kind of input.
 */
class LedgerTopologyTest {

    private static final String SCOPE = "LedgerTopologyTest";
    private final Map<String, Object> serdeConfig = Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
    private TopologyTestDriver driver;
    private TestInputTopic<String, PaymentEvent> payments;
    private TestInputTopic<String, byte[]> rawPayments;
    private TestOutputTopic<String, BalanceEvent> balanceEvents;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private KeyValueStore<String, CustomerBalances> balances;
    private KeyValueStore<String, BalanceEvent> history;
    private final RecordingListener listener = new RecordingListener();

    @BeforeEach
    void start() {
        final Topics topics = Topics.create("", serdeConfig);
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledger-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        props.put(DeadLetterDeserializationHandler.DEAD_LETTER_TOPIC, topics.deadLetters().name());
        props.put(AvroSerdes.SCHEMA_REGISTRY_URL, "mock://" + SCOPE);
        driver = new TopologyTestDriver(LedgerTopology.build(topics, serdeConfig, listener), props);
        payments = driver.createInputTopic(topics.payments().name(), Serdes.String().serializer(), topics.payments().valueSerde().serializer());
        rawPayments = driver.createInputTopic(topics.payments().name(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
        balanceEvents = driver.createOutputTopic(topics.balanceEvents().name(), Serdes.String().deserializer(), topics.balanceEvents().valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters().name(), Serdes.String().deserializer(), topics.deadLetters().valueSerde().deserializer());
        balances = driver.getKeyValueStore(LedgerTopology.BALANCES_STORE);
        history = driver.getKeyValueStore(LedgerTopology.HISTORY_STORE);
    }

    @AfterEach
    void stop() {
        driver.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private void send(final PaymentEvent e) {
        payments.pipeInput(e.getOrgId() + ":" + e.getCustomerId(), e, e.getOccurredAt());
    }

    @Test
    void aPayCreditsTheCustomerAndEmitsOneBalanceEvent() {
        send(pay("org", "c1", 1, 10_000));
        final List<BalanceEvent> events = balanceEvents.readValuesToList();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.getAmountMinor()).isEqualTo(10_000);
            assertThat(e.getBalanceAfterMinor()).isEqualTo(10_000);
            assertThat(e.getSequence()).isEqualTo(1);
            assertThat(e.getSourceTransactionId()).isEqualTo(1L);
            assertThat(e.getCurrency()).isEqualTo("RUB");
            assertThat(e.getTestMode()).isFalse();
        });
        assertThat(balances.get("org:c1").getBalances()).containsEntry("RUB", 10_000L);
        assertThat(history.get(BalanceHistory.key("org:c1", 1))).isEqualTo(events.get(0));
    }

    @Test
    void duplicatesCreditOnceAndKeepTheSequenceGapFree() {
        send(pay("org", "c1", 1, 10_000));
        send(pay("org", "c1", 1, 10_000));
        send(pay("org", "c1", 1, 10_000));
        send(pay("org", "c1", 2, 500));
        assertThat(balanceEvents.readValuesToList()).extracting(BalanceEvent::getSequence).containsExactly(1L, 2L);
        assertThat(balances.get("org:c1").getBalances()).containsEntry("RUB", 10_500L);
        assertThat(historyOf("org:c1")).extracting(BalanceEvent::getSequence).containsExactly(1L, 2L);
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(listener.decisions).containsExactly(Outcome.APPLIED, Outcome.DUPLICATE, Outcome.DUPLICATE, Outcome.APPLIED);
        assertThat(listener.postings).containsExactly(10_000L, 500L);
        assertThat(listener.flags).isEmpty();
    }

    @Test
    void aConflictGoesToTheDeadLetterTopicAndIsNotApplied() {
        send(pay("org", "c1", 1, 10_000));
        send(pay("org", "c2", 1, 10_000)); // same transaction, another customer: keyed elsewhere, still caught
        assertThat(balanceEvents.readValuesToList()).hasSize(1);
        assertThat(balances.get("org:c2")).isNull();
        final DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).isEqualTo("CONFLICT");
        assertThat(letter.getDetail()).contains("org:PAY:1");
        assertThat(letter.getValue()).isNotNull();
        assertThat(historyOf("org:c2")).isEmpty();
        assertThat(listener.flags).containsExactly(Outcome.CONFLICT);
    }

    @Test
    void refundsDebitAndAnOverRefundIsFlagged() {
        send(pay("org", "c1", 1, 10_000));
        send(refund("org", "c1", 2, 1, 4_000));
        send(refund("org", "c1", 3, 1, 7_000));
        assertThat(balanceEvents.readValuesToList()).extracting(BalanceEvent::getBalanceAfterMinor).containsExactly(10_000L, 6_000L);
        assertThat(deadLetters.readValue().getReason()).isEqualTo("OVER_REFUND");
        assertThat(historyOf("org:c1")).extracting(BalanceEvent::getAmountMinor, BalanceEvent::getBalanceAfterMinor, BalanceEvent::getSourceTransactionId)
                .containsExactly(tuple(10_000L, 10_000L, 1L), tuple(-4_000L, 6_000L, 2L));
        assertThat(listener.postings).containsExactly(10_000L, -4_000L);
        assertThat(listener.flags).containsExactly(Outcome.OVER_REFUND);
    }

    @Test
    void aRefundBeforeItsPaymentIsAppliedOnceThePaymentArrives() {
        send(refund("org", "c1", 2, 1, 4_000));
        assertThat(balanceEvents.isEmpty()).isTrue();
        send(pay("org", "c1", 1, 10_000));
        assertThat(balanceEvents.readValuesToList()).extracting(BalanceEvent::getAmountMinor).containsExactly(10_000L, -4_000L);
        assertThat(balances.get("org:c1").getBalances()).containsEntry("RUB", 6_000L);
    }

    @Test
    void twoStagePaymentsCreditOnConfirmAndFailsMoveNoMoney() {
        send(authorize("org", "c1", 1, 3_000));
        send(fail("org", "c1", 2, 3_000));
        assertThat(balanceEvents.isEmpty()).isTrue();
        send(confirm("org", "c1", 1, 3_000));
        assertThat(balanceEvents.readValuesToList()).extracting(BalanceEvent::getAmountMinor).containsExactly(3_000L);
    }

    @Test
    void anUndeserializableRecordIsSkippedAndTheStreamGoesOn() {
        // TopologyTestDriver drops the handler's dead-letter records; DeadLetterDeserializationHandlerTest and
        // LedgerApiTest (on the embedded broker) check that they reach the topic.
        rawPayments.pipeInput("org:c1", new byte[] {1, 2, 3});
        send(pay("org", "c1", 1, 10_000));
        assertThat(balances.get("org:c1").getBalances()).containsEntry("RUB", 10_000L);
    }

    @Test
    void testMoneyIsABalanceOfItsOwnNeverAddedToLiveMoney() {
        send(PaymentEvent.newBuilder(pay("org", "c1", 1, 100)).setTestMode(true).setOrgMode(OrgMode.TEST).build());
        send(pay("org", "c1", 2, 5_000));
        assertThat(balanceEvents.readValuesToList())
                .extracting(BalanceEvent::getTestMode, BalanceEvent::getAmountMinor, BalanceEvent::getBalanceAfterMinor, BalanceEvent::getSequence)
                .containsExactly(tuple(true, 100L, 100L, 1L), tuple(false, 5_000L, 5_000L, 2L));
        assertThat(balances.get("org:c1").getBalances()).isEqualTo(Map.of("RUB", 5_000L));
        assertThat(balances.get("org:c1").getTestBalances()).isEqualTo(Map.of("RUB", 100L));
    }

    @Test
    void onceLiveATestPaymentIsRecordedAndDeadLetteredButCreditsNothing() {
        send(PaymentEvent.newBuilder(pay("org", "c1", 1, 100)).setTestMode(true).setOrgMode(OrgMode.LIVE).build());
        send(PaymentEvent.newBuilder(pay("org", "c1", 1, 100)).setTestMode(true).setOrgMode(OrgMode.LIVE).build());
        assertThat(balanceEvents.isEmpty()).isTrue();
        assertThat(deadLetters.readValuesToList()).singleElement().satisfies(d -> assertThat(d.getReason()).isEqualTo("TEST_IN_LIVE"));
        assertThat(listener.decisions).containsExactly(Outcome.TEST_IN_LIVE, Outcome.DUPLICATE);
        assertThat(store().get("org:1").getTestInLive()).isTrue();
    }

    @Test
    void aPayoutIsRecordedAndNeverChangesABalance() {
        send(PaymentEvent.newBuilder(pay("org", "c1", 1, 70_000)).setOperationType("CardPayout").build());
        send(PaymentEvent.newBuilder(refund("org", "c1", 2, 1, 70_000)).setOperationType("CardPayout").build());
        assertThat(balanceEvents.isEmpty()).isTrue();
        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getReason).containsExactly("PAYOUT", "PAYOUT");
        assertThat(listener.flags).containsExactly(Outcome.PAYOUT, Outcome.PAYOUT);
    }

    @Test
    void checkAndFailReachThePaymentStateAndAPayAfterThemIsAConflictNamingBoth() {
        send(check("org", "c1", 1, 30_000, 12));
        send(pay("org", "c1", 1, 30_000));
        send(fail("org", "c1", 2, 20_000));
        send(confirm("org", "c1", 2, 20_000));
        assertThat(balanceEvents.isEmpty()).isTrue();
        assertThat(store().get("org:1").getCheckCode()).isEqualTo(12);
        assertThat(store().get("org:2").getFailed()).isTrue();
        assertThat(deadLetters.readValuesToList()).extracting(DeadLetter::getReason, DeadLetter::getDetail).containsExactly(
                tuple("CONFLICT", "Pay org:PAY:1 for a transaction whose Check org:CHECK:1 was declined (code 12); nothing credited (event org:PAY:1)"),
                tuple("CONFLICT", "Confirm org:CONFIRM:2 after Fail org:FAIL:2 of the same transaction; nothing credited (event org:CONFIRM:2)"));
    }

    @Test
    void aFailBodyRepostedToConfirmIsAConflictNotACredit() {
        final PaymentEvent failAsConfirm = PaymentEvent.newBuilder(fail("org", "c1", 1, 20_000))
                .setKind(NotificationKind.CONFIRM).setEventId("org:CONFIRM:1").build();
        send(failAsConfirm);
        assertThat(balanceEvents.isEmpty()).isTrue();
        assertThat(deadLetters.readValue().getDetail()).startsWith("a Confirm carrying a Fail's Reason/ReasonCode");
        assertThat(store().get("org:1")).isNull();
    }

    @Test
    void aConfirmBeforeItsAuthorizationIsHeldAndCapturesAtMostTheAuthorizedAmount() {
        send(confirm("org", "c1", 1, 2_500));
        assertThat(balanceEvents.isEmpty()).isTrue();
        send(authorize("org", "c1", 1, 3_000));
        assertThat(balanceEvents.readValuesToList()).extracting(BalanceEvent::getAmountMinor).containsExactly(2_500L);

        send(authorize("org", "c1", 2, 3_000));
        send(confirm("org", "c1", 2, 3_001));
        assertThat(balanceEvents.isEmpty()).isTrue();
        assertThat(deadLetters.readValue().getDetail()).contains("captures 3001, more than authorization org:PAY:2 of 3000");
    }

    private KeyValueStore<String, PaymentState> store() {
        return driver.getKeyValueStore(LedgerTopology.PAYMENTS_STORE);
    }

    @Test
    void theHistoryKeepsEachCustomersEventsApartInSequenceOrder() {
        // "c1" and "c1:x" share a key prefix; a customer's range scan must not pick up the other's events.
        send(pay("org", "c1", 1, 100));
        send(pay("org", "c1:x", 2, 200));
        send(pay("org", "c1", 3, 300));
        for (long txn = 4; txn < 15; txn++) {
            send(pay("org", "c1", txn, 1));
        }
        assertThat(historyOf("org:c1")).extracting(BalanceEvent::getSequence).containsExactlyElementsOf(
                java.util.stream.LongStream.rangeClosed(1, 13).boxed().toList());
        assertThat(historyOf("org:c1:x")).singleElement().satisfies(e -> assertThat(e.getAmountMinor()).isEqualTo(200L));
    }

    @Test
    void theHistoryKeepsOnlyTheMostRecentEventsOfACustomer() {
        final int payments = BalanceHistory.KEPT_PER_CUSTOMER + 5;
        for (long txn = 1; txn <= payments; txn++) {
            send(pay("org", "c1", txn, 1));
        }
        send(pay("org", "c2", 1_000_000, 7)); // another customer keeps its single event
        final List<BalanceEvent> kept = historyOf("org:c1");
        assertThat(kept).hasSize(BalanceHistory.KEPT_PER_CUSTOMER);
        assertThat(kept.get(0).getSequence()).isEqualTo(6L);
        assertThat(kept.get(kept.size() - 1).getSequence()).isEqualTo(payments);
        assertThat(balances.get("org:c1").getSequence()).isEqualTo(payments);
        assertThat(historyOf("org:c2")).hasSize(1);
    }

    /** The customer's events in the history store, oldest first, as the API's range scan finds them. */
    private List<BalanceEvent> historyOf(final String customerKey) {
        final List<BalanceEvent> events = new ArrayList<>();
        try (KeyValueIterator<String, BalanceEvent> all = history.range(BalanceHistory.firstKey(customerKey), BalanceHistory.lastKey(customerKey))) {
            all.forEachRemaining(kv -> {
                if (BalanceHistory.isOfCustomer(kv.key, customerKey)) {
                    assertThat(kv.key).isEqualTo(BalanceHistory.key(customerKey, kv.value.getSequence()));
                    events.add(kv.value);
                }
            });
        }
        return events;
    }

    /** Remembers what the topology told its listener, in order. */
    private static final class RecordingListener implements LedgerListener {
        final List<Outcome> decisions = new ArrayList<>();
        final List<Long> postings = new ArrayList<>();
        final List<Outcome> flags = new ArrayList<>();

        @Override
        public void decided(final Outcome outcome, final boolean testMode) {
            decisions.add(outcome);
        }

        @Override
        public void posted(final long amountMinor, final boolean testMode) {
            postings.add(amountMinor);
        }

        @Override
        public void flagged(final Outcome reason, final boolean testMode) {
            flags.add(reason);
        }
    }
}

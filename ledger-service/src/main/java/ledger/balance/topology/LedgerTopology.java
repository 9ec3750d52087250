package ledger.balance.topology;

import java.util.Map;

import ledger.balance.domain.PaymentRules;
import ledger.events.BalanceEvent;
import ledger.events.CustomerBalances;
import ledger.events.DeadLetter;
import ledger.events.PaymentEvent;
import ledger.events.PaymentState;
import ledger.events.Posting;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The ledger as a pure function from its topics and serde configuration to a {@link Topology}.
 *
 * <pre>
 * payments ─filter(money kinds)─▶ by-payment ─payment-rules[ledger-payments]─┬─▶ by-customer ─balance-book[ledger-balances]─▶ balance-events
 *                                                                           └─▶ dead-letters (conflicts, over-refunds, invalid)
 * </pre>
 *
 * Events are first regrouped by payment (orgId:TransactionId, a refund by its payment's id) so that
 * duplicates, conflicts, refund limits and out-of-order refunds are decided with the whole history of the
 * payment at hand, wherever the events were keyed by the gateway. The decided postings are then regrouped
 * by customer, where balances and the gap-free sequence live. Every store, repartition topic and
 * processor is named, so upgrades keep their state.
 */
public final class LedgerTopology {

    /** Per-payment state: seen events, credited and refunded amounts, held refunds. */
    public static final String PAYMENTS_STORE = "ledger-payments";
    /** Per-customer balances; queried by the balance API. */
    public static final String BALANCES_STORE = "ledger-balances";

    private LedgerTopology() {
    }

    public static Topology build(final Topics topics, final Map<String, ?> serdeConfig, final LedgerListener listener) {
        final Serde<String> keys = Serdes.String();
        final Serde<PaymentEvent> paymentSerde = topics.payments().valueSerde();
        final Serde<Posting> postingSerde = AvroSerdes.specific(Posting.class, serdeConfig, false);
        final StreamsBuilder builder = new StreamsBuilder();

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PAYMENTS_STORE),
                keys, AvroSerdes.specific(PaymentState.class, serdeConfig, false)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BALANCES_STORE),
                keys, AvroSerdes.specific(CustomerBalances.class, serdeConfig, false)));

        final var decided = builder
                .stream(topics.payments().name(), Consumed.with(keys, paymentSerde).withName("payments-in"))
                .filter((key, event) -> PaymentRules.concernsBalances(event), Named.as("money-kinds-only"))
                .selectKey((key, event) -> PaymentRules.paymentKey(event), Named.as("key-by-payment"))
                .repartition(Repartitioned.<String, PaymentEvent>as("by-payment").withKeySerde(keys).withValueSerde(paymentSerde))
                .<String, SpecificRecord>process(
                        () -> new PaymentRulesProcessor(topics.payments().name(), paymentSerde.serializer(), listener),
                        Named.as("payment-rules"), PAYMENTS_STORE);

        decided.split(Named.as("decided-"))
                .branch((key, value) -> value instanceof Posting, Branched.withConsumer(postings -> postings
                        .mapValues(value -> (Posting) value, Named.as("as-posting"))
                        .repartition(Repartitioned.<String, Posting>as("by-customer").withKeySerde(keys).withValueSerde(postingSerde))
                        .process(BalanceProcessor::new, Named.as("balance-book"), BALANCES_STORE)
                        .to(topics.balanceEvents().name(), Produced.with(keys, topics.balanceEvents().valueSerde()).withName("balance-events-out")),
                        "postings"))
                .branch((key, value) -> value instanceof DeadLetter, Branched.withConsumer(letters -> letters
                        .mapValues(value -> (DeadLetter) value, Named.as("as-dead-letter"))
                        .to(topics.deadLetters().name(), Produced.with(keys, topics.deadLetters().valueSerde()).withName("dead-letters-out")),
                        "flags"));

        return builder.build();
    }
}

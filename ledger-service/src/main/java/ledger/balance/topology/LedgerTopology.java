package ledger.balance.topology;

import java.util.Map;
import java.util.function.Predicate;

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
 * payments ─filter(not Recurrent)─▶ by-payment ─payment-rules[ledger-payments]─┬─▶ by-customer ─balance-book[ledger-balances, ledger-balance-history]─▶ balance-events
 *                                                                              └─▶ dead-letters (conflicts, over-refunds, payouts, test in live, invalid)
 * </pre>
 *
 * Events are first regrouped by payment (orgId:TransactionId, a refund by its payment's id) so that
 * duplicates, conflicts, refund limits and out-of-order refunds are decided with the whole history of the
 * payment at hand, wherever the events were keyed by the gateway. The decided postings are then regrouped
 * by customer, where balances, the gap-free sequence and the recent history live. Every store, repartition
 * topic and processor is named, so upgrades keep their state.
 *
 * <h2>How long the ledger remembers a payment</h2>
 * The {@value #PAYMENTS_STORE} store keeps every payment's state forever: a plain persistent key-value store
 * (no TTL, no windowing) whose changelog is compacted, so the newest state of each payment is kept and older
 * versions are cleaned up. That memory is what turns a redelivery into a {@code DUPLICATE} instead of a
 * second credit, so it must outlive every redelivery: CloudPayments retries an unanswered notification about
 * 100 times over about 2 days, an operator may replay the payments topic from any point, and a refund may
 * come months after its payment and must find what is left of it. A window of days or weeks would let a
 * late refund be held forever, or a late duplicate credit twice. Forever costs one small record per payment:
 * 137 bytes serialized for a credited one-stage payment, 283 for an authorized, confirmed and partly refunded
 * one ({@code PaymentStateSizeTest}), plus a key of about 25 bytes; roughly 0.3 GB per million payments in
 * RocksDB and the changelog together (per copy, before compression), which is cheap next to money credited
 * twice.
 */
public final class LedgerTopology {

    /** Per-payment state: the transaction's lifecycle (Check, Pay, Fail, Confirm, Cancel), credited and refunded amounts, held notifications. */
    public static final String PAYMENTS_STORE = "ledger-payments";
    /** Per-customer balances; queried by the balance API. */
    public static final String BALANCES_STORE = "ledger-balances";
    /** Per-customer recent balance events, laid out by {@link BalanceHistory}; queried by the events API. */
    public static final String HISTORY_STORE = "ledger-balance-history";

    private LedgerTopology() {
    }

    public static Topology build(final Topics topics, final Map<String, ?> serdeConfig, final LedgerListener listener) {
        return build(topics, serdeConfig, listener, PaymentRules::concernsPayments);
    }

    /**
     * The ledger with another choice of which notifications reach the payment rule. Production passes
     * {@link PaymentRules#concernsPayments} (all but Recurrent); the benchmarks also run the ledger as it was before
     * Check and Fail were part of a payment's lifecycle (money kinds only), to measure what that state costs.
     */
    public static Topology build(final Topics topics, final Map<String, ?> serdeConfig, final LedgerListener listener,
                                 final Predicate<PaymentEvent> reachesRule) {
        final Serde<String> keys = Serdes.String();
        final Serde<PaymentEvent> paymentSerde = topics.payments().valueSerde();
        final Serde<Posting> postingSerde = AvroSerdes.specific(Posting.class, serdeConfig, false);
        final StreamsBuilder builder = new StreamsBuilder();

        // Cached: a transaction's Check and Pay usually arrive within one commit interval, and the cache turns their
        // two state writes into one RocksDB write and one changelog record at the commit.
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(PAYMENTS_STORE),
                keys, AvroSerdes.specific(PaymentState.class, serdeConfig, false)).withCachingEnabled());
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BALANCES_STORE),
                keys, AvroSerdes.specific(CustomerBalances.class, serdeConfig, false)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HISTORY_STORE),
                keys, AvroSerdes.specific(BalanceEvent.class, serdeConfig, false)));

        final var decided = builder
                .stream(topics.payments().name(), Consumed.with(keys, paymentSerde).withName("payments-in"))
                .filter((key, event) -> reachesRule.test(event), Named.as("payment-notifications-only"))
                .selectKey((key, event) -> PaymentRules.paymentKey(event), Named.as("key-by-payment"))
                .repartition(Repartitioned.<String, PaymentEvent>as("by-payment").withKeySerde(keys).withValueSerde(paymentSerde))
                .<String, SpecificRecord>process(
                        () -> new PaymentRulesProcessor(topics.payments().name(), paymentSerde.serializer(), listener),
                        Named.as("payment-rules"), PAYMENTS_STORE);

        decided.split(Named.as("decided-"))
                .branch((key, value) -> value instanceof Posting, Branched.withConsumer(postings -> postings
                        .mapValues(value -> (Posting) value, Named.as("as-posting"))
                        .repartition(Repartitioned.<String, Posting>as("by-customer").withKeySerde(keys).withValueSerde(postingSerde))
                        .process(BalanceProcessor::new, Named.as("balance-book"), BALANCES_STORE, HISTORY_STORE)
                        .to(topics.balanceEvents().name(), Produced.with(keys, topics.balanceEvents().valueSerde()).withName("balance-events-out")),
                        "postings"))
                .branch((key, value) -> value instanceof DeadLetter, Branched.withConsumer(letters -> letters
                        .mapValues(value -> (DeadLetter) value, Named.as("as-dead-letter"))
                        .to(topics.deadLetters().name(), Produced.with(keys, topics.deadLetters().valueSerde()).withName("dead-letters-out")),
                        "flags"));

        return builder.build();
    }
}

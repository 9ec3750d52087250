package ledger.bench.ledger;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

import ledger.balance.domain.BalanceBook;
import ledger.balance.domain.Outcome;
import ledger.balance.domain.PaymentDecision;
import ledger.balance.domain.PaymentRules;
import ledger.events.CustomerBalances;
import ledger.events.PaymentEvent;
import ledger.events.PaymentState;
import ledger.events.Posting;

/**
 * The ledger recomputed without Kafka, one delivery at a time in publication order: {@link PaymentRules} per
 * payment, then {@link BalanceBook} per customer, exactly as the topology chains them (and as ledger-service's test
 * {@code Replay} does). All of a payment's events share a partition, so the topology sees them in this order too;
 * a customer's postings may interleave differently across payments, which changes no final balance and no final
 * sequence number (a customer's count of postings).
 */
final class Recomputation {

    private final Map<String, PaymentState> payments = new HashMap<>();
    private final Map<String, CustomerBalances> customers = new HashMap<>();
    private final Map<Outcome, Long> outcomes = new EnumMap<>(Outcome.class);
    private long postings;
    private long flags;
    private long events;

    void accept(final PaymentEvent event) {
        events++;
        if (!PaymentRules.concernsPayments(event)) {
            return;
        }
        final String key = PaymentRules.paymentKey(event);
        final PaymentDecision decision = PaymentRules.apply(payments.get(key), event);
        outcomes.merge(decision.outcome(), 1L, Long::sum);
        if (decision.state() != null) {
            payments.put(key, decision.state());
        }
        for (final Posting posting : decision.postings()) {
            final String customerKey = posting.getOrgId() + ":" + posting.getCustomerId();
            customers.put(customerKey, BalanceBook.apply(customers.get(customerKey), posting).balances());
            postings++;
        }
        flags += decision.flags().size();
    }

    /** The per-payment memory is only needed while events come in; dropping it frees most of the heap it took. */
    void forgetPayments() {
        payments.clear();
    }

    long events() {
        return events;
    }

    /** Balance events the ledger must emit: one per posting. */
    long postings() {
        return postings;
    }

    /** Dead letters the ledger must emit: one per flagged event. */
    long flags() {
        return flags;
    }

    Map<Outcome, Long> outcomes() {
        return outcomes;
    }

    /** Final balances by {@code orgId:customerId}. */
    Map<String, CustomerBalances> balances() {
        return customers;
    }
}

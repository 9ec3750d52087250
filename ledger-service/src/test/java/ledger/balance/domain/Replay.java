package ledger.balance.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ledger.events.CustomerBalances;
import ledger.events.PaymentEvent;
import ledger.events.PaymentState;
import ledger.events.Posting;

/**
 * The ledger recomputed without Kafka: deliveries run through both stages the way the topology runs them
 * ({@link PaymentRules} per payment, then {@link BalanceBook} per customer), in the order given. The expected
 * answer for tests that run the real thing.
 */
public final class Replay {

    private Replay() {
    }

    /**
     * What the ledger ends with.
     *
     * @param balances by {@code orgId:customerId}
     * @param postings every posting, in the order the replay made them
     * @param outcomes how many deliveries ended with each outcome
     */
    public record Result(Map<String, CustomerBalances> balances, List<Posting> postings, Map<Outcome, Integer> outcomes) {
    }

    public static Result of(final List<PaymentEvent> deliveries) {
        final Map<String, PaymentState> payments = new HashMap<>();
        final Map<String, CustomerBalances> customers = new HashMap<>();
        final List<Posting> postings = new ArrayList<>();
        final Map<Outcome, Integer> outcomes = new HashMap<>();
        for (final PaymentEvent e : deliveries) {
            if (!PaymentRules.concernsPayments(e)) {
                continue;
            }
            final String key = PaymentRules.paymentKey(e);
            final PaymentDecision d = PaymentRules.apply(payments.get(key), e);
            outcomes.merge(d.outcome(), 1, Integer::sum);
            if (d.state() != null) {
                payments.put(key, d.state());
            }
            for (final Posting p : d.postings()) {
                final String customerKey = p.getOrgId() + ":" + p.getCustomerId();
                customers.put(customerKey, BalanceBook.apply(customers.get(customerKey), p).balances());
                postings.add(p);
            }
        }
        return new Result(customers, postings, outcomes);
    }
}

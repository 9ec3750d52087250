package ledger.operator.history;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ledger.balance.domain.BalanceBook;
import ledger.balance.domain.Flag;
import ledger.balance.domain.Outcome;
import ledger.balance.domain.PaymentDecision;
import ledger.balance.domain.PaymentRules;
import ledger.events.CustomerBalances;
import ledger.events.PaymentEvent;
import ledger.events.PaymentState;

/**
 * The ledger recomputed from its input by its own pure rule, the way its topology runs it: events that can move
 * money are regrouped by payment ({@link PaymentRules#paymentKey}) and decided by {@link PaymentRules#apply} with the
 * payment's state; the resulting postings are regrouped by customer and applied by {@link BalanceBook#apply}. No
 * rule is restated here.
 *
 * @param customers by {@code orgId:customerId}: balances per currency and the sequence (number of postings)
 * @param payments by payment key {@code orgId:TransactionId}: what the ledger remembers of each payment
 * @param lastDecision by event id: the outcome of the last delivery of that event
 * @param flags every refusal the ledger would dead-letter, in order
 * @param outcomes how many deliveries ended with each outcome
 */
public record LedgerReplay(Map<String, CustomerBalances> customers, Map<String, PaymentState> payments,
                           Map<String, Outcome> lastDecision, List<Flag> flags, Map<Outcome, Integer> outcomes) {

    public static LedgerReplay of(final List<PaymentEvent> deliveries) {
        final Map<String, PaymentState> payments = new HashMap<>();
        final Map<String, CustomerBalances> customers = new HashMap<>();
        final Map<String, Outcome> lastDecision = new HashMap<>();
        final List<Flag> flags = new ArrayList<>();
        final Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (final PaymentEvent event : deliveries) {
            if (!PaymentRules.concernsPayments(event)) {
                continue;
            }
            final String key = PaymentRules.paymentKey(event);
            final PaymentDecision decision = PaymentRules.apply(payments.get(key), event);
            outcomes.merge(decision.outcome(), 1, Integer::sum);
            lastDecision.put(event.getEventId(), decision.outcome());
            if (decision.state() != null) {
                payments.put(key, decision.state());
            }
            decision.postings().forEach(posting -> {
                final String customerKey = posting.getOrgId() + ":" + posting.getCustomerId();
                customers.put(customerKey, BalanceBook.apply(customers.get(customerKey), posting).balances());
            });
            flags.addAll(decision.flags());
        }
        return new LedgerReplay(customers, payments, lastDecision, flags, outcomes);
    }

    public static LedgerReplay of(final PaymentHistory history) {
        return of(history.deliveries().stream().map(PaymentHistory.Delivery::event).toList());
    }
}

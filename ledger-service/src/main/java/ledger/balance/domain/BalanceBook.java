package ledger.balance.domain;

import java.util.HashMap;
import java.util.Map;

import ledger.events.BalanceEvent;
import ledger.events.CustomerBalances;
import ledger.events.Posting;

/**
 * Applies postings to one customer's balances, as a pure function. Every posting yields exactly one
 * balance event with the balance after it and the next number of the customer's gap-free sequence.
 * Balances are never edited otherwise: a correction is another posting.
 *
 * <p>Test-mode money and live money are two balances, never one number: a test-mode posting changes the
 * customer's test balance in its currency and its event says {@code testMode}, with the test balance after it.
 * A backend service that adds up {@code balanceAfterMinor} of live events cannot include test money by mistake.
 * The sequence is one per customer over both.
 */
public final class BalanceBook {

    private BalanceBook() {
    }

    /** The customer's balances after {@code posting}, and the event that says so. */
    public record Change(CustomerBalances balances, BalanceEvent event) {
    }

    public static Change apply(final CustomerBalances current, final Posting posting) {
        final Map<String, Long> live = current == null ? new HashMap<>() : new HashMap<>(current.getBalances());
        final Map<String, Long> test = current == null ? new HashMap<>() : new HashMap<>(current.getTestBalances());
        final Map<String, Long> balances = posting.getTestMode() ? test : live;
        final long before = balances.getOrDefault(posting.getCurrency(), 0L);
        final long after = Math.addExact(before, posting.getAmountMinor());
        balances.put(posting.getCurrency(), after);
        final long sequence = (current == null ? 0 : current.getSequence()) + 1;
        final CustomerBalances next = CustomerBalances.newBuilder()
                .setOrgId(posting.getOrgId())
                .setCustomerId(posting.getCustomerId())
                .setBalances(live)
                .setTestBalances(test)
                .setSequence(sequence)
                .setUpdatedAt(posting.getOccurredAt())
                .build();
        final BalanceEvent event = BalanceEvent.newBuilder()
                .setEventId(posting.getOrgId() + ":" + posting.getCustomerId() + ":" + sequence)
                .setOrgId(posting.getOrgId())
                .setCustomerId(posting.getCustomerId())
                .setCurrency(posting.getCurrency())
                .setAmountMinor(posting.getAmountMinor())
                .setBalanceAfterMinor(after)
                .setSequence(sequence)
                .setSourceEventId(posting.getSourceEventId())
                .setSourceTransactionId(posting.getSourceTransactionId())
                .setSourceKind(posting.getSourceKind())
                .setTestMode(posting.getTestMode())
                .setOccurredAt(posting.getOccurredAt())
                .build();
        return new Change(next, event);
    }
}

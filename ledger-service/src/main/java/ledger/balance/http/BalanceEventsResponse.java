package ledger.balance.http;

import java.util.List;

/**
 * A customer's most recent balance events, newest first. {@code sequence} is the customer's current
 * sequence: when the first event's sequence equals it, nothing newer exists. The ledger keeps the last
 * {@value ledger.balance.topology.BalanceHistory#KEPT_PER_CUSTOMER} events per customer here; older ones
 * are on the balance-events topic.
 */
public record BalanceEventsResponse(String orgId, String customerId, long sequence, List<Entry> events) {

    /**
     * One change of the balance in one currency: the amount (credit positive, debit negative) and the balance
     * after it, in minor units and as decimal strings, with the CloudPayments transaction and notification
     * kind that caused it.
     */
    public record Entry(long sequence, String currency, long amountMinor, String amount, long balanceAfterMinor,
                        String balanceAfter, String kind, Long sourceTransactionId, String sourceEventId,
                        boolean testMode, String occurredAt) {
    }
}

package ledger.balance.http;

import java.util.List;

/**
 * A customer's balances. {@code balances} is live money only; {@code testBalances} is money from CloudPayments'
 * test mode, a separate number per currency that must never be added to the live one. {@code sequence} is the
 * number of the last balance event applied (over both): a client that has consumed balance events up to that
 * number has seen every change reflected here.
 */
public record BalanceResponse(String orgId, String customerId, List<Amount> balances, List<Amount> testBalances, long sequence,
                              String updatedAt) {

    /** One currency's balance in minor units, and as a decimal string for display. */
    public record Amount(String currency, long balanceMinor, String balance) {
    }
}

package ledger.report.domain;

/**
 * A report's totals in one currency. Amounts are minor units; overflow fails loudly rather than wrapping.
 *
 * @param grossMinor sum of top-ups
 * @param refundsMinor sum of refunds, as a positive number
 * @param feesMinor CloudPayments' fees on the top-ups and refunds counted here
 * @param failedCount declined attempts; never money
 * @param payoutCount payouts to cards ({@link Category#PAYOUT}): neither top-ups nor refunds, so not in net
 * @param payoutsMinor sum of those payouts, as a positive number
 * @param testInLiveCount test payments while the organization was live ({@link Category#TEST_IN_LIVE}); never money
 */
public record CurrencyTotals(
        String currency,
        long topUpCount,
        long grossMinor,
        long refundCount,
        long refundsMinor,
        long feesMinor,
        long failedCount,
        long payoutCount,
        long payoutsMinor,
        long testInLiveCount) {

    static CurrencyTotals zero(final String currency) {
        return new CurrencyTotals(currency, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    /** Gross top-ups minus refunds. Payouts are not the club's money and are not in it. */
    public long netMinor() {
        return Math.subtractExact(grossMinor, refundsMinor);
    }

    CurrencyTotals plus(final ReportLine line) {
        final long fee = line.category().isMoney() && line.feeMinor() != null ? line.feeMinor() : 0;
        return switch (line.category()) {
            case TOP_UP -> new CurrencyTotals(currency, topUpCount + 1, Math.addExact(grossMinor, line.amountMinor()),
                    refundCount, refundsMinor, Math.addExact(feesMinor, fee), failedCount, payoutCount, payoutsMinor,
                    testInLiveCount);
            case REFUND -> new CurrencyTotals(currency, topUpCount, grossMinor, refundCount + 1,
                    Math.addExact(refundsMinor, line.amountMinor()), Math.addExact(feesMinor, fee), failedCount, payoutCount,
                    payoutsMinor, testInLiveCount);
            case PAYOUT -> new CurrencyTotals(currency, topUpCount, grossMinor, refundCount, refundsMinor, feesMinor,
                    failedCount, payoutCount + 1, Math.addExact(payoutsMinor, line.amountMinor()), testInLiveCount);
            case TEST_IN_LIVE -> new CurrencyTotals(currency, topUpCount, grossMinor, refundCount, refundsMinor, feesMinor,
                    failedCount, payoutCount, payoutsMinor, testInLiveCount + 1);
            case FAILED -> new CurrencyTotals(currency, topUpCount, grossMinor, refundCount, refundsMinor, feesMinor,
                    failedCount + 1, payoutCount, payoutsMinor, testInLiveCount);
            case NOT_MONEY -> this;
        };
    }
}

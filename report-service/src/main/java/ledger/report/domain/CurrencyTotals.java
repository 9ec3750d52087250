package ledger.report.domain;

/**
 * A report's totals in one currency. Amounts are minor units; overflow fails loudly rather than wrapping.
 *
 * @param grossMinor sum of top-ups
 * @param refundsMinor sum of refunds, as a positive number
 * @param feesMinor CloudPayments' fees on the top-ups and refunds counted here
 * @param failedCount declined attempts; never money
 */
public record CurrencyTotals(
        String currency,
        long topUpCount,
        long grossMinor,
        long refundCount,
        long refundsMinor,
        long feesMinor,
        long failedCount) {

    static CurrencyTotals zero(final String currency) {
        return new CurrencyTotals(currency, 0, 0, 0, 0, 0, 0);
    }

    /** Gross top-ups minus refunds. */
    public long netMinor() {
        return Math.subtractExact(grossMinor, refundsMinor);
    }

    CurrencyTotals plus(final ReportLine line) {
        final long fee = line.category().isMoney() && line.feeMinor() != null ? line.feeMinor() : 0;
        return switch (line.category()) {
            case TOP_UP -> new CurrencyTotals(currency, topUpCount + 1, Math.addExact(grossMinor, line.amountMinor()),
                    refundCount, refundsMinor, Math.addExact(feesMinor, fee), failedCount);
            case REFUND -> new CurrencyTotals(currency, topUpCount, grossMinor, refundCount + 1,
                    Math.addExact(refundsMinor, line.amountMinor()), Math.addExact(feesMinor, fee), failedCount);
            case FAILED -> new CurrencyTotals(currency, topUpCount, grossMinor, refundCount, refundsMinor, feesMinor, failedCount + 1);
            case NOT_MONEY -> this;
        };
    }
}

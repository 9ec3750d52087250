package ledger.report.domain;

/**
 * What a notification means for the shift report's money columns. This is the one place where CloudPayments'
 * notification semantics are turned into report semantics.
 *
 * <ul>
 *   <li>a one-stage {@code PAY} with status {@code Completed} is an "App" top-up;</li>
 *   <li>a two-stage payment's {@code PAY} arrives with status {@code Authorized} (money only held, not a top-up);
 *       its {@code CONFIRM} (the capture) is the top-up;</li>
 *   <li>a {@code REFUND} is money back to the customer;</li>
 *   <li>a {@code FAIL} is a declined attempt: counted, never money;</li>
 *   <li>{@code CHECK}, {@code CANCEL} (void of an authorization), {@code RECURRENT} (subscription status) and unknown
 *       kinds move no money.</li>
 * </ul>
 * Two things turn what would have been a top-up or a refund into something that is never the club's money, because
 * the ledger credits and debits nothing for them:
 * <ul>
 *   <li>a test-mode top-up ({@code TestMode=1}) while the organization was {@link OrgMode#LIVE}: a test card used
 *       after going live, {@link #TEST_IN_LIVE}, counted apart;</li>
 *   <li>otherwise, {@code OperationType=CardPayout}: money paid out to a card, {@link #PAYOUT}, summed apart. A
 *       Confirm carries no OperationType and has its payment's (the store fills it in).</li>
 * </ul>
 * A notification stored without an operation type is a payment; one without a mode was accepted in {@link OrgMode#TEST}.
 */
public enum Category {
    TOP_UP, REFUND, PAYOUT, TEST_IN_LIVE, FAILED, NOT_MONEY;

    public static final String COMPLETED = "Completed";
    public static final String CARD_PAYOUT = "CardPayout";

    public static Category of(final Kind kind, final String status, final String operationType, final boolean testMode,
                              final OrgMode orgMode) {
        final Category byKind = switch (kind) {
            case PAY -> COMPLETED.equalsIgnoreCase(status) ? TOP_UP : NOT_MONEY;
            case CONFIRM -> TOP_UP;
            case REFUND -> REFUND;
            case FAIL -> FAILED;
            case CHECK, CANCEL, RECURRENT, OTHER -> NOT_MONEY;
        };
        if (byKind == TOP_UP && testMode && orgMode == OrgMode.LIVE) {
            return TEST_IN_LIVE;
        }
        if ((byKind == TOP_UP || byKind == REFUND) && operationType != null && CARD_PAYOUT.equalsIgnoreCase(operationType.trim())) {
            return PAYOUT;
        }
        return byKind;
    }

    /** Whether the line is the club's money: in gross, refunds, net and fees. */
    public boolean isMoney() {
        return this == TOP_UP || this == REFUND;
    }
}

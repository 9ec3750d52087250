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
 */
public enum Category {
    TOP_UP, REFUND, FAILED, NOT_MONEY;

    public static final String COMPLETED = "Completed";

    public static Category of(final Kind kind, final String status) {
        return switch (kind) {
            case PAY -> COMPLETED.equalsIgnoreCase(status) ? TOP_UP : NOT_MONEY;
            case CONFIRM -> TOP_UP;
            case REFUND -> REFUND;
            case FAIL -> FAILED;
            case CHECK, CANCEL, RECURRENT, OTHER -> NOT_MONEY;
        };
    }

    public boolean isMoney() {
        return this == TOP_UP || this == REFUND;
    }
}

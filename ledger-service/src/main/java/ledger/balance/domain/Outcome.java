package ledger.balance.domain;

/** What the ledger did with one notification about a payment. */
public enum Outcome {
    /** The event changed a balance (or released held refunds that did). */
    APPLIED,
    /** Valid and remembered, but moves no money: a Check, a Fail, an authorization, a cancel of an authorization. */
    NO_BALANCE_CHANGE,
    /** A Refund before its payment was credited, or a Confirm before its authorization: decided when that arrives. */
    HELD,
    /** The same event again (same id, same content): no effect. */
    DUPLICATE,
    /**
     * Cannot have happened at CloudPayments: the same id with other content, a notification that contradicts the
     * transaction's lifecycle, or a body of another type than its URL says. Never a credit; flagged.
     */
    CONFLICT,
    /** A refund larger than what is left of its payment: not applied, flagged. */
    OVER_REFUND,
    /** A payout to a card ({@code OperationType=CardPayout}): recorded, never changes a balance, flagged for reports. */
    PAYOUT,
    /** A test-mode payment that reached an organization in LIVE mode: recorded, credits nothing, flagged. */
    TEST_IN_LIVE,
    /** The event lacks what the ledger needs to apply it: not applied, flagged. */
    INVALID
}

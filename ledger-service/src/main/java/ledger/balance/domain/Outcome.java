package ledger.balance.domain;

/** What the ledger did with one payment event. */
public enum Outcome {
    /** The event changed a balance (or released held refunds that did). */
    APPLIED,
    /** Valid and remembered, but moves no money: an authorization, a cancel of an authorization. */
    NO_BALANCE_CHANGE,
    /** A refund that arrived before its payment was credited; applied once the payment is. */
    HELD,
    /** The same event again (same id, same content), or a second credit of an already credited payment: no effect. */
    DUPLICATE,
    /** The same id with different content, or an event contradicting the payment's history: not applied, flagged. */
    CONFLICT,
    /** A refund larger than what is left of its payment: not applied, flagged. */
    OVER_REFUND,
    /** The event lacks what the ledger needs to apply it: not applied, flagged. */
    INVALID
}

package ledger.balance.domain;

import java.util.List;

import ledger.events.PaymentState;
import ledger.events.Posting;

/**
 * The result of applying one event to one payment's state: the outcome for the event itself, the state to
 * store, the balance postings to make (in order) and the events to flag.
 */
public record PaymentDecision(Outcome outcome, PaymentState state, List<Posting> postings, List<Flag> flags, String detail) {
}

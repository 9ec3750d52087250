package ledger.balance.domain;

import ledger.events.PaymentEvent;

/** An event the ledger refused to apply, with the reason; it goes to the dead-letter topic for an operator. */
public record Flag(PaymentEvent event, Outcome reason, String detail) {
}

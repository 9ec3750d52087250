package ledger.balance.topology;

import ledger.balance.domain.Outcome;

/** Told about every decision the ledger makes, for metrics. Must not throw and must not block. */
public interface LedgerListener {

    /** Hears nothing. */
    LedgerListener NONE = new LedgerListener() {
        @Override
        public void decided(final Outcome outcome, final boolean testMode) {
        }

        @Override
        public void posted(final long amountMinor, final boolean testMode) {
        }

        @Override
        public void flagged(final Outcome reason, final boolean testMode) {
        }
    };

    /** One payment event was decided with {@code outcome}. */
    void decided(Outcome outcome, boolean testMode);

    /** One balance change was decided: a credit when {@code amountMinor} is positive, else a debit. */
    void posted(long amountMinor, boolean testMode);

    /** One event was refused and sent to the dead-letter topic for {@code reason}. */
    void flagged(Outcome reason, boolean testMode);
}

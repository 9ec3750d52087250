package ledger.balance.topology;

import ledger.balance.domain.Outcome;

/** Told about every decision the ledger makes, for metrics. Must not throw and must not block. */
public interface LedgerListener {

    LedgerListener NONE = (outcome, testMode) -> { };

    void decided(Outcome outcome, boolean testMode);
}

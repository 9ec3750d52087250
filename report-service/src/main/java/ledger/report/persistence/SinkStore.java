package ledger.report.persistence;

import java.util.List;

import org.jdbi.v3.core.Jdbi;

/**
 * What the Kafka sink needs from the store: its positions, and an atomic "store these rows and move to these
 * positions". Because rows and positions commit together, a crash between the two cannot lose or double-apply a
 * batch; because inserts are idempotent, re-reading any range is harmless as well.
 */
public interface SinkStore {

    /** How many rows of a batch were new and how many were already there. */
    record BatchCounts(int paymentsStored, int paymentDuplicates, int shiftEventsStored, int shiftEventDuplicates) {
    }

    List<StoredOffset> offsets(String groupId);

    /** Writes the rows and the offsets in one transaction; on any failure nothing is written. */
    BatchCounts storeBatch(String groupId, List<PaymentRow> payments, List<ShiftEventRow> shiftEvents,
                           List<StoredOffset> offsets);

    static SinkStore jdbi(final Jdbi jdbi) {
        return new JdbiSinkStore(jdbi);
    }
}

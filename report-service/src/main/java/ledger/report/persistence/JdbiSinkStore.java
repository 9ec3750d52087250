package ledger.report.persistence;

import java.util.Arrays;
import java.util.List;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/** {@link SinkStore} on PostgreSQL: one transaction per batch, rows and offsets together. */
final class JdbiSinkStore implements SinkStore {

    private final Jdbi jdbi;

    JdbiSinkStore(final Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<StoredOffset> offsets(final String groupId) {
        return jdbi.withExtension(OffsetDao.class, dao -> dao.forGroup(groupId));
    }

    @Override
    public BatchCounts storeBatch(final String groupId, final List<PaymentRow> payments,
                                  final List<ShiftEventRow> shiftEvents, final List<StoredOffset> offsets) {
        // READ COMMITTED is enough: inserts conflict only on the primary key, which ON CONFLICT resolves.
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, handle -> {
            final int paymentsStored = payments.isEmpty() ? 0 : sum(handle.attach(PaymentDao.class).insertAll(payments));
            final int shiftsStored = shiftEvents.isEmpty() ? 0 : sum(handle.attach(ShiftDao.class).insertAll(shiftEvents));
            if (!offsets.isEmpty()) {
                handle.attach(OffsetDao.class).saveAll(groupId, offsets);
            }
            return new BatchCounts(paymentsStored, payments.size() - paymentsStored,
                    shiftsStored, shiftEvents.size() - shiftsStored);
        });
    }

    private static int sum(final int[] counts) {
        return Arrays.stream(counts).sum();
    }
}

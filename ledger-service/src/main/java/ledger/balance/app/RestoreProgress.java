package ledger.balance.app;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the ledger is in restoring its stores from their changelogs, for the launcher and {@code /health/ready}.
 *
 * <p>After a crash under exactly-once, Kafka Streams cannot trust the local stores (they may hold writes of a
 * transaction that was aborted) and restores them from the changelogs before the ledger answers again. That takes
 * time proportional to the state, so a person or an orchestrator waiting for the ledger should see that it is
 * working and how far it is, not a bare "not ready". Counts are cumulative since the instance started.
 */
public final class RestoreProgress implements StateRestoreListener {

    private static final Logger log = LoggerFactory.getLogger(RestoreProgress.class);

    private final Set<TopicPartition> restoring = ConcurrentHashMap.newKeySet();
    private final AtomicLong toRestore = new AtomicLong();
    private final AtomicLong restored = new AtomicLong();
    private volatile long startedNanos;

    /** What is known at one moment: records restored of those to restore, and how many changelog partitions are still in progress. */
    public record Snapshot(long restoredRecords, long totalRecords, int partitionsRestoring) {

        public boolean restoring() {
            return partitionsRestoring > 0;
        }

        /** For example "restoring state: 1.2 M of 3.4 M records (4 partitions)". */
        public String describe() {
            return String.format(Locale.ROOT, "restoring state: %s of %s records (%d changelog partition%s)", count(restoredRecords),
                    count(totalRecords), partitionsRestoring, partitionsRestoring == 1 ? "" : "s");
        }

        private static String count(final long n) {
            return n >= 1_000_000 ? String.format(Locale.ROOT, "%.1f M", n / 1e6)
                    : n >= 10_000 ? String.format(Locale.ROOT, "%.0f k", n / 1e3) : Long.toString(n);
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(restored.get(), toRestore.get(), restoring.size());
    }

    @Override
    public void onRestoreStart(final TopicPartition partition, final String storeName, final long startingOffset, final long endingOffset) {
        if (restoring.isEmpty()) {
            startedNanos = System.nanoTime();
        }
        restoring.add(partition);
        toRestore.addAndGet(Math.max(0, endingOffset - startingOffset));
        log.info("restoring {} from {} offsets {}..{}", storeName, partition, startingOffset, endingOffset);
    }

    @Override
    public void onBatchRestored(final TopicPartition partition, final String storeName, final long batchEndOffset, final long numRestored) {
        restored.addAndGet(numRestored);
    }

    @Override
    public void onRestoreEnd(final TopicPartition partition, final String storeName, final long totalRestored) {
        restoring.remove(partition);
        if (restoring.isEmpty()) {
            log.info("state restored: {} records in {} ms", restored.get(), (System.nanoTime() - startedNanos) / 1_000_000);
        }
    }

    @Override
    public void onRestoreSuspended(final TopicPartition partition, final String storeName, final long totalRestored) {
        restoring.remove(partition);
    }
}

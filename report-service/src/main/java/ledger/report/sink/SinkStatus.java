package ledger.report.sink;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What the sink thread tells the rest of the service: whether it is alive (assigned partitions, or at least
 * polling recently) and when it last committed a batch, so waiters can re-check the store right away.
 */
public final class SinkStatus {

    private final Clock clock;
    private volatile Instant lastPollAt;
    private volatile int assignedPartitions;
    private long committedBatches;

    public SinkStatus(final Clock clock) {
        this.clock = clock;
    }

    /** Ready when it owns partitions or has polled within {@code staleAfter}. */
    public boolean isActive(final Duration staleAfter) {
        final Instant polled = lastPollAt;
        return assignedPartitions > 0 || (polled != null && polled.isAfter(clock.instant().minus(staleAfter)));
    }

    public int assignedPartitions() {
        return assignedPartitions;
    }

    /**
     * Waits up to {@code maxWaitMs} for the next committed batch; returns early on commit. Callers loop and re-check
     * their own condition, so spurious wake-ups and missed signals only cost one wait.
     */
    public synchronized void awaitNextCommit(final long maxWaitMs) throws InterruptedException {
        final long seen = committedBatches;
        final long deadline = System.nanoTime() + maxWaitMs * 1_000_000L;
        long remainingMs = maxWaitMs;
        while (committedBatches == seen && remainingMs > 0) {
            wait(remainingMs);
            remainingMs = (deadline - System.nanoTime()) / 1_000_000L;
        }
    }

    void polled() {
        lastPollAt = clock.instant();
    }

    void assigned(final int partitions) {
        assignedPartitions = partitions;
    }

    synchronized void committed() {
        committedBatches++;
        notifyAll();
    }
}

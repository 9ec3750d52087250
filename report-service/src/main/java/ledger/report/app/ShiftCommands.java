package ledger.report.app;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

import ledger.events.ShiftAction;
import ledger.events.ShiftEvent;
import ledger.report.domain.Shift;
import ledger.report.domain.ShiftRules;
import ledger.report.domain.ShiftRules.CloseCheck;
import ledger.report.domain.ShiftRules.OpenCheck;
import ledger.report.persistence.ShiftDao;
import ledger.report.persistence.ShiftRow;
import ledger.report.sink.SinkStatus;
import org.jdbi.v3.core.Jdbi;

/**
 * Opening and closing shifts by hand, for clubs without another source of shift events.
 *
 * <p>A command is checked against the stored shifts ({@link ShiftRules}), published to {@code shift-events} (the
 * topic stays the only source of truth; this service's own sink stores it like any other event), and answered once
 * the sink has stored it, so the caller's next read sees it. Event ids are derived from the shift, so a repeated
 * command can never create a second event. Commands are serialized within this process so two concurrent openings
 * of one club cannot both pass the check; several instances would need the topic itself to arbitrate.
 */
public final class ShiftCommands {

    /** The outcome of an opening. */
    public sealed interface OpenResult {
        /** @param visible whether the sink stored it within the wait; if not, it is published and will appear */
        record Opened(Shift shift, boolean visible) implements OpenResult {
        }

        record Refused(OpenCheck reason) implements OpenResult {
        }
    }

    /** The outcome of a closing. */
    public sealed interface CloseResult {
        record Closed(Shift shift, boolean visible) implements CloseResult {
        }

        record Refused(CloseCheck reason) implements CloseResult {
        }
    }

    private final Jdbi jdbi;
    private final ShiftPublisher publisher;
    private final SinkStatus sinkStatus;
    private final Clock clock;
    private final Duration visibilityWait;
    private final ReentrantLock commandLock = new ReentrantLock();

    public ShiftCommands(final Jdbi jdbi, final ShiftPublisher publisher, final SinkStatus sinkStatus, final Clock clock,
                         final Duration visibilityWait) {
        this.jdbi = jdbi;
        this.publisher = publisher;
        this.sinkStatus = sinkStatus;
        this.clock = clock;
        this.visibilityWait = visibilityWait;
    }

    /**
     * Opens a shift of {@code clubId}.
     *
     * @param shiftId defaults to a random UUID
     * @param openedAt defaults to now
     */
    public OpenResult open(final String orgId, final String clubId, final Optional<String> shiftId,
                           final Optional<Instant> openedAt, final Optional<String> actor) {
        commandLock.lock();
        try {
            final Instant now = clock.instant();
            // Kafka carries milliseconds; answer with exactly what will be stored.
            final Instant at = openedAt.orElse(now).truncatedTo(ChronoUnit.MILLIS);
            final String id = shiftId.orElseGet(() -> UUID.randomUUID().toString());
            final ShiftDao shifts = jdbi.onDemand(ShiftDao.class);
            final List<Shift> running = shifts.runningAfter(orgId, clubId, at).stream().map(ShiftRow::toShift).toList();
            final OpenCheck check = ShiftRules.checkOpen(shifts.shiftIdUsed(orgId, id), running, at, now);
            if (check != OpenCheck.ALLOWED) {
                return new OpenResult.Refused(check);
            }
            final ShiftEvent event = event(orgId, clubId, id, ShiftAction.OPENED, at, actor);
            publisher.publish(event);
            return new OpenResult.Opened(new Shift(orgId, id, clubId, at, null, actor.orElse(null), null),
                    awaitStored(event.getEventId()));
        } finally {
            commandLock.unlock();
        }
    }

    /**
     * Closes shift {@code shiftId} of {@code clubId}.
     *
     * @param closedAt defaults to now
     */
    public CloseResult close(final String orgId, final String clubId, final String shiftId,
                             final Optional<Instant> closedAt, final Optional<String> actor) {
        commandLock.lock();
        try {
            final Instant now = clock.instant();
            final Instant at = closedAt.orElse(now).truncatedTo(ChronoUnit.MILLIS);
            final Optional<Shift> shift = jdbi.onDemand(ShiftDao.class).find(orgId, shiftId)
                    .map(ShiftRow::toShift)
                    // A shift of another club is as unknown here as a shift that does not exist.
                    .filter(s -> s.clubId().equals(clubId));
            final CloseCheck check = ShiftRules.checkClose(shift, at, now);
            if (check != CloseCheck.ALLOWED) {
                return new CloseResult.Refused(check);
            }
            final ShiftEvent event = event(orgId, clubId, shiftId, ShiftAction.CLOSED, at, actor);
            publisher.publish(event);
            final Shift open = shift.orElseThrow();
            return new CloseResult.Closed(new Shift(orgId, shiftId, clubId, open.openedAt(), at, open.openedBy(),
                    actor.orElse(null)), awaitStored(event.getEventId()));
        } finally {
            commandLock.unlock();
        }
    }

    private static ShiftEvent event(final String orgId, final String clubId, final String shiftId,
                                    final ShiftAction action, final Instant at, final Optional<String> actor) {
        return ShiftEvent.newBuilder()
                .setEventId(orgId + ":" + shiftId + ":" + action.name())
                .setOrgId(orgId)
                .setClubId(clubId)
                .setShiftId(shiftId)
                .setAction(action)
                .setOccurredAt(at)
                .setActor(actor.orElse(null))
                .build();
    }

    /** Waits, bounded, until the sink (this instance's or another's) has stored the event. */
    private boolean awaitStored(final String eventId) {
        final long deadline = System.nanoTime() + visibilityWait.toNanos();
        final ShiftDao shifts = jdbi.onDemand(ShiftDao.class);
        try {
            while (true) {
                if (shifts.eventStored(eventId)) {
                    return true;
                }
                final long remainingMs = (deadline - System.nanoTime()) / 1_000_000L;
                if (remainingMs <= 0) {
                    return false;
                }
                // Woken by this instance's sink on each commit; the cap re-checks for another instance's sink.
                sinkStatus.awaitNextCommit(Math.min(remainingMs, 200));
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}

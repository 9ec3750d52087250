package ledger.report.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rules for opening and closing shifts by hand: a club has at most one shift at any moment, so payments map to
 * exactly one shift, and a shift's times are never in the future (beyond a little clock skew) or reversed.
 */
public final class ShiftRules {

    /** How far ahead of our clock a client's clock may be. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    public enum OpenCheck { ALLOWED, SHIFT_ID_TAKEN, CLUB_HAS_OPEN_SHIFT, OVERLAPS_CLOSED_SHIFT, IN_FUTURE }

    public enum CloseCheck { ALLOWED, UNKNOWN_SHIFT, ALREADY_CLOSED, BEFORE_OPENING, IN_FUTURE }

    private ShiftRules() {
    }

    /**
     * May a new shift open at {@code openedAt}?
     *
     * @param shiftIdTaken whether the organization already used the shift id
     * @param clubShifts the club's shifts that are open or closed after {@code openedAt} (others cannot conflict)
     */
    public static OpenCheck checkOpen(final boolean shiftIdTaken, final List<Shift> clubShifts, final Instant openedAt,
                                      final Instant now) {
        if (openedAt.isAfter(now.plus(CLOCK_SKEW))) {
            return OpenCheck.IN_FUTURE;
        }
        if (shiftIdTaken) {
            return OpenCheck.SHIFT_ID_TAKEN;
        }
        if (clubShifts.stream().anyMatch(s -> s.status() == Shift.Status.OPEN)) {
            return OpenCheck.CLUB_HAS_OPEN_SHIFT;
        }
        // The new shift runs from openedAt on, so any shift still running after openedAt would overlap it.
        if (clubShifts.stream().anyMatch(s -> s.closedAt().isAfter(openedAt))) {
            return OpenCheck.OVERLAPS_CLOSED_SHIFT;
        }
        return OpenCheck.ALLOWED;
    }

    /** May {@code shift} (as found in the club named by the caller) close at {@code closedAt}? */
    public static CloseCheck checkClose(final Optional<Shift> shift, final Instant closedAt, final Instant now) {
        if (shift.isEmpty()) {
            return CloseCheck.UNKNOWN_SHIFT;
        }
        if (shift.get().status() == Shift.Status.CLOSED) {
            return CloseCheck.ALREADY_CLOSED;
        }
        if (closedAt.isAfter(now.plus(CLOCK_SKEW))) {
            return CloseCheck.IN_FUTURE;
        }
        if (closedAt.isBefore(shift.get().openedAt())) {
            return CloseCheck.BEFORE_OPENING;
        }
        return CloseCheck.ALLOWED;
    }
}

package ledger.report.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A club's shift: open from {@code openedAt} (inclusive) until {@code closedAt} (exclusive), or open-ended while
 * {@code closedAt} is {@code null}. Shift ids are unique within an organization. Which payments fall into a shift
 * is decided by the store at query time (the {@code placed_payments} view), never recorded.
 */
public record Shift(String orgId, String shiftId, String clubId, Instant openedAt, Instant closedAt,
                    String openedBy, String closedBy) {

    public enum Status { OPEN, CLOSED }

    public Shift {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(shiftId, "shiftId");
        Objects.requireNonNull(clubId, "clubId");
        Objects.requireNonNull(openedAt, "openedAt");
    }

    public Status status() {
        return closedAt == null ? Status.OPEN : Status.CLOSED;
    }
}

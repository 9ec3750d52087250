package ledger.report.persistence;

import java.time.Instant;

import ledger.report.domain.Shift;

/**
 * A shift as the {@code shifts} view derives it from its events; {@code closeRecordedAt} is when the close reached
 * the store.
 */
public record ShiftRow(String orgId, String shiftId, String clubId, Instant openedAt, String openedBy,
                       Instant closedAt, String closedBy, Instant closeRecordedAt) {

    public Shift toShift() {
        return new Shift(orgId, shiftId, clubId, openedAt, closedAt, openedBy, closedBy);
    }
}

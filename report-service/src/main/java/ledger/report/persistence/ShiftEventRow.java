package ledger.report.persistence;

import java.time.Instant;

/** A shift opened or closed, as stored: one row per Kafka event, keyed by its event id. */
public record ShiftEventRow(String eventId, String orgId, String clubId, String shiftId, String action,
                            Instant occurredAt, String actor) {

    public static final String OPENED = "OPENED";
    public static final String CLOSED = "CLOSED";
}

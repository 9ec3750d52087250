package ledger.report.persistence;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Shift events and the shifts derived from them. Inserts are idempotent by event id.
 */
@RegisterConstructorMapper(ShiftRow.class)
public interface ShiftDao {

    String SHIFT_COLUMNS = "org_id, shift_id, club_id, opened_at, opened_by, closed_at, closed_by, close_recorded_at";

    @SqlBatch("""
            INSERT INTO shift_events (event_id, org_id, club_id, shift_id, action, occurred_at, actor)
            VALUES (:eventId, :orgId, :clubId, :shiftId, :action, :occurredAt, :actor)
            ON CONFLICT (event_id) DO NOTHING
            """)
    int[] insertAll(@BindMethods List<ShiftEventRow> rows);

    @SqlQuery("SELECT EXISTS (SELECT 1 FROM shift_events WHERE event_id = :eventId)")
    boolean eventStored(String eventId);

    /** Whether the organization has used this shift id in any event, even a lone CLOSED. */
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM shift_events WHERE org_id = :orgId AND shift_id = :shiftId)")
    boolean shiftIdUsed(String orgId, String shiftId);

    @SqlQuery("SELECT " + SHIFT_COLUMNS + " FROM shifts WHERE org_id = :orgId AND shift_id = :shiftId")
    Optional<ShiftRow> find(String orgId, String shiftId);

    /** The club's shifts that are still open or closed after {@code time}: the only ones a shift opening then could overlap. */
    @SqlQuery("SELECT " + SHIFT_COLUMNS + """
             FROM shifts
            WHERE org_id = :orgId AND club_id = :clubId AND (closed_at IS NULL OR closed_at > :time)
            ORDER BY opened_at, shift_id
            """)
    List<ShiftRow> runningAfter(String orgId, String clubId, Instant time);

    /** The club's shifts that overlap {@code [from, to)}, oldest first. */
    @SqlQuery("SELECT " + SHIFT_COLUMNS + """
             FROM shifts
            WHERE org_id = :orgId AND club_id = :clubId
              AND opened_at < :to AND (closed_at IS NULL OR closed_at > :from)
            ORDER BY opened_at, shift_id
            """)
    List<ShiftRow> overlapping(String orgId, String clubId, Instant from, Instant to);
}

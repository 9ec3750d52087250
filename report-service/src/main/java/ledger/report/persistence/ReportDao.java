package ledger.report.persistence;

import java.time.Instant;
import java.util.List;

import org.jdbi.v3.sqlobject.config.RegisterColumnMapper;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Report reads: payments with their placement, computed at query time by the {@code placed_payments} view. Every
 * query is bounded by organization and time so the placement is computed only for candidate rows.
 */
@RegisterConstructorMapper(PlacedPaymentRow.class)
@RegisterColumnMapper(KindColumnMapper.class)
@RegisterColumnMapper(OrgModeColumnMapper.class)
public interface ReportDao {

    String COLUMNS = """
            event_id, org_id, kind, transaction_id, payment_transaction_id, customer_id, club_id, amount_minor,
            currency, occurred_at, received_at, ingested_at, test_mode, status, card_first_six, card_last_four,
            card_type, total_fee_minor, reason, reason_code, invoice_id, operation_type, org_mode, shift_id, placement,
            amended
            """;

    /**
     * The payments placed in one of {@code shiftIds}, all of which lie within {@code [from, to)}: exactly the rows of
     * {@code placed_payments} with those shift ids, but found from the shifts rather than by placing every payment
     * of the organization in the period (see the V2 migration and bench/run report-latency).
     *
     * <p>A payment belongs to shift S when S is open at the payment's time, it is of S's club (stated, or inherited
     * when it states none) and no other shift of the club that is open then was opened later (or at the same time
     * with a greater id). So each shift reads only its club's rows within its own span, plus the few without a club;
     * and only from the first later opening within the span on ({@code contested_from}, normally never) must a
     * payment be checked against the later shifts.
     */
    @SqlQuery("""
            WITH requested AS MATERIALIZED (
                SELECT s.shift_id, s.club_id, s.opened_at, s.closed_at, s.close_recorded_at,
                       greatest(s.opened_at, CAST(:from AS timestamptz)) AS span_from,
                       least(coalesce(s.closed_at, 'infinity'), CAST(:to AS timestamptz)) AS span_to
                  FROM shifts s
                 WHERE s.org_id = :orgId AND s.shift_id IN (<shiftIds>)
            ), spans AS MATERIALIZED (
                SELECT r.*,
                       (SELECT min(later.opened_at)
                          FROM shifts later
                         WHERE later.org_id = :orgId AND later.club_id = r.club_id
                           AND (later.opened_at, later.shift_id) > (r.opened_at, r.shift_id)
                           AND later.opened_at < r.span_to) AS contested_from
                  FROM requested r
            )
            SELECT f.event_id, f.org_id, f.kind, f.transaction_id, f.payment_transaction_id, f.customer_id, f.club_id,
                   f.amount_minor, f.currency, f.occurred_at, f.received_at, f.ingested_at, f.test_mode, f.status,
                   f.card_first_six, f.card_last_four, f.card_type, f.total_fee_minor, f.reason, f.reason_code,
                   f.invoice_id, f.operation_type, f.org_mode, r.shift_id, 'SHIFT' AS placement,
                   coalesce(r.closed_at IS NOT NULL AND f.ingested_at > greatest(r.closed_at, r.close_recorded_at), false) AS amended
              FROM spans r
             CROSS JOIN LATERAL (
                    SELECT * FROM payment_facts f
                     WHERE f.org_id = :orgId AND f.stated_club_id = r.club_id
                       AND f.occurred_at >= r.span_from AND f.occurred_at < r.span_to
                    UNION ALL
                    SELECT * FROM payment_facts f
                     WHERE f.org_id = :orgId AND f.stated_club_id IS NULL AND f.club_id = r.club_id
                       AND f.occurred_at >= r.span_from AND f.occurred_at < r.span_to) f
             WHERE r.contested_from IS NULL
                OR f.occurred_at < r.contested_from
                OR NOT EXISTS (SELECT 1
                                 FROM shifts later
                                WHERE later.org_id = :orgId AND later.club_id = r.club_id
                                  AND (later.opened_at, later.shift_id) > (r.opened_at, r.shift_id)
                                  AND later.opened_at <= f.occurred_at
                                  AND (later.closed_at IS NULL OR f.occurred_at < later.closed_at))
             ORDER BY f.occurred_at, f.event_id
            """)
    List<PlacedPaymentRow> inShifts(String orgId, @BindList("shiftIds") List<String> shiftIds, Instant from, Instant to);

    /** The payments in {@code [from, to)} that belong to no shift. */
    @SqlQuery("SELECT " + COLUMNS + """
             FROM placed_payments
            WHERE org_id = :orgId
              AND occurred_at >= :from AND occurred_at < :to
              AND placement <> 'SHIFT'
            ORDER BY occurred_at, event_id
            """)
    List<PlacedPaymentRow> unassigned(String orgId, Instant from, Instant to);
}

package ledger.report.persistence;

import java.time.Instant;
import java.util.List;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Report reads: payments with their placement, computed at query time by the {@code placed_payments} view. Every
 * query is bounded by organization and time so the placement is computed only for candidate rows.
 */
@RegisterConstructorMapper(PlacedPaymentRow.class)
public interface ReportDao {

    String COLUMNS = """
            event_id, org_id, kind, transaction_id, payment_transaction_id, customer_id, club_id, amount_minor,
            currency, occurred_at, received_at, ingested_at, test_mode, status, card_first_six, card_last_four,
            card_type, total_fee_minor, reason, reason_code, invoice_id, shift_id, placement, amended
            """;

    /** The payments placed in one of {@code shiftIds}, all of which lie within {@code [from, to)}. */
    @SqlQuery("SELECT " + COLUMNS + """
             FROM placed_payments
            WHERE org_id = :orgId
              AND occurred_at >= :from AND occurred_at < :to
              AND shift_id IN (<shiftIds>)
            ORDER BY occurred_at, event_id
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

package ledger.operator.audit;

import java.time.Instant;
import java.util.List;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/** The report store's raw rows, read as they are: the facts every report is computed from. */
final class StoredRows {

    /** A row of {@code payments}, with the store's own {@code ingested_at}. */
    record PaymentRow(String eventId, String orgId, String kind, Long transactionId, Long paymentTransactionId, String customerId,
                      String clubId, long amountMinor, String currency, Instant occurredAt, Instant receivedAt, Instant ingestedAt,
                      Boolean testMode, String status, String cardFirstSix, String cardLastFour, String cardType, Long totalFeeMinor,
                      String reason, Integer reasonCode, String invoiceId, String operationType, String orgMode) {
    }

    /** A row of {@code shift_events}. */
    record ShiftEventRow(String eventId, String orgId, String clubId, String shiftId, String action, Instant occurredAt,
                         String actor, Instant ingestedAt) {
    }

    private StoredRows() {
    }

    static List<PaymentRow> payments(final Jdbi jdbi, final String orgId) {
        return jdbi.withHandle(h -> h.registerRowMapper(ConstructorMapper.factory(PaymentRow.class))
                .createQuery("""
                        SELECT event_id, org_id, kind, transaction_id, payment_transaction_id, customer_id, club_id, amount_minor,
                               currency, occurred_at, received_at, ingested_at, test_mode, status, card_first_six, card_last_four,
                               card_type, total_fee_minor, reason, reason_code, invoice_id, operation_type, org_mode
                          FROM payments
                         WHERE (CAST(:orgId AS text) IS NULL OR org_id = :orgId)
                         ORDER BY org_id, event_id
                        """)
                .bind("orgId", orgId)
                .mapTo(PaymentRow.class).list());
    }

    static List<ShiftEventRow> shiftEvents(final Jdbi jdbi, final String orgId) {
        return jdbi.withHandle(h -> h.registerRowMapper(ConstructorMapper.factory(ShiftEventRow.class))
                .createQuery("""
                        SELECT event_id, org_id, club_id, shift_id, action, occurred_at, actor, ingested_at
                          FROM shift_events
                         WHERE (CAST(:orgId AS text) IS NULL OR org_id = :orgId)
                         ORDER BY org_id, event_id
                        """)
                .bind("orgId", orgId)
                .mapTo(ShiftEventRow.class).list());
    }
}

package ledger.report.persistence;

import java.util.List;

import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Payment rows. Inserts are idempotent by event id: a redelivered or replayed event changes nothing, and the
 * returned counts tell new rows (1) from duplicates (0).
 */
public interface PaymentDao {

    @SqlBatch("""
            INSERT INTO payments (event_id, org_id, kind, transaction_id, payment_transaction_id, customer_id, club_id,
                                  amount_minor, currency, occurred_at, received_at, test_mode, status,
                                  card_first_six, card_last_four, card_type, total_fee_minor, reason, reason_code,
                                  invoice_id, operation_type, org_mode)
            VALUES (:eventId, :orgId, :kind, :transactionId, :paymentTransactionId, :customerId, :clubId,
                    :amountMinor, :currency, :occurredAt, :receivedAt, :testMode, :status,
                    :cardFirstSix, :cardLastFour, :cardType, :totalFeeMinor, :reason, :reasonCode, :invoiceId,
                    :operationType, :orgMode)
            ON CONFLICT (event_id) DO NOTHING
            """)
    int[] insertAll(@BindMethods List<PaymentRow> rows);

    @SqlQuery("""
            SELECT event_id, org_id, kind, transaction_id, payment_transaction_id, customer_id, club_id, amount_minor,
                   currency, occurred_at, received_at, test_mode, status, card_first_six, card_last_four, card_type,
                   total_fee_minor, reason, reason_code, invoice_id, operation_type, org_mode
              FROM payments
             WHERE org_id = :orgId
             ORDER BY occurred_at, event_id
            """)
    @RegisterConstructorMapper(PaymentRow.class)
    List<PaymentRow> forOrg(String orgId);

    @SqlQuery("SELECT count(*) FROM payments")
    long count();
}

package ledger.bench.report;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;

import ledger.events.Card;
import ledger.events.Fees;
import ledger.events.PaymentEvent;
import ledger.events.ShiftEvent;
import ledger.report.persistence.Database;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Bulk-loads a {@link ClubWorkload} into the report store's own tables (created by report-service's Flyway
 * migrations through {@link Database#connect}) with {@code COPY}, the rows exactly as the sink would have written
 * them: the same columns from the same event fields, and {@code ingested_at} set to when the sink would have stored
 * them (50 ms after the gateway received the notification; 1 s after a shift event), so amendments come out as in
 * production.
 */
final class ReportStore {

    /** What was loaded. */
    record Loaded(long payments, long shiftEvents, double seconds) {
    }

    private static final String PAYMENT_COLUMNS = "event_id, org_id, kind, transaction_id, payment_transaction_id, customer_id, "
            + "club_id, amount_minor, currency, occurred_at, received_at, ingested_at, test_mode, status, card_first_six, "
            + "card_last_four, card_type, total_fee_minor, reason, reason_code, invoice_id, operation_type, org_mode";
    private static final String SHIFT_COLUMNS = "event_id, org_id, club_id, shift_id, action, occurred_at, actor, ingested_at";
    private static final int CHUNK = 1 << 20;

    private ReportStore() {
    }

    static Loaded load(final Database database, final String schema, final ClubWorkload workload) {
        final long t0 = System.nanoTime();
        return database.jdbi().withHandle(handle -> {
            final Connection connection = handle.getConnection();
            try {
                final PGConnection pg = connection.unwrap(PGConnection.class);
                final StringBuilder shiftRows = new StringBuilder();
                long payments = 0;
                long shifts = 0;
                final CopyIn copy = pg.getCopyAPI().copyIn("COPY " + schema + ".payments (" + PAYMENT_COLUMNS + ") FROM STDIN");
                try {
                    final ByteArrayOutputStream buffer = new ByteArrayOutputStream(CHUNK + 4096);
                    final StringBuilder line = new StringBuilder(512);
                    for (Object event = workload.next(); event != null; event = workload.next()) {
                        if (event instanceof PaymentEvent payment) {
                            line.setLength(0);
                            paymentRow(payment, line);
                            buffer.writeBytes(line.toString().getBytes(StandardCharsets.UTF_8));
                            payments++;
                            if (buffer.size() >= CHUNK) {
                                copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                                buffer.reset();
                            }
                        } else if (event instanceof ShiftEvent shift) {
                            shiftRow(shift, shiftRows);
                            shifts++;
                        }
                    }
                    copy.writeToCopy(buffer.toByteArray(), 0, buffer.size());
                    copy.endCopy();
                } finally {
                    if (copy.isActive()) {
                        copy.cancelCopy();
                    }
                }
                final byte[] shiftBytes = shiftRows.toString().getBytes(StandardCharsets.UTF_8);
                final CopyIn shiftCopy = pg.getCopyAPI().copyIn("COPY " + schema + ".shift_events (" + SHIFT_COLUMNS + ") FROM STDIN");
                shiftCopy.writeToCopy(shiftBytes, 0, shiftBytes.length);
                shiftCopy.endCopy();
                if (!connection.getAutoCommit()) {
                    connection.commit();
                }
                return new Loaded(payments, shifts, (System.nanoTime() - t0) / 1e9);
            } catch (final SQLException e) {
                throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
            }
        });
    }

    /** The row the sink writes for {@code event} (see report-service's EventRows and PaymentDao). */
    private static void paymentRow(final PaymentEvent e, final StringBuilder out) {
        final Card card = e.getCard();
        final Fees fees = e.getFees();
        field(out, e.getEventId());
        field(out, e.getOrgId());
        field(out, e.getKind().name());
        field(out, e.getTransactionId());
        field(out, e.getPaymentTransactionId());
        field(out, e.getCustomerId());
        field(out, e.getClubId());
        field(out, e.getAmountMinor());
        field(out, e.getCurrency());
        field(out, e.getOccurredAt());
        field(out, e.getReceivedAt());
        field(out, e.getReceivedAt().plusMillis(50));
        field(out, e.getTestMode());
        field(out, e.getStatus());
        field(out, card == null ? null : card.getFirstSix());
        field(out, card == null ? null : card.getLastFour());
        field(out, card == null ? null : card.getType());
        field(out, fees == null ? null : fees.getTotalFeeMinor());
        field(out, e.getReason());
        field(out, e.getReasonCode());
        field(out, e.getInvoiceId());
        field(out, e.getOperationType());
        last(out, e.getOrgMode() == null ? null : e.getOrgMode().name());
    }

    private static void shiftRow(final ShiftEvent e, final StringBuilder out) {
        field(out, e.getEventId());
        field(out, e.getOrgId());
        field(out, e.getClubId());
        field(out, e.getShiftId());
        field(out, e.getAction().name());
        field(out, e.getOccurredAt());
        field(out, e.getActor());
        last(out, e.getOccurredAt().plusSeconds(1));
    }

    private static void field(final StringBuilder out, final Object value) {
        text(out, value);
        out.append('\t');
    }

    private static void last(final StringBuilder out, final Object value) {
        text(out, value);
        out.append('\n');
    }

    /** COPY's text format: \N for NULL, backslash escapes for the delimiter, line breaks and backslash itself. */
    private static void text(final StringBuilder out, final Object value) {
        if (value == null) {
            out.append("\\N");
            return;
        }
        final String s = value instanceof Instant instant ? instant.toString() : value.toString();
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}

package ledger.operator.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import ledger.events.PaymentEvent;
import ledger.events.ShiftEvent;
import ledger.operator.OpsConfig;
import ledger.operator.Progress;
import ledger.operator.Terminal;
import ledger.operator.db.ReportDatabase;
import ledger.operator.history.PaymentHistory;
import ledger.operator.kafka.CatchUp;
import ledger.operator.kafka.Kafka;
import ledger.operator.kafka.TopicScan;
import ledger.report.app.ReportQueries;
import ledger.report.domain.Category;
import ledger.report.domain.OrgMode;
import ledger.report.domain.ShiftReport;
import ledger.report.persistence.StoredOffset;
import ledger.schemas.topics.Topics;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Verifies the report database: its rows against the topics they were copied from (nothing missing, nothing
 * unknown, nothing altered), and every shift report as the service serves it against the same report recomputed
 * from the rows ({@link ShiftReportRecompute}).
 */
public final class ReportAudit {

    public record Result(List<Difference> differences, long paymentRows, long shiftEventRows, long shifts) {
    }

    private final Kafka kafka;
    private final OpsConfig config;
    private final ReportDatabase database;
    private final Terminal terminal;

    public ReportAudit(final Kafka kafka, final ReportDatabase database, final Terminal terminal) {
        this.kafka = kafka;
        this.config = kafka.config();
        this.database = database;
        this.terminal = terminal;
    }

    public Result run(final PaymentHistory payments, final String orgId, final Duration maxWait) {
        database.requireReachable();
        final List<Difference> differences = new ArrayList<>();
        final Topics topics = config.topics();
        final TopicScan.Range shiftRange = TopicScan.all(kafka, topics.shiftEvents().name());
        final Map<TopicPartition, Long> targets = new HashMap<>(payments.end());
        targets.putAll(shiftRange.end());

        final long behind;
        try (Progress progress = terminal.progress("waiting for the report sink to store the snapshot", 0)) {
            behind = CatchUp.await(() -> CatchUp.pending(kafka, stored(), targets), maxWait, progress);
        }
        if (behind > 0) {
            differences.add(new Difference("REPORT_BEHIND", config.reportGroupId(), "0 records to store", behind + " records not stored",
                    "report database " + database.schema()));
        }

        final Map<String, ShiftEvent> shiftEvents = new LinkedHashMap<>();
        try (Progress progress = terminal.progress("reading shift events", shiftRange.size())) {
            final Deserializer<ShiftEvent> deserializer = topics.shiftEvents().valueSerde().deserializer();
            TopicScan.read(kafka, shiftRange, progress, record -> {
                try {
                    final ShiftEvent e = deserializer.deserialize(record.topic(), record.headers(), record.value());
                    if (e != null && (orgId == null || orgId.equals(e.getOrgId()))) {
                        shiftEvents.putIfAbsent(e.getEventId(), e);
                    }
                } catch (final RuntimeException ignored) {
                    // The sink skips what it cannot read, and so does the comparison.
                }
            });
        }

        final List<StoredRows.PaymentRow> paymentRows = StoredRows.payments(database.jdbi(), orgId);
        final List<StoredRows.ShiftEventRow> shiftRows = StoredRows.shiftEvents(database.jdbi(), orgId);
        comparePayments(payments, paymentRows, differences);
        compareShiftEvents(shiftEvents, shiftRows, differences);

        final Map<String, ShiftReport> recomputed = ShiftReportRecompute.reports(paymentRows, shiftRows);
        final ReportQueries served = new ReportQueries(database.jdbi());
        try (Progress progress = terminal.progress("comparing shift reports", recomputed.size())) {
            for (final Map.Entry<String, ShiftReport> e : recomputed.entrySet()) {
                final ShiftReport expected = e.getValue();
                final Optional<ShiftReport> actual = served.shiftReport(expected.shift().orgId(), expected.shift().shiftId());
                compareReport(e.getKey(), expected, actual, differences);
                progress.advance(1);
            }
        }
        return new Result(differences, paymentRows.size(), shiftRows.size(), recomputed.size());
    }

    private Map<TopicPartition, Long> stored() {
        final Map<TopicPartition, Long> stored = new HashMap<>();
        for (final StoredOffset o : database.storedOffsets(config.reportGroupId())) {
            stored.put(new TopicPartition(o.topic(), o.partition()), o.nextOffset());
        }
        return stored;
    }

    /** Every event id in the topic has its row, every row its event, and the row says what one delivery of it said. */
    private static void comparePayments(final PaymentHistory history, final List<StoredRows.PaymentRow> rows, final List<Difference> differences) {
        final Map<String, List<PaymentEvent>> byEventId = new LinkedHashMap<>();
        history.deliveries().forEach(d -> byEventId.computeIfAbsent(d.event().getEventId(), k -> new ArrayList<>()).add(d.event()));
        final Map<String, StoredRows.PaymentRow> rowsById = new HashMap<>();
        rows.forEach(r -> rowsById.put(r.eventId(), r));
        for (final Map.Entry<String, List<PaymentEvent>> e : byEventId.entrySet()) {
            final StoredRows.PaymentRow row = rowsById.get(e.getKey());
            if (row == null) {
                differences.add(new Difference("ROW_MISSING", e.getKey(), "a payments row", "none", "report database"));
                continue;
            }
            final List<String> mismatches = e.getValue().stream().map(event -> mismatch(event, row)).toList();
            if (mismatches.stream().noneMatch(String::isEmpty)) {
                differences.add(new Difference("ROW_MISMATCH", e.getKey(), "the row as in the payments topic", mismatches.get(0), "report database"));
            }
        }
        for (final StoredRows.PaymentRow row : rows) {
            if (!byEventId.containsKey(row.eventId())) {
                differences.add(new Difference("ROW_UNKNOWN", row.eventId(), "no row (no such event in the payments topic)", "a row", "report database"));
            }
        }
    }

    /** The differing fields, as {@code field: topic vs row}; empty when the row matches. */
    static String mismatch(final PaymentEvent e, final StoredRows.PaymentRow r) {
        final List<String> diffs = new ArrayList<>();
        field(diffs, "org_id", e.getOrgId(), r.orgId());
        field(diffs, "kind", e.getKind().name(), r.kind());
        field(diffs, "transaction_id", e.getTransactionId(), r.transactionId());
        field(diffs, "payment_transaction_id", e.getPaymentTransactionId(), r.paymentTransactionId());
        field(diffs, "customer_id", e.getCustomerId(), r.customerId());
        field(diffs, "club_id", e.getClubId(), r.clubId());
        field(diffs, "amount_minor", e.getAmountMinor(), r.amountMinor());
        field(diffs, "currency", e.getCurrency(), r.currency());
        field(diffs, "occurred_at", millis(e.getOccurredAt()), millis(r.occurredAt()));
        field(diffs, "test_mode", e.getTestMode(), r.testMode());
        field(diffs, "status", e.getStatus(), r.status());
        // A row stored before the report store had these columns (V3) has neither. That is a difference only where the
        // report reads it otherwise than the event: a payout read as a payment, a LIVE mode read as TEST.
        // `rebuild reports` fills them in.
        if (r.operationType() != null || isPayout(e.getOperationType())) {
            field(diffs, "operation_type", e.getOperationType(), r.operationType());
        }
        final String orgMode = e.getOrgMode() == null ? null : e.getOrgMode().name();
        if (r.orgMode() != null || OrgMode.parse(orgMode) != OrgMode.TEST) {
            field(diffs, "org_mode", orgMode, r.orgMode());
        }
        return String.join("; ", diffs);
    }

    private static boolean isPayout(final String operationType) {
        return operationType != null && Category.CARD_PAYOUT.equalsIgnoreCase(operationType.trim());
    }

    private static void compareShiftEvents(final Map<String, ShiftEvent> events, final List<StoredRows.ShiftEventRow> rows,
                                           final List<Difference> differences) {
        final Map<String, StoredRows.ShiftEventRow> rowsById = new HashMap<>();
        rows.forEach(r -> rowsById.put(r.eventId(), r));
        for (final ShiftEvent e : events.values()) {
            final StoredRows.ShiftEventRow r = rowsById.get(e.getEventId());
            if (r == null) {
                differences.add(new Difference("ROW_MISSING", e.getEventId(), "a shift_events row", "none", "report database"));
                continue;
            }
            final List<String> diffs = new ArrayList<>();
            field(diffs, "org_id", e.getOrgId(), r.orgId());
            field(diffs, "club_id", e.getClubId(), r.clubId());
            field(diffs, "shift_id", e.getShiftId(), r.shiftId());
            field(diffs, "action", e.getAction().name(), r.action());
            field(diffs, "occurred_at", millis(e.getOccurredAt()), millis(r.occurredAt()));
            if (!diffs.isEmpty()) {
                differences.add(new Difference("ROW_MISMATCH", e.getEventId(), "the row as in the shift-events topic", String.join("; ", diffs), "report database"));
            }
        }
        for (final StoredRows.ShiftEventRow r : rows) {
            if (!events.containsKey(r.eventId())) {
                differences.add(new Difference("ROW_UNKNOWN", r.eventId(), "no row (no such event in the shift-events topic)", "a row", "report database"));
            }
        }
    }

    private static void compareReport(final String key, final ShiftReport expected, final Optional<ShiftReport> actual,
                                      final List<Difference> differences) {
        if (actual.isEmpty()) {
            differences.add(new Difference("REPORT_MISSING", key, "a shift report", "none", "report service"));
            return;
        }
        final ShiftReport a = actual.get();
        if (!expected.totals().equals(a.totals())) {
            differences.add(new Difference("REPORT_TOTALS", key, expected.totals().toString(), a.totals().toString(), "report service"));
        }
        if (!expected.lines().equals(a.lines())) {
            differences.add(new Difference("REPORT_LINES", key, expected.lines().size() + " line(s): " + firstDifference(expected, a, true),
                    a.lines().size() + " line(s): " + firstDifference(expected, a, false), "report service"));
        }
        if (!Objects.equals(expected.shift(), a.shift()) || expected.amended() != a.amended()) {
            differences.add(new Difference("REPORT_SHIFT", key, expected.shift() + " amended=" + expected.amended(),
                    a.shift() + " amended=" + a.amended(), "report service"));
        }
    }

    private static String firstDifference(final ShiftReport expected, final ShiftReport actual, final boolean fromExpected) {
        final int n = Math.max(expected.lines().size(), actual.lines().size());
        for (int i = 0; i < n; i++) {
            final Object e = i < expected.lines().size() ? expected.lines().get(i) : null;
            final Object a = i < actual.lines().size() ? actual.lines().get(i) : null;
            if (!Objects.equals(e, a)) {
                return "line " + (i + 1) + " " + (fromExpected ? e : a);
            }
        }
        return "";
    }

    private static void field(final List<String> diffs, final String name, final Object topic, final Object row) {
        if (!Objects.equals(topic, row)) {
            diffs.add(name + ": " + topic + " in the topic, " + row + " in the row");
        }
    }

    private static Long millis(final Instant t) {
        return t == null ? null : t.toEpochMilli();
    }
}

package ledger.operator.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ledger.report.domain.Kind;
import ledger.report.domain.OrgMode;
import ledger.report.domain.Payment;
import ledger.report.domain.Shift;
import ledger.report.domain.ShiftReport;

/**
 * Every shift report recomputed in Java from the raw rows, independently of the report service's SQL views
 * ({@code shifts}, {@code payment_facts}, {@code placed_payments}), whose rules it restates:
 * <ul>
 *   <li>a shift is its first OPENED event and its first CLOSED event (by time, then event id);</li>
 *   <li>a row inherits customer, club, currency, test flag and card from the payment it refers to (a refund's
 *       PaymentTransactionId, else its own TransactionId; a Pay before a Confirm before a Check), and a Confirm its fee
 *       and operation type; the organization's mode is never inherited (none stored reads as TEST);</li>
 *   <li>a payment belongs to the latest-opened shift of its club open at the payment's time;</li>
 *   <li>it is an amendment when it reached the store after the shift's close did.</li>
 * </ul>
 * The lines and totals then come from the report service's own pure {@link ShiftReport#of}. Where the views and
 * this disagree, one of them is wrong.
 */
final class ShiftReportRecompute {

    private ShiftReportRecompute() {
    }

    /** Reports by {@code orgId/shiftId}. */
    static Map<String, ShiftReport> reports(final List<StoredRows.PaymentRow> payments, final List<StoredRows.ShiftEventRow> shiftEvents) {
        final Map<String, ShiftWithRecord> shifts = shifts(shiftEvents);
        final Map<String, List<Payment>> placed = new LinkedHashMap<>();
        shifts.keySet().forEach(k -> placed.put(k, new ArrayList<>()));
        final Map<String, List<StoredRows.PaymentRow>> byTransaction = new HashMap<>();
        for (final StoredRows.PaymentRow p : payments) {
            if (p.transactionId() != null) {
                byTransaction.computeIfAbsent(p.orgId() + ":" + p.transactionId(), k -> new ArrayList<>()).add(p);
            }
        }
        final Map<String, List<ShiftWithRecord>> byClub = new HashMap<>();
        shifts.values().forEach(s -> byClub.computeIfAbsent(s.shift.orgId() + ":" + s.shift.clubId(), k -> new ArrayList<>()).add(s));
        for (final StoredRows.PaymentRow p : payments) {
            final StoredRows.PaymentRow origin = origin(p, byTransaction);
            final String clubId = first(p.clubId(), origin == null ? null : origin.clubId());
            if (clubId == null) {
                continue;
            }
            final ShiftWithRecord shift = byClub.getOrDefault(p.orgId() + ":" + clubId, List.of()).stream()
                    .filter(s -> !s.shift.openedAt().isAfter(p.occurredAt()) && (s.shift.closedAt() == null || p.occurredAt().isBefore(s.shift.closedAt())))
                    .max(Comparator.<ShiftWithRecord, Instant>comparing(s -> s.shift.openedAt()).thenComparing(s -> s.shift.shiftId()))
                    .orElse(null);
            if (shift == null) {
                continue;
            }
            final boolean amended = shift.shift.closedAt() != null
                    && p.ingestedAt().isAfter(max(shift.shift.closedAt(), shift.closeRecordedAt));
            placed.get(key(shift.shift)).add(new Payment(p.eventId(), Kind.parse(p.kind()), p.transactionId(), p.paymentTransactionId(),
                    first(p.customerId(), origin == null ? null : origin.customerId()), clubId, p.amountMinor(),
                    first(p.currency(), origin == null ? null : origin.currency()), p.occurredAt(), p.receivedAt(), p.ingestedAt(),
                    Boolean.TRUE.equals(first(p.testMode(), origin == null ? null : origin.testMode())), p.status(),
                    first(p.cardFirstSix(), origin == null ? null : origin.cardFirstSix()),
                    first(p.cardLastFour(), origin == null ? null : origin.cardLastFour()),
                    first(p.cardType(), origin == null ? null : origin.cardType()),
                    first(p.totalFeeMinor(), "CONFIRM".equals(p.kind()) && origin != null ? origin.totalFeeMinor() : null),
                    p.reason(), p.reasonCode(), p.invoiceId(),
                    first(p.operationType(), "CONFIRM".equals(p.kind()) && origin != null ? origin.operationType() : null),
                    OrgMode.parse(p.orgMode()), amended));
        }
        final Map<String, ShiftReport> reports = new LinkedHashMap<>();
        for (final Map.Entry<String, ShiftWithRecord> s : shifts.entrySet()) {
            final List<Payment> list = placed.get(s.getKey());
            list.sort(Comparator.comparing(Payment::occurredAt).thenComparing(Payment::eventId));
            reports.put(s.getKey(), ShiftReport.of(s.getValue().shift, list));
        }
        return reports;
    }

    static String key(final Shift shift) {
        return shift.orgId() + "/" + shift.shiftId();
    }

    private record ShiftWithRecord(Shift shift, Instant closeRecordedAt) {
    }

    private static Map<String, ShiftWithRecord> shifts(final List<StoredRows.ShiftEventRow> events) {
        final Comparator<StoredRows.ShiftEventRow> order = Comparator.comparing(StoredRows.ShiftEventRow::occurredAt)
                .thenComparing(StoredRows.ShiftEventRow::eventId);
        final Map<String, StoredRows.ShiftEventRow> opened = new HashMap<>();
        final Map<String, StoredRows.ShiftEventRow> closed = new HashMap<>();
        for (final StoredRows.ShiftEventRow e : events) {
            final Map<String, StoredRows.ShiftEventRow> target = "OPENED".equals(e.action()) ? opened : closed;
            target.merge(e.orgId() + "/" + e.shiftId(), e, (a, b) -> order.compare(a, b) <= 0 ? a : b);
        }
        final Map<String, ShiftWithRecord> shifts = new LinkedHashMap<>();
        opened.keySet().stream().sorted().forEach(k -> {
            final StoredRows.ShiftEventRow o = opened.get(k);
            final StoredRows.ShiftEventRow c = closed.get(k);
            shifts.put(k, new ShiftWithRecord(new Shift(o.orgId(), o.shiftId(), o.clubId(), o.occurredAt(),
                    c == null ? null : c.occurredAt(), o.actor(), c == null ? null : c.actor()), c == null ? null : c.ingestedAt()));
        });
        return shifts;
    }

    private static StoredRows.PaymentRow origin(final StoredRows.PaymentRow p, final Map<String, List<StoredRows.PaymentRow>> byTransaction) {
        final Long referred = p.paymentTransactionId() != null ? p.paymentTransactionId() : p.transactionId();
        if (referred == null) {
            return null;
        }
        return byTransaction.getOrDefault(p.orgId() + ":" + referred, List.of()).stream()
                .filter(q -> List.of("PAY", "CONFIRM", "CHECK").contains(q.kind()) && !q.eventId().equals(p.eventId()))
                .min(Comparator.<StoredRows.PaymentRow>comparingInt(q -> List.of("PAY", "CONFIRM", "CHECK").indexOf(q.kind()))
                        .thenComparing(StoredRows.PaymentRow::eventId))
                .orElse(null);
    }

    private static <T> T first(final T own, final T inherited) {
        return own != null ? own : inherited;
    }

    private static Instant max(final Instant a, final Instant b) {
        return b == null || Objects.requireNonNull(a).isAfter(b) ? a : b;
    }
}

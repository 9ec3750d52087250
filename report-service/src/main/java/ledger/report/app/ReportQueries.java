package ledger.report.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ledger.report.domain.Bucket;
import ledger.report.domain.Payment;
import ledger.report.domain.Shift;
import ledger.report.domain.ShiftReport;
import ledger.report.domain.Unassigned;
import ledger.report.persistence.PlacedPaymentRow;
import ledger.report.persistence.ReportDao;
import ledger.report.persistence.ShiftDao;
import ledger.report.persistence.ShiftRow;
import org.jdbi.v3.core.Jdbi;

/**
 * Report reads for the HTTP API: loads shifts and placed payments and hands them to the pure report logic.
 * Placement is computed by the database at query time, so every read reflects all events stored so far.
 */
public final class ReportQueries {

    /** Stands in for "still open" as an upper time bound. */
    private static final Instant END_OF_TIME = Instant.parse("9999-12-31T00:00:00Z");

    private final Jdbi jdbi;

    public ReportQueries(final Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** The report of one shift, or empty when the organization has no such shift. */
    public Optional<ShiftReport> shiftReport(final String orgId, final String shiftId) {
        return jdbi.withHandle(handle -> {
            final Optional<ShiftRow> row = handle.attach(ShiftDao.class).find(orgId, shiftId);
            if (row.isEmpty()) {
                return Optional.empty();
            }
            final Shift shift = row.get().toShift();
            final List<Payment> payments = handle.attach(ReportDao.class)
                    .inShifts(orgId, List.of(shiftId), shift.openedAt(), end(shift))
                    .stream().map(PlacedPaymentRow::payment).toList();
            return Optional.of(ShiftReport.of(shift, payments));
        });
    }

    /** The club's shifts overlapping {@code [from, to)}, oldest first, each with its report. */
    public List<ShiftReport> clubShifts(final String orgId, final String clubId, final Instant from, final Instant to) {
        return jdbi.withHandle(handle -> {
            final List<Shift> shifts = handle.attach(ShiftDao.class).overlapping(orgId, clubId, from, to)
                    .stream().map(ShiftRow::toShift).toList();
            if (shifts.isEmpty()) {
                return List.of();
            }
            final Instant earliest = shifts.stream().map(Shift::openedAt).min(Comparator.naturalOrder()).orElseThrow();
            final Instant latest = shifts.stream().map(ReportQueries::end).max(Comparator.naturalOrder()).orElseThrow();
            final Map<String, List<Payment>> byShift = new LinkedHashMap<>();
            shifts.forEach(s -> byShift.put(s.shiftId(), new ArrayList<>()));
            handle.attach(ReportDao.class)
                    .inShifts(orgId, List.copyOf(byShift.keySet()), earliest, latest)
                    .forEach(row -> byShift.get(row.shiftId()).add(row.payment()));
            return shifts.stream().map(s -> ShiftReport.of(s, byShift.get(s.shiftId()))).toList();
        });
    }

    /** The payments of {@code [from, to)} that belong to no shift. */
    public Unassigned unassigned(final String orgId, final Instant from, final Instant to) {
        final List<PlacedPaymentRow> rows = jdbi.withExtension(ReportDao.class, dao -> dao.unassigned(orgId, from, to));
        final List<Payment> noClub = new ArrayList<>();
        final List<Payment> outside = new ArrayList<>();
        for (final PlacedPaymentRow row : rows) {
            (PlacedPaymentRow.OUTSIDE_ANY_SHIFT.equals(row.placement()) ? outside : noClub).add(row.payment());
        }
        return new Unassigned(Bucket.of(Bucket.Reason.NO_CLUB, noClub), Bucket.of(Bucket.Reason.OUTSIDE_ANY_SHIFT, outside));
    }

    private static Instant end(final Shift shift) {
        return shift.closedAt() == null ? END_OF_TIME : shift.closedAt();
    }
}

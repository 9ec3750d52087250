package ledger.report.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A shift's report: the shift, its lines (one per transaction) and totals, and whether it was amended, that is
 * whether anything reached the store after the shift had been closed, and when that last happened.
 */
public record ShiftReport(Shift shift, boolean amended, Instant lastAmendedAt, Totals totals, List<ReportLine> lines) {

    public ShiftReport {
        lines = List.copyOf(lines);
    }

    public static ShiftReport of(final Shift shift, final List<Payment> payments) {
        final List<ReportLine> lines = ReportLines.of(payments);
        final Instant lastAmendedAt = lines.stream()
                .map(ReportLine::amendedAt)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(null);
        return new ShiftReport(shift, lastAmendedAt != null, lastAmendedAt, Totals.of(lines), lines);
    }
}

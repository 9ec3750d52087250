package ledger.report.domain;

import java.util.List;

/**
 * Payments that belong to no shift, kept in their own list so they are reported rather than dropped.
 *
 * <p>{@link Reason#NO_CLUB}: the payment names no club, or a club that has never had a shift (so its shifts cannot be
 * known). {@link Reason#OUTSIDE_ANY_SHIFT}: the club is known but no shift of it was open at the payment's time.
 */
public record Bucket(Reason reason, Totals totals, List<ReportLine> lines) {

    public enum Reason { NO_CLUB, OUTSIDE_ANY_SHIFT }

    public Bucket {
        lines = List.copyOf(lines);
    }

    public static Bucket of(final Reason reason, final List<Payment> payments) {
        final List<ReportLine> lines = ReportLines.of(payments);
        return new Bucket(reason, Totals.of(lines), lines);
    }
}

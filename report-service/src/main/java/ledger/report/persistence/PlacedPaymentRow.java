package ledger.report.persistence;

import ledger.report.domain.Payment;
import org.jdbi.v3.core.mapper.Nested;

/**
 * A payment as the {@code placed_payments} view computes it, mapped straight to the domain's {@link Payment} (with
 * what it inherits from the payment it refers to), and where it belongs right now. Where it belongs stays here:
 * the report code needs it to sort payments into shifts and buckets, the domain record does not carry it.
 *
 * @param orgId the organization the payment belongs to
 * @param shiftId the shift it belongs to when {@code placement} is {@code SHIFT}
 * @param placement {@code SHIFT}, {@code OUTSIDE_ANY_SHIFT} or {@code NO_CLUB}
 */
public record PlacedPaymentRow(@Nested Payment payment, String orgId, String shiftId, String placement) {

    public static final String SHIFT = "SHIFT";
    public static final String OUTSIDE_ANY_SHIFT = "OUTSIDE_ANY_SHIFT";
    public static final String NO_CLUB = "NO_CLUB";
}

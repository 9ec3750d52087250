package ledger.gateway.notification;

import java.util.Objects;
import ledger.events.OrgMode;

/**
 * An organization's rules for accepting a top-up, as answered to CloudPayments' Check notification.
 *
 * <p>Guarantees (checked on construction; a bad policy is a configuration bug and fails fast):
 * {@code currency} is an ISO 4217 code with a minor unit, and {@code 0 <= minAmountMinor <= maxAmountMinor}.
 * Both limits are inclusive and in minor units of {@code currency}.
 *
 * @param enabled        whether the organization is connected and takes card top-ups at all
 * @param currency       the only currency a top-up may be paid in
 * @param minAmountMinor the smallest acceptable top-up
 * @param maxAmountMinor the largest acceptable top-up
 * @param mode           the mode the organization's admin set: in {@link OrgMode#LIVE} a test card pays for nothing
 */
public record TopUpPolicy(boolean enabled, String currency, long minAmountMinor, long maxAmountMinor, OrgMode mode) {

    public TopUpPolicy {
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(mode, "mode");
        if (MinorUnits.decimalsOf(currency).isEmpty()) {
            throw new IllegalArgumentException("not an ISO 4217 currency with a minor unit: " + currency);
        }
        if (minAmountMinor < 0 || maxAmountMinor < minAmountMinor) {
            throw new IllegalArgumentException("limits must satisfy 0 <= min <= max, were min=" + minAmountMinor
                    + " max=" + maxAmountMinor);
        }
    }
}

package ledger.gateway.organizations;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest verified notification per organization, as seen by this gateway instance: when it came and
 * whether it was test-mode money, which tells an admin whether the CloudPayments site is still in test mode.
 */
public final class Activity {

    /** The last notification: its time and its TestMode flag. */
    public record Last(Instant at, boolean testMode) {
    }

    private final Map<String, Last> byOrg = new ConcurrentHashMap<>();

    public void record(final String orgId, final Instant at, final boolean testMode) {
        byOrg.merge(orgId, new Last(at, testMode), (old, now) -> now.at().isAfter(old.at()) ? now : old);
    }

    public Optional<Last> last(final String orgId) {
        return Optional.ofNullable(byOrg.get(orgId));
    }
}

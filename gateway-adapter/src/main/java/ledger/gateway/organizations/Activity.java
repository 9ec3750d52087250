package ledger.gateway.organizations;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest verified notification per organization, across all gateway instances: when it came and whether it
 * was test-mode money, which tells an admin whether the CloudPayments site is still in test mode.
 *
 * <p>Each instance knows its own notifications at once and shares them through a compacted topic, off the webhook
 * path: it writes when an organization's mode changes, and otherwise at most once per {@link #SHARE_EVERY} per
 * organization. So another instance shows the mode at once after a change and the time of the latest
 * notification at most {@code SHARE_EVERY} late; under load that is one small record per organization per
 * interval, not one per webhook.
 */
public final class Activity implements AutoCloseable {

    /** The last notification: the gateway's time of receipt and its TestMode flag. */
    public record Last(Instant at, boolean testMode) {

        Last laterOf(final Last other) {
            return other.at.isAfter(at) ? other : this;
        }
    }

    /** How stale another instance's view of the latest notification time may get. */
    public static final Duration SHARE_EVERY = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(Activity.class);

    private final Map<String, Last> byOrg = new ConcurrentHashMap<>();
    private final Map<String, Last> shared = new ConcurrentHashMap<>();
    private CompactedTopic topic;

    private Activity() {
    }

    /** Activity shared through {@code topic} (created if needed), with what other instances already wrote loaded. */
    public static Activity open(final String bootstrapServers, final String topic, final Duration loadTimeout) {
        final Activity activity = new Activity();
        activity.topic = CompactedTopic.open(bootstrapServers, topic, activity::apply, loadTimeout);
        return activity;
    }

    /** Activity seen by this instance alone (for tests and single-instance tools). */
    public static Activity inMemory() {
        return new Activity();
    }

    public void record(final String orgId, final Instant at, final boolean testMode) {
        final Last now = new Last(at, testMode);
        if (byOrg.merge(orgId, now, Last::laterOf) != now || topic == null) {
            return;
        }
        final Last toShare = shared.compute(orgId, (key, before) ->
                before == null || before.testMode() != testMode || !at.isBefore(before.at().plus(SHARE_EVERY)) ? now : before);
        if (toShare == now) {
            try {
                topic.writeInBackground(orgId, CompactedTopic.JSON.writeValueAsString(now));
            } catch (final JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public Optional<Last> last(final String orgId) {
        return Optional.ofNullable(byOrg.get(orgId));
    }

    private void apply(final String orgId, final String json, final long offset) {
        if (json == null) {
            byOrg.remove(orgId);
            return;
        }
        try {
            byOrg.merge(orgId, CompactedTopic.JSON.readValue(json, Last.class), Last::laterOf);
        } catch (final JsonProcessingException e) {
            log.error("skipping unreadable activity record for {} at offset {}", orgId, offset);
        }
    }

    @Override
    public void close() {
        if (topic != null) {
            topic.close();
        }
    }
}

package ledger.gateway.organizations;

import ledger.platform.kafka.CompactedTopic;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each organization's verified notifications showed, across all gateway instances: when the latest came and
 * whether it was test-mode money, and when the latest live payment arrived while the organization was in TEST mode
 * (which its admin should hear about: the CloudPayments site is live, the organization is not).
 *
 * <p>Each instance knows its own notifications at once and shares them through a compacted topic, off the webhook
 * path: it writes when the test-mode flag of the latest notification changes and when a live payment arrives in
 * TEST mode that the other instances do not know of yet (none since the last change of mode), and otherwise at
 * most once per {@link #SHARE_EVERY} per organization. So another instance shows a change of test mode and a new
 * live-payment warning at once, and the time of the latest notification at most {@code SHARE_EVERY} late; under
 * load that is one small record per organization per interval, not one per webhook. Records are merged, not
 * replaced, so the order in which instances' writes arrive does not matter.
 */
public final class Activity implements AutoCloseable {

    /**
     * One organization's activity, also the JSON record shared between instances (a record written before
     * {@code livePaymentInTestModeAt} existed lacks it and reads as null).
     *
     * @param at                      the gateway's time of receipt of the latest notification
     * @param testMode                that notification's TestMode flag
     * @param livePaymentInTestModeAt when the latest live (TestMode=0) Check, Pay or Confirm arrived while the
     *                                organization's mode was TEST; null when none did
     */
    public record Last(Instant at, boolean testMode, Instant livePaymentInTestModeAt) {

        /** What both tell together: the later notification, and the later live payment. */
        Last merge(final Last other) {
            final Last later = other.at.isAfter(at) ? other : this;
            final Instant livePayment = livePaymentInTestModeAt == null || (other.livePaymentInTestModeAt != null
                    && other.livePaymentInTestModeAt.isAfter(livePaymentInTestModeAt)) ? other.livePaymentInTestModeAt : livePaymentInTestModeAt;
            return new Last(later.at, later.testMode, livePayment);
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

    /**
     * Records one verified notification.
     *
     * @param livePaymentInTestMode it is a live (TestMode=0) Check, Pay or Confirm, and the organization's mode is TEST
     * @param modeChangedAt         when the organization's mode last changed (null: never); a live payment from before
     *                              it is old news, so the first one after it is shared at once
     */
    public void record(final String orgId, final Instant at, final boolean testMode, final boolean livePaymentInTestMode,
                       final Instant modeChangedAt) {
        final Last merged = byOrg.merge(orgId, new Last(at, testMode, livePaymentInTestMode ? at : null), Last::merge);
        if (topic == null) {
            return;
        }
        final Last toShare = shared.compute(orgId, (key, before) ->
                before == null
                        || before.testMode() != merged.testMode()
                        || (livePaymentInTestMode && !isAfter(before.livePaymentInTestModeAt(), modeChangedAt))
                        || !merged.at().isBefore(before.at().plus(SHARE_EVERY)) ? merged : before);
        if (toShare == merged) {
            try {
                topic.writeInBackground(orgId, CompactedTopic.JSON.writeValueAsString(merged));
            } catch (final JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    public Optional<Last> last(final String orgId) {
        return Optional.ofNullable(byOrg.get(orgId));
    }

    /** Whether {@code instant} is known and after {@code since} (any known instant is, when {@code since} is null). */
    private static boolean isAfter(final Instant instant, final Instant since) {
        return instant != null && (since == null || instant.isAfter(since));
    }

    private void apply(final String orgId, final String json, final long offset) {
        if (json == null) {
            byOrg.remove(orgId);
            return;
        }
        try {
            byOrg.merge(orgId, CompactedTopic.JSON.readValue(json, Last.class), Last::merge);
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

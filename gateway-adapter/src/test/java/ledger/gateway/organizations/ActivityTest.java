package ledger.gateway.organizations;

import ledger.platform.kafka.CompactedTopic;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/**
 * The activity record every instance shares: merged rather than replaced, so arrival order does not matter, and
 * readable when written before the live-payment time existed.
 */
class ActivityTest {

    private static final Instant T1 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant T2 = T1.plusSeconds(60);
    private static final Instant T3 = T1.plusSeconds(120);

    @Test
    void mergingKeepsTheLatestNotificationAndTheLatestLivePaymentWhicheverArrivesFirst() {
        final Activity.Last live = new Activity.Last(T2, false, T2);
        final Activity.Last laterTest = new Activity.Last(T3, true, null);

        assertThat(live.merge(laterTest)).isEqualTo(new Activity.Last(T3, true, T2));
        assertThat(laterTest.merge(live)).isEqualTo(new Activity.Last(T3, true, T2));
        assertThat(new Activity.Last(T1, false, T1).merge(live)).isEqualTo(live);
        assertThat(live.merge(new Activity.Last(T1, false, T1))).isEqualTo(live);
    }

    @Test
    void aRecordFromBeforeLivePaymentsWereSharedStillLoads() throws Exception {
        final Activity.Last old = CompactedTopic.JSON.readValue("{\"at\":\"" + T1 + "\",\"testMode\":true}", Activity.Last.class);

        assertThat(old).isEqualTo(new Activity.Last(T1, true, null));
    }

    @Test
    void anInstanceSeesItsOwnNotificationsAtOnce() {
        final Activity activity = Activity.inMemory();
        activity.record("org-1", T1, true, false, null);
        activity.record("org-1", T2, false, true, T1);
        activity.record("org-1", T3, true, false, T1);

        assertThat(activity.last("org-1")).contains(new Activity.Last(T3, true, T2));
        assertThat(activity.last("org-2")).isEmpty();
    }
}

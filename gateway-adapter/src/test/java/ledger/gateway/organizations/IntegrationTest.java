package ledger.gateway.organizations;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import ledger.events.OrgMode;
import org.junit.jupiter.api.Test;

/**
 * When the integration warns its admin about a live payment: only in TEST mode, and only for a payment that came
 * after the last change of mode.
 */
class IntegrationTest {

    private static final Instant CHANGED = Instant.parse("2026-11-20T10:00:00Z");

    private static Integration in(final OrgMode mode, final Instant modeChangedAt) {
        return new Integration("org-1", "pk_1", "ciphertext", null, null, ConnectionStatus.CONNECTED, "RUB", 100, 1_000, true, "UTF-8",
                CHANGED, CHANGED, mode, modeChangedAt, null, null);
    }

    @Test
    void aLivePaymentAfterTheLastChangeToTestModeIsWarnedAbout() {
        final Instant later = CHANGED.plusSeconds(1);

        assertThat(in(OrgMode.TEST, CHANGED).livePaymentToWarnAbout(later)).contains(later);
    }

    @Test
    void aLivePaymentFromBeforeTheLastChangeIsOldNews() {
        assertThat(in(OrgMode.TEST, CHANGED).livePaymentToWarnAbout(CHANGED)).isEmpty();
        assertThat(in(OrgMode.TEST, CHANGED).livePaymentToWarnAbout(CHANGED.minus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    void aLiveOrganizationIsNotWarnedAboutLivePayments() {
        assertThat(in(OrgMode.LIVE, CHANGED).livePaymentToWarnAbout(CHANGED.plusSeconds(1))).isEmpty();
    }

    @Test
    void anOrganizationWhoseModeNeverChangedIsWarnedAboutAnyLivePayment() {
        assertThat(in(OrgMode.TEST, null).livePaymentToWarnAbout(CHANGED)).contains(CHANGED);
        assertThat(in(OrgMode.TEST, null).livePaymentToWarnAbout(null)).isEmpty();
    }

    @Test
    void aMissingModeIsTest() {
        assertThat(in(null, null).mode()).isEqualTo(OrgMode.TEST);
    }

    @Test
    void changingTheModeIsDatedAndKeepingItIsNot() {
        final Integration test = in(OrgMode.TEST, CHANGED);
        final Instant now = CHANGED.plus(Duration.ofHours(1));

        assertThat(test.withMode(OrgMode.TEST, now)).isSameAs(test);
        assertThat(test.withMode(OrgMode.LIVE, now).mode()).isEqualTo(OrgMode.LIVE);
        assertThat(test.withMode(OrgMode.LIVE, now).modeChangedAt()).isEqualTo(now);
    }
}

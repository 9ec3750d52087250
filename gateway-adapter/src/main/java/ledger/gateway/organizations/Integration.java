package ledger.gateway.organizations;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import ledger.events.OrgMode;

/**
 * One organization's CloudPayments connection as stored (compacted topic, one JSON record per organization).
 * The API Secret is only ever held encrypted here. {@code previousSecretCiphertext} is the secret being rotated
 * out: it stays valid for webhooks until {@code previousSecretExpiresAt}, so that CloudPayments' retries of
 * notifications signed before the change still get through, and not a moment longer.
 *
 * <p>Records are read back by every gateway instance, by newer versions and by the operator's tools, so a
 * component added later is absent (null) in older records: a missing {@code mode} is {@link OrgMode#TEST} (every
 * organization was credited as such before modes existed), a missing {@code modeChangedAt} means the mode never
 * changed, and {@link #previousSecretAcceptedUntil} says how a missing expiry is read.
 *
 * @param previousSecretExpiresAt when the previous secret stops verifying webhooks; null when there is none, and
 *                                in records written before rotations had an end
 * @param currency the currency top-ups must be in (ISO 4217)
 * @param minTopUpMinor smallest accepted top-up, minor units
 * @param maxTopUpMinor largest accepted top-up, minor units
 * @param enabled whether the organization accepts payments at all
 * @param verifiedAt when the credentials were last saved and checked with CloudPayments
 * @param mode the mode the organization's admin set: TEST (the default of a new connection) or LIVE, in which
 *             test cards pay for nothing
 * @param modeChangedAt when {@code mode} was last set to a different value (or first set, on connecting)
 * @param checkedAt when the credentials were last checked with CloudPayments, whatever the answer; null in
 *                  records written before checks were recorded apart from saves
 * @param checkResult what CloudPayments answered then ({@link ConnectionStatus#UNREACHABLE} when it did not)
 */
public record Integration(
        String orgId,
        String publicId,
        String secretCiphertext,
        String previousSecretCiphertext,
        Instant previousSecretExpiresAt,
        ConnectionStatus status,
        String currency,
        long minTopUpMinor,
        long maxTopUpMinor,
        boolean enabled,
        String charset,
        Instant connectedAt,
        Instant verifiedAt,
        OrgMode mode,
        Instant modeChangedAt,
        Instant checkedAt,
        ConnectionStatus checkResult) {

    public Integration {
        mode = mode == null ? OrgMode.TEST : mode;
        // Before saves were verified first, a save while CloudPayments was away was stored as UNREACHABLE: that is
        // what UNVERIFIED means now, and such connections are verified again in the background like any other.
        status = status == ConnectionStatus.UNREACHABLE ? ConnectionStatus.UNVERIFIED : status;
    }

    /**
     * An integration in the shape stored before the previous secret had an end and before modes: in TEST mode,
     * its expiry read as described at {@link #previousSecretAcceptedUntil}. (The operator's reconciliation tests
     * write such records.)
     */
    public Integration(final String orgId, final String publicId, final String secretCiphertext, final String previousSecretCiphertext,
                       final ConnectionStatus status, final String currency, final long minTopUpMinor, final long maxTopUpMinor,
                       final boolean enabled, final String charset, final Instant connectedAt, final Instant verifiedAt) {
        this(orgId, publicId, secretCiphertext, previousSecretCiphertext, null, status, currency, minTopUpMinor, maxTopUpMinor,
                enabled, charset, connectedAt, verifiedAt, null, null, null, null);
    }

    /**
     * Until when the previous secret verifies webhooks (exclusive), or null when there is no previous secret.
     *
     * <p>A record written before rotations had an end carries a previous secret but no expiry. It is read as
     * expiring {@code window} after {@code verifiedAt}: that record was saved when the secret changed or later
     * (a save with the same secret keeps the previous one), so the old secret lives at most one window after the
     * upgrade, not forever, while retries of notifications signed just before a recent change still pass.
     * Reading it as already expired would be simpler, but would refuse exactly those retries on the day of the
     * upgrade, and CloudPayments gives up on a notification after about 100 refused attempts.
     *
     * @param window the configured rotation window ({@code GATEWAY_SECRET_ROTATION_WINDOW})
     */
    public Instant previousSecretAcceptedUntil(final Duration window) {
        if (previousSecretCiphertext == null) {
            return null;
        }
        return previousSecretExpiresAt != null ? previousSecretExpiresAt : verifiedAt.plus(window);
    }

    /** This integration with the previous secret forgotten: from now on only the current one verifies webhooks. */
    public Integration withoutPreviousSecret() {
        return new Integration(orgId, publicId, secretCiphertext, null, null, status, currency, minTopUpMinor, maxTopUpMinor,
                enabled, charset, connectedAt, verifiedAt, mode, modeChangedAt, checkedAt, checkResult);
    }

    /** This integration in {@code newMode}; the change is dated {@code at} only when the mode really changes. */
    public Integration withMode(final OrgMode newMode, final Instant at) {
        if (newMode == mode) {
            return this;
        }
        return new Integration(orgId, publicId, secretCiphertext, previousSecretCiphertext, previousSecretExpiresAt, status, currency,
                minTopUpMinor, maxTopUpMinor, enabled, charset, connectedAt, verifiedAt, newMode, at, checkedAt, checkResult);
    }

    /**
     * This integration after CloudPayments answered {@code answer} to a check of its stored credentials at {@code at}:
     * CONNECTED or INVALID_CREDENTIALS become its status (and CONNECTED its verification time); no answer
     * (UNREACHABLE) leaves the status as it was.
     */
    public Integration checked(final ConnectionStatus answer, final Instant at) {
        final ConnectionStatus newStatus = answer == ConnectionStatus.UNREACHABLE ? status : answer;
        final Instant newVerifiedAt = answer == ConnectionStatus.CONNECTED ? at : verifiedAt;
        return new Integration(orgId, publicId, secretCiphertext, previousSecretCiphertext, previousSecretExpiresAt, newStatus, currency,
                minTopUpMinor, maxTopUpMinor, enabled, charset, connectedAt, newVerifiedAt, mode, modeChangedAt, at, answer);
    }

    /**
     * The live payment to warn the admin about, if any: the latest one seen while in test mode counts only while the
     * organization is still in TEST mode and only when it came after the last change of mode (a payment the admin
     * already answered by switching to LIVE, or one from before an earlier switch back to TEST, is old news).
     *
     * @param livePaymentSeenInTestModeAt when the latest live (TestMode=0) Check, Pay or Confirm arrived while this
     *                                    organization was in TEST mode; null when none did
     */
    public Optional<Instant> livePaymentToWarnAbout(final Instant livePaymentSeenInTestModeAt) {
        if (mode != OrgMode.TEST || livePaymentSeenInTestModeAt == null
                || (modeChangedAt != null && !livePaymentSeenInTestModeAt.isAfter(modeChangedAt))) {
            return Optional.empty();
        }
        return Optional.of(livePaymentSeenInTestModeAt);
    }
}

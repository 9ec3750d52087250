package ledger.gateway.organizations;

import java.time.Duration;
import java.time.Instant;

/**
 * One organization's CloudPayments connection as stored (compacted topic, one JSON record per organization).
 * The API Secret is only ever held encrypted here. {@code previousSecretCiphertext} is the secret being rotated
 * out: it stays valid for webhooks until {@code previousSecretExpiresAt}, so that CloudPayments' retries of
 * notifications signed before the change still get through, and not a moment longer.
 *
 * <p>Records are read back by every gateway instance, by newer versions and by the operator's tools, so a
 * component added later is absent (null) in older records; {@link #previousSecretAcceptedUntil} says how each
 * absence is read.
 *
 * @param previousSecretExpiresAt when the previous secret stops verifying webhooks; null when there is none, and
 *                                in records written before rotations had an end
 * @param currency the currency top-ups must be in (ISO 4217)
 * @param minTopUpMinor smallest accepted top-up, minor units
 * @param maxTopUpMinor largest accepted top-up, minor units
 * @param enabled whether the organization accepts payments at all
 * @param verifiedAt when the credentials were last saved and checked with CloudPayments
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
        Instant verifiedAt) {

    /**
     * An integration in the shape stored before the previous secret had an end: its expiry is read as described
     * at {@link #previousSecretAcceptedUntil}. (The operator's reconciliation tests write such records.)
     */
    public Integration(final String orgId, final String publicId, final String secretCiphertext, final String previousSecretCiphertext,
                       final ConnectionStatus status, final String currency, final long minTopUpMinor, final long maxTopUpMinor,
                       final boolean enabled, final String charset, final Instant connectedAt, final Instant verifiedAt) {
        this(orgId, publicId, secretCiphertext, previousSecretCiphertext, null, status, currency, minTopUpMinor, maxTopUpMinor,
                enabled, charset, connectedAt, verifiedAt);
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
                enabled, charset, connectedAt, verifiedAt);
    }
}

package ledger.gateway.organizations;

import java.time.Instant;

/**
 * One organization's CloudPayments connection as stored (compacted topic, one record per organization).
 * The API Secret is only ever held encrypted here; {@code previousSecretCiphertext} keeps the secret being
 * rotated out valid for webhooks until the next change.
 *
 * @param currency the currency top-ups must be in (ISO 4217)
 * @param minTopUpMinor smallest accepted top-up, minor units
 * @param maxTopUpMinor largest accepted top-up, minor units
 * @param enabled whether the organization accepts payments at all
 */
public record Integration(
        String orgId,
        String publicId,
        String secretCiphertext,
        String previousSecretCiphertext,
        ConnectionStatus status,
        String currency,
        long minTopUpMinor,
        long maxTopUpMinor,
        boolean enabled,
        String charset,
        Instant connectedAt,
        Instant verifiedAt) {
}

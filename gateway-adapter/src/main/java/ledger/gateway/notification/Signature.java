package ledger.gateway.notification;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies that a notification was signed by CloudPayments with the organization's API Secret.
 *
 * <p>CloudPayments sends two headers (PROTOCOL.md §4.1):
 * <ul>
 *   <li>{@code Content-HMAC} = base64(HMAC-SHA256(key = UTF-8 API Secret, message = the exact raw body
 *       bytes)); for a GET notification the message is the raw query string. This is the primary check, and
 *       the reason the body must never be re-serialised before it is verified.</li>
 *   <li>{@code X-Content-HMAC} = the same over the URL-decoded body ({@code +} to space, {@code %XX} to
 *       bytes, over the whole body). CloudPayments' exact decoding rules are unconfirmed, so this is only a
 *       fallback when {@code Content-HMAC} is absent.</li>
 * </ul>
 *
 * <p>When {@code Content-HMAC} is present (not blank) it alone decides: a wrong one is a {@link Outcome#MISMATCH}
 * whatever {@code X-Content-HMAC} says. CloudPayments always sends both, so a request whose raw-body signature
 * is wrong did not come from CloudPayments; letting the decoded-body header rescue it would only give a forger
 * a second, weaker check to aim at: decoding loses the structure of the body, so different raw bodies share
 * one decoded signature ({@code Id=1%26Amount%3D9} and {@code Id=1&Amount=9} decode to the same bytes but are one
 * parameter and two).
 *
 * <p>Guarantees: header names are matched case-insensitively ({@code Content-Hmac} occurs in the wild);
 * signatures are compared as decoded bytes with {@link MessageDigest#isEqual}, which takes the same time
 * wherever the bytes differ; a notification is valid when any of the organization's one or two current
 * secrets matches (two during a secret rotation). The secret is never logged, returned or put into a
 * message, and the outcome says only which header matched, not which secret.
 */
public final class Signature {

    /** The header holding the HMAC of the raw body. */
    public static final String CONTENT_HMAC = "Content-HMAC";
    /** The header holding the HMAC of the URL-decoded body. */
    public static final String X_CONTENT_HMAC = "X-Content-HMAC";

    private static final String ALGORITHM = "HmacSHA256";

    private Signature() {
    }

    /** What the signature check concluded. */
    public enum Outcome {
        /** {@code Content-HMAC} matches the raw body. */
        VALID_CONTENT_HMAC,
        /** {@code Content-HMAC} was absent (or blank) and {@code X-Content-HMAC} matches the decoded body. */
        VALID_X_CONTENT_HMAC,
        /** Neither header was sent (or both were blank). */
        MISSING,
        /**
         * The header that decides ({@code Content-HMAC} when sent, else {@code X-Content-HMAC}) matched under none
         * of the secrets.
         */
        MISMATCH;

        /** Whether the notification may be trusted. */
        public boolean isValid() {
            return this == VALID_CONTENT_HMAC || this == VALID_X_CONTENT_HMAC;
        }
    }

    /**
     * Checks a notification's signature headers.
     *
     * @param signedMessage the exact raw body bytes (POST), or the UTF-8 bytes of the raw query string
     *                      without the {@code ?} (GET)
     * @param header        looks a request header up by name; it is asked for several spellings, so a
     *                      case-sensitive lookup such as {@code Map::get} works too; returns null when absent
     * @param secrets       the organization's current API Secrets: one, or two during a rotation
     */
    public static Outcome verify(final byte[] signedMessage, final Function<String, String> header,
                                 final List<String> secrets) {
        Objects.requireNonNull(signedMessage, "signedMessage");
        Objects.requireNonNull(header, "header");
        requireSecrets(secrets);
        final String contentHmac = lookUp(header, CONTENT_HMAC);
        final String xContentHmac = lookUp(header, X_CONTENT_HMAC);
        if (contentHmac == null && xContentHmac == null) {
            return Outcome.MISSING;
        }
        if (contentHmac != null) {
            // Present, so it alone decides: X-Content-HMAC is not consulted, not even when this one is wrong.
            return matchesAny(contentHmac, signedMessage, secrets) ? Outcome.VALID_CONTENT_HMAC : Outcome.MISMATCH;
        }
        final byte[] decoded = PercentDecoding.decode(signedMessage);
        // A body that cannot be URL-decoded cannot have been signed in decoded form.
        return decoded != null && matchesAny(xContentHmac, decoded, secrets) ? Outcome.VALID_X_CONTENT_HMAC : Outcome.MISMATCH;
    }

    /**
     * Checks a notification's signature headers given as a map whose keys may be spelled in any case.
     *
     * @see #verify(byte[], Function, List)
     */
    public static Outcome verify(final byte[] signedMessage, final Map<String, String> headers,
                                 final List<String> secrets) {
        Objects.requireNonNull(headers, "headers");
        return verify(signedMessage, name -> {
            for (final Map.Entry<String, String> entry : headers.entrySet()) {
                if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name)) {
                    return entry.getValue();
                }
            }
            return null;
        }, secrets);
    }

    /**
     * The {@code Content-HMAC} value CloudPayments would send for {@code message}: base64 of HMAC-SHA256
     * keyed with the UTF-8 bytes of {@code secret}. For the simulator, demos and tests.
     */
    public static String sign(final String secret, final byte[] message) {
        Objects.requireNonNull(message, "message");
        return Base64.getEncoder().encodeToString(hmac(secret, message));
    }

    /**
     * The {@code X-Content-HMAC} value for a raw form body: {@link #sign} over its URL-decoded bytes.
     *
     * @throws IllegalArgumentException when the body has a malformed percent escape
     */
    public static String signDecoded(final String secret, final byte[] rawBody) {
        Objects.requireNonNull(rawBody, "rawBody");
        final byte[] decoded = PercentDecoding.decode(rawBody);
        if (decoded == null) {
            throw new IllegalArgumentException("the body has a malformed percent escape");
        }
        return sign(secret, decoded);
    }

    private static boolean matchesAny(final String headerValue, final byte[] message, final List<String> secrets) {
        final byte[] claimed;
        try {
            claimed = Base64.getDecoder().decode(headerValue);
        } catch (final IllegalArgumentException notBase64) {
            // Garbage in the header is a mismatch, not an error: it just cannot be a valid signature.
            return false;
        }
        boolean matched = false;
        for (final String secret : secrets) {
            // No early exit: every secret is tried, so timing does not tell which one matched.
            matched |= MessageDigest.isEqual(claimed, hmac(secret, message));
        }
        return matched;
    }

    private static String lookUp(final Function<String, String> header, final String name) {
        for (final String spelling : List.of(name, name.toLowerCase(Locale.ROOT), name.replace("HMAC", "Hmac"),
                name.toUpperCase(Locale.ROOT))) {
            final String value = header.apply(spelling);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    private static void requireSecrets(final List<String> secrets) {
        Objects.requireNonNull(secrets, "secrets");
        // Rotation needs the new and the old secret; accepting more would only widen what a leak exposes.
        if (secrets.isEmpty() || secrets.size() > 2) {
            throw new IllegalArgumentException("expected one or two API secrets, got " + secrets.size());
        }
        for (final String secret : secrets) {
            if (secret == null || secret.isBlank()) {
                throw new IllegalArgumentException("an API secret is null or blank");
            }
        }
    }

    private static byte[] hmac(final String secret, final byte[] message) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("the API secret is null or empty");
        }
        try {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            return mac.doFinal(message);
        } catch (final NoSuchAlgorithmException | InvalidKeyException e) {
            // Every Java runtime must provide HmacSHA256 and accept any non-empty key.
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}

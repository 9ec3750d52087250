package ledger.report.http;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Browser sessions for the report pages. A browser cannot send a bearer header when it follows a link, and a token
 * in the URL would end up in history, logs and proxies; so the page asks for the token once, in a sign-in form
 * posted to {@code /login}, and answers with this session cookie.
 *
 * <p>The cookie is {@code HttpOnly} (no script reads it), {@code SameSite=Strict} (no other site's page or link sends
 * it, so it cannot be used for cross-site requests), {@code Path=/}, and {@code Secure} when the request came over
 * HTTPS (directly or per {@code X-Forwarded-Proto}). It lives {@link #LIFETIME}. Its value holds no token: it is
 * {@code v1.<expiry epoch seconds>.<HMAC-SHA256>} signed with a key derived from both tokens
 * ({@link AccessTokens#sessionKey}), so it survives a restart and replacing either token ends every session. A
 * session only ever grants reading, and only for GET requests, whichever token signed in: writes need the bearer
 * header.
 */
final class PageSessions {

    static final String COOKIE = "report_session";
    static final Duration LIFETIME = Duration.ofHours(8);
    private static final String VERSION = "v1";

    private final SecretKeySpec key;
    private final Clock clock;

    PageSessions(final byte[] key, final Clock clock) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.clock = clock;
    }

    /** A new session's cookie value. */
    String issue() {
        final String payload = VERSION + "." + (clock.instant().plus(LIFETIME).getEpochSecond());
        return payload + "." + sign(payload);
    }

    /** Whether {@code value} is a session this service signed and that has not expired. */
    boolean isValid(final String value) {
        if (value == null || value.length() > 200) {
            return false;
        }
        final int lastDot = value.lastIndexOf('.');
        if (lastDot < 0) {
            return false;
        }
        final String payload = value.substring(0, lastDot);
        final byte[] presented = value.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(presented, sign(payload).getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        final String[] parts = payload.split("\\.", -1);
        if (parts.length != 2 || !parts[0].equals(VERSION)) {
            return false;
        }
        try {
            return Long.parseLong(parts[1]) > clock.instant().getEpochSecond();
        } catch (final NumberFormatException e) {
            return false;
        }
    }

    /** The {@code Set-Cookie} value that starts a session. */
    String setCookie(final String value, final boolean secure) {
        return COOKIE + "=" + value + "; Path=/; Max-Age=" + LIFETIME.toSeconds() + "; HttpOnly; SameSite=Strict"
                + (secure ? "; Secure" : "");
    }

    /** The {@code Set-Cookie} value that ends the session in this browser. */
    String clearCookie(final boolean secure) {
        return COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    private String sign(final String payload) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is required of every JVM", e);
        }
    }
}

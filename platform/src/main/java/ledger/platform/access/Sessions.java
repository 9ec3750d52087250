package ledger.platform.access;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import ledger.platform.kafka.CompactedTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Browser sessions of the pages (finance, organization admin). The cookie holds no credential: it is
 * {@code v2.<audience>.<session id>.<expiry epoch seconds>.<subject>.<HMAC-SHA256>}, signed with a key derived from
 * the operator token ({@link AccessControl#sessionKey}), so any instance of the service accepts it at once. A
 * session is for one audience (one service's pages: a finance session does not open the admin page) and one subject
 * (the key or token that signed in; a revoked key's sessions end with it).
 *
 * <p>Signing out ends a session on the server: its id goes to a compacted topic every instance follows, and is
 * refused from then on (within the reader's poll on other instances) until it would have expired anyway.
 *
 * <p>Forms are protected against cross-site posts by a token derived from the session ({@link #csrfToken}), and the
 * sign-in form, which has no session yet, by a signed nonce that must be both in a cookie and in the form
 * ({@link #loginNonce}).
 */
public final class Sessions implements AutoCloseable {

    /** A verified session. */
    public record Session(String id, String audience, String subject, Instant expiresAt) {
    }

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);
    private static final String VERSION = "v2";

    private final SecretKeySpec key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> ended = new ConcurrentHashMap<>();
    private CompactedTopic endedTopic;

    private Sessions(final byte[] key, final Clock clock) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.clock = clock;
    }

    /** Sessions signed with {@code key}, following the topic of ended sessions (created if needed). */
    public static Sessions open(final byte[] key, final Clock clock, final String bootstrapServers, final String endedTopic,
                                final Duration loadTimeout) {
        final Sessions sessions = new Sessions(key, clock);
        sessions.endedTopic = CompactedTopic.open(bootstrapServers, endedTopic, sessions::applyEnded, loadTimeout);
        return sessions;
    }

    /**
     * Sessions whose sign-outs are known to this instance alone: for tests of one instance, and tools. A service
     * with more than one instance uses {@link #open}.
     */
    public static Sessions inMemory(final byte[] key, final Clock clock) {
        return new Sessions(key, clock);
    }

    /** A new session's cookie value. */
    public String issue(final String audience, final Principal principal, final Duration lifetime) {
        final String payload = String.join(".", VERSION, audience, randomToken(18),
                Long.toString(clock.instant().plus(lifetime).getEpochSecond()), principal.actor());
        return payload + "." + sign(payload);
    }

    /** The session {@code cookie} is, when it was signed here for {@code audience}, has not expired and was not ended. */
    public Optional<Session> verify(final String audience, final String cookie) {
        if (cookie == null || cookie.length() > 300) {
            return Optional.empty();
        }
        final int lastDot = cookie.lastIndexOf('.');
        if (lastDot < 0) {
            return Optional.empty();
        }
        final String payload = cookie.substring(0, lastDot);
        if (!MessageDigest.isEqual(cookie.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII),
                sign(payload).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        final String[] parts = payload.split("\\.", -1);
        if (parts.length != 5 || !parts[0].equals(VERSION) || !parts[1].equals(audience)) {
            return Optional.empty();
        }
        final Instant expires;
        try {
            expires = Instant.ofEpochSecond(Long.parseLong(parts[3]));
        } catch (final NumberFormatException e) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(expires) || ended.containsKey(parts[2])) {
            return Optional.empty();
        }
        return Optional.of(new Session(parts[2], parts[1], parts[4], expires));
    }

    /** Ends {@code session} on every instance; written durably before this returns. */
    public void end(final Session session) {
        if (endedTopic == null) {
            ended.put(session.id(), session.expiresAt());
            return;
        }
        endedTopic.write(session.id(), session.expiresAt().toString());
    }

    /** The token a form of this session must carry. */
    public String csrfToken(final Session session) {
        return sign("csrf." + session.id());
    }

    public boolean csrfMatches(final Session session, final String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.US_ASCII),
                csrfToken(session).getBytes(StandardCharsets.US_ASCII));
    }

    /** A signed nonce for the sign-in form: set it as a cookie and as a hidden field; {@link #loginNonceMatches}. */
    public String loginNonce(final String audience) {
        final String payload = "login." + audience + "." + randomToken(12) + "." + clock.instant().plus(Duration.ofHours(1)).getEpochSecond();
        return payload + "." + sign(payload);
    }

    /** Whether the form's nonce equals the cookie's and is one this service signed for {@code audience}, unexpired. */
    public boolean loginNonceMatches(final String audience, final String cookie, final String field) {
        if (cookie == null || field == null || cookie.length() > 200
                || !MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII), field.getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        final int lastDot = cookie.lastIndexOf('.');
        if (lastDot < 0 || !MessageDigest.isEqual(cookie.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII),
                sign(cookie.substring(0, lastDot)).getBytes(StandardCharsets.US_ASCII))) {
            return false;
        }
        final String[] parts = cookie.substring(0, lastDot).split("\\.", -1);
        try {
            return parts.length == 4 && parts[0].equals("login") && parts[1].equals(audience)
                    && Long.parseLong(parts[3]) > clock.instant().getEpochSecond();
        } catch (final NumberFormatException e) {
            return false;
        }
    }

    private void applyEnded(final String id, final String expiresAt, final long offset) {
        final Instant now = clock.instant();
        if (expiresAt == null) {
            ended.remove(id);
            return;
        }
        try {
            final Instant expires = Instant.parse(expiresAt);
            if (expires.isAfter(now)) {
                ended.put(id, expires);
            }
        } catch (final RuntimeException e) {
            log.warn("unreadable ended-session record at offset {} skipped", offset);
        }
        // Forget sessions that expired anyway: their cookies are refused for their expiry alone.
        ended.values().removeIf(at -> !at.isAfter(now));
    }

    private String randomToken(final int bytes) {
        final byte[] value = new byte[bytes];
        random.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
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

    @Override
    public void close() {
        if (endedTopic != null) {
            endedTopic.close();
        }
    }
}

package ledger.platform.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import ledger.platform.MutableClock;
import ledger.platform.TestTopics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Page sessions on a real broker, as two instances that share the session key see them: a cookie verifies only for
 * its audience, unchanged and unexpired; signing out on one instance ends it on the other; CSRF tokens belong to one
 * session; the sign-in form's nonce must match its cookie.
 */
class SessionsTest {

    private static final Duration LOAD = Duration.ofSeconds(30);
    private static final Duration LIFETIME = Duration.ofHours(8);
    private static final String FINANCE = "finance";
    private static final String ADMIN = "org-admin";
    private static final byte[] KEY = "a session key of thirty-two bytes".getBytes(StandardCharsets.UTF_8);
    private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final String ENDED_TOPIC = TestTopics.unique("ended-sessions");

    private static Sessions first;
    private static Sessions second;

    @BeforeAll
    static void open() {
        first = Sessions.open(KEY, clock, TestTopics.bootstrapServers(), ENDED_TOPIC, LOAD);
        second = Sessions.open(KEY, clock, TestTopics.bootstrapServers(), ENDED_TOPIC, LOAD);
    }

    @AfterAll
    static void close() {
        second.close();
        first.close();
    }

    @Test
    void anIssuedCookieVerifiesOnEveryInstanceWithItsSubjectAndExpiry() {
        final String cookie = first.issue(FINANCE, new Principal.OperatorReader(), LIFETIME);

        final Optional<Sessions.Session> session = second.verify(FINANCE, cookie);

        assertThat(session).hasValueSatisfying(s -> {
            assertThat(s.audience()).isEqualTo(FINANCE);
            assertThat(s.subject()).isEqualTo("operator-read");
            assertThat(s.expiresAt()).isEqualTo(clock.instant().plus(LIFETIME));
            assertThat(s.id()).isNotBlank();
        });
        assertThat(first.verify(FINANCE, cookie)).isEqualTo(session);
        assertThat(cookie).doesNotContain("operator-token");
    }

    @Test
    void eachCookieIsASessionOfItsOwn() {
        final String one = first.issue(FINANCE, new Principal.Operator(), LIFETIME);
        final String two = first.issue(FINANCE, new Principal.Operator(), LIFETIME);

        assertThat(one).isNotEqualTo(two);
        assertThat(first.verify(FINANCE, one).orElseThrow().id()).isNotEqualTo(first.verify(FINANCE, two).orElseThrow().id());
    }

    @Test
    void aCookieOfAnotherAudienceIsRefused() {
        final String cookie = first.issue(FINANCE, new Principal.Operator(), LIFETIME);

        assertThat(first.verify(ADMIN, cookie)).isEmpty();
        assertThat(first.verify("", cookie)).isEmpty();
    }

    @Test
    void aCookieChangedInAnyPartIsRefused() {
        final String cookie = first.issue(FINANCE, new Principal.OperatorReader(), LIFETIME);
        final String[] parts = cookie.split("\\.", -1);
        assertThat(parts).hasSize(6);

        for (int i = 0; i < parts.length; i++) {
            final String[] changed = parts.clone();
            changed[i] = changedPart(i, parts[i]);
            final String tampered = String.join(".", changed);
            assertThat(first.verify(FINANCE, tampered)).as("part %d changed: %s", i, tampered).isEmpty();
        }
        // Re-audienced, promoted and extended copies, as an attacker would try them.
        assertThat(first.verify(ADMIN, cookie.replace("." + FINANCE + ".", "." + ADMIN + "."))).isEmpty();
        assertThat(first.verify(FINANCE, cookie.replace(".operator-read.", ".operator."))).isEmpty();
        assertThat(first.verify(FINANCE, String.join(".", parts[0], parts[1], parts[2], Long.toString(Long.MAX_VALUE), parts[4], parts[5]))).isEmpty();
        assertThat(first.verify(FINANCE, cookie + ".")).isEmpty();
        assertThat(first.verify(FINANCE, cookie.substring(0, cookie.lastIndexOf('.')))).isEmpty();
        assertThat(first.verify(FINANCE, cookie.substring(0, cookie.length() - 1))).isEmpty();
        assertThat(first.verify(FINANCE, "")).isEmpty();
        assertThat(first.verify(FINANCE, null)).isEmpty();
        assertThat(first.verify(FINANCE, cookie + "A".repeat(10 * 1024))).isEmpty();
        assertThat(first.verify(FINANCE, cookie)).as("the original still verifies").isPresent();
    }

    @Test
    void aCookieWithAnySingleCharacterChangedIsRefused() {
        final String cookie = first.issue(ADMIN, new Principal.Operator(), LIFETIME);

        for (int i = 0; i < cookie.length(); i++) {
            for (final char replacement : new char[] {'A', 'z', '0', '.', '-', '_'}) {
                if (cookie.charAt(i) != replacement) {
                    final String changed = cookie.substring(0, i) + replacement + cookie.substring(i + 1);
                    assertThat(first.verify(ADMIN, changed)).as("character %d changed to %s: %s", i, replacement, changed).isEmpty();
                }
            }
        }
    }

    @Test
    void aCookieSignedWithAnotherKeyIsRefused() {
        final byte[] otherKey = "another key, after the operator token changed".getBytes(StandardCharsets.UTF_8);
        try (Sessions other = Sessions.open(otherKey, clock, TestTopics.bootstrapServers(), ENDED_TOPIC, LOAD)) {
            final String foreign = other.issue(FINANCE, new Principal.Operator(), LIFETIME);
            final String mine = first.issue(FINANCE, new Principal.Operator(), LIFETIME);

            assertThat(first.verify(FINANCE, foreign)).isEmpty();
            assertThat(other.verify(FINANCE, mine)).isEmpty();
            assertThat(other.verify(FINANCE, foreign)).isPresent();
        }
    }

    @Test
    void anExpiredCookieIsRefused() {
        final MutableClock own = new MutableClock(clock.instant());
        try (Sessions sessions = Sessions.open(KEY, own, TestTopics.bootstrapServers(), ENDED_TOPIC, LOAD)) {
            final String cookie = sessions.issue(FINANCE, new Principal.Operator(), Duration.ofMinutes(30));

            own.advance(Duration.ofMinutes(30).minusSeconds(1));
            assertThat(sessions.verify(FINANCE, cookie)).isPresent();
            own.advance(Duration.ofSeconds(1));
            assertThat(sessions.verify(FINANCE, cookie)).isEmpty();
            own.advance(Duration.ofDays(1));
            assertThat(sessions.verify(FINANCE, cookie)).isEmpty();
        }
    }

    @Test
    void endingOnOneInstanceEndsTheSessionOnTheOtherWithinTwoSeconds() {
        final String cookie = first.issue(ADMIN, new Principal.Operator(), LIFETIME);
        final String other = first.issue(ADMIN, new Principal.Operator(), LIFETIME);
        final Sessions.Session session = second.verify(ADMIN, cookie).orElseThrow();

        final long start = System.nanoTime();
        first.end(session);
        assertThat(first.verify(ADMIN, cookie)).as("ended at once where it was ended").isEmpty();
        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(10)).until(() -> second.verify(ADMIN, cookie).isEmpty());
        final Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(2));
        assertThat(second.verify(ADMIN, other)).as("another session of the same subject goes on").isPresent();
    }

    @Test
    void sessionsAndSignOutsSurviveReopeningWithTheSameKey() {
        final String endedTopic = TestTopics.unique("ended-sessions-reopen");
        final String kept;
        final String ended;
        try (Sessions before = Sessions.open(KEY, clock, TestTopics.bootstrapServers(), endedTopic, LOAD)) {
            kept = before.issue(FINANCE, new Principal.OperatorReader(), LIFETIME);
            ended = before.issue(FINANCE, new Principal.OperatorReader(), LIFETIME);
            before.end(before.verify(FINANCE, ended).orElseThrow());
        }

        try (Sessions after = Sessions.open(KEY, clock, TestTopics.bootstrapServers(), endedTopic, LOAD)) {
            assertThat(after.verify(FINANCE, kept)).isPresent();
            assertThat(after.verify(FINANCE, ended)).isEmpty();
        }
    }

    @Test
    void aCsrfTokenMatchesOnlyItsOwnSession() {
        final Sessions.Session one = first.verify(ADMIN, first.issue(ADMIN, new Principal.Operator(), LIFETIME)).orElseThrow();
        final Sessions.Session two = first.verify(ADMIN, first.issue(ADMIN, new Principal.Operator(), LIFETIME)).orElseThrow();
        final String token = first.csrfToken(one);

        assertThat(first.csrfMatches(one, token)).isTrue();
        assertThat(second.csrfMatches(one, token)).as("any instance derives the same token").isTrue();
        assertThat(first.csrfMatches(two, token)).isFalse();
        assertThat(first.csrfMatches(one, first.csrfToken(two))).isFalse();
        assertThat(first.csrfMatches(one, null)).isFalse();
        assertThat(first.csrfMatches(one, "")).isFalse();
        assertThat(first.csrfMatches(one, token.substring(1))).isFalse();
        assertThat(first.csrfMatches(one, token + "x")).isFalse();
        assertThat(token).doesNotContain(one.id());
    }

    @Test
    void aLoginNonceMatchesOnlyTheSameValueInCookieAndForm() {
        final String nonce = first.loginNonce(FINANCE);
        final String another = first.loginNonce(FINANCE);

        assertThat(first.loginNonceMatches(FINANCE, nonce, nonce)).isTrue();
        assertThat(second.loginNonceMatches(FINANCE, nonce, nonce)).isTrue();
        assertThat(nonce).isNotEqualTo(another);
        assertThat(first.loginNonceMatches(FINANCE, nonce, another)).isFalse();
        assertThat(first.loginNonceMatches(FINANCE, another, nonce)).isFalse();
        assertThat(first.loginNonceMatches(FINANCE, nonce, null)).isFalse();
        assertThat(first.loginNonceMatches(FINANCE, null, nonce)).isFalse();
        assertThat(first.loginNonceMatches(FINANCE, null, null)).isFalse();
    }

    @Test
    void aLoginNonceOfAnotherAudienceIsRefused() {
        final String nonce = first.loginNonce(ADMIN);

        assertThat(first.loginNonceMatches(FINANCE, nonce, nonce)).isFalse();
    }

    @Test
    void anExpiredLoginNonceIsRefused() {
        final MutableClock own = new MutableClock(clock.instant());
        try (Sessions sessions = Sessions.open(KEY, own, TestTopics.bootstrapServers(), ENDED_TOPIC, LOAD)) {
            final String nonce = sessions.loginNonce(FINANCE);

            own.advance(Duration.ofMinutes(59));
            assertThat(sessions.loginNonceMatches(FINANCE, nonce, nonce)).isTrue();
            own.advance(Duration.ofMinutes(1));
            assertThat(sessions.loginNonceMatches(FINANCE, nonce, nonce)).isFalse();
        }
    }

    @Test
    void aForgedLoginNonceIsRefused() {
        final String nonce = first.loginNonce(FINANCE);
        final String[] parts = nonce.split("\\.", -1);
        assertThat(parts).hasSize(5);
        final long farFuture = clock.instant().plus(Duration.ofDays(365)).getEpochSecond();

        final String extended = String.join(".", parts[0], parts[1], parts[2], Long.toString(farFuture), parts[4]);
        final String unsigned = String.join(".", parts[0], parts[1], parts[2], parts[3]);
        final String badSignature = String.join(".", parts[0], parts[1], parts[2], parts[3], changedPart(5, parts[4]));
        final String sessionCookie = first.issue(FINANCE, new Principal.Operator(), LIFETIME);
        final String csrf = first.csrfToken(first.verify(FINANCE, sessionCookie).orElseThrow());
        for (final String forged : new String[] {extended, unsigned, badSignature, sessionCookie, csrf, "", "login", nonce + "A".repeat(300)}) {
            assertThat(first.loginNonceMatches(FINANCE, forged, forged)).as(forged).isFalse();
        }
        final byte[] otherKey = "another key, after the operator token changed".getBytes(StandardCharsets.UTF_8);
        try (Sessions other = Sessions.open(otherKey, clock, TestTopics.bootstrapServers(), ENDED_TOPIC, LOAD)) {
            final String foreign = other.loginNonce(FINANCE);
            assertThat(first.loginNonceMatches(FINANCE, foreign, foreign)).isFalse();
        }
    }

    @Test
    void aLoginNonceIsNotASession() {
        final String nonce = first.loginNonce(FINANCE);

        assertThat(first.verify(FINANCE, nonce)).isEmpty();
    }

    /** The part changed in a way that keeps the cookie's shape: the expiry to a later time, the others by one character. */
    private static String changedPart(final int index, final String part) {
        if (index == 3) {
            return Long.toString(Long.parseLong(part) + 3600);
        }
        final char last = part.charAt(part.length() - 1);
        return part.substring(0, part.length() - 1) + (last == 'A' ? 'B' : 'A');
    }
}

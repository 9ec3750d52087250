package ledger.report.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Page sessions: signed, expiring, bound to the tokens they were issued under. */
class PageSessionsTest {

    private static final Instant NOW = Instant.parse("2026-05-01T08:00:00Z");
    private static final AccessTokens TOKENS = new AccessTokens("admin-token-0123456789", Optional.of("finance-token-0123456789"));

    @Test
    void aSessionIsValidUntilItExpires() {
        final String session = sessions(NOW).issue();

        assertThat(sessions(NOW).isValid(session)).isTrue();
        assertThat(sessions(NOW.plus(PageSessions.LIFETIME).minusSeconds(1)).isValid(session)).isTrue();
        assertThat(sessions(NOW.plus(PageSessions.LIFETIME)).isValid(session)).isFalse();
    }

    @Test
    void refusesTamperedOrForeignSessions() {
        final String session = sessions(NOW).issue();
        final String[] parts = session.split("\\.");
        final String extended = parts[0] + "." + (Long.parseLong(parts[1]) + 86_400) + "." + parts[2];

        assertThat(sessions(NOW).isValid(extended)).isFalse();
        assertThat(sessions(NOW).isValid(session + "x")).isFalse();
        assertThat(sessions(NOW).isValid("")).isFalse();
        assertThat(sessions(NOW).isValid(null)).isFalse();
        assertThat(sessions(NOW).isValid("v1.9999999999")).isFalse();
        // Replacing the finance token ends sessions signed before.
        final AccessTokens rotated = new AccessTokens("admin-token-0123456789", Optional.of("finance-token-rotated-000"));
        assertThat(new PageSessions(rotated.sessionKey(), Clock.fixed(NOW, ZoneOffset.UTC)).isValid(session)).isFalse();
    }

    @Test
    void theCookieIsHttpOnlyStrictAndHoldsNoToken() {
        final PageSessions sessions = sessions(NOW);
        final String value = sessions.issue();

        assertThat(sessions.setCookie(value, false)).isEqualTo("report_session=" + value
                + "; Path=/; Max-Age=28800; HttpOnly; SameSite=Strict");
        assertThat(sessions.setCookie(value, true)).endsWith("; Secure");
        assertThat(value).doesNotContain("admin-token").doesNotContain("finance-token");
        assertThat(sessions.clearCookie(false)).startsWith("report_session=; Path=/; Max-Age=0;");
    }

    private static PageSessions sessions(final Instant now) {
        return new PageSessions(TOKENS.sessionKey(), Clock.fixed(now, ZoneOffset.UTC));
    }
}

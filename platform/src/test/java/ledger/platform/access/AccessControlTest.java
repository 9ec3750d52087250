package ledger.platform.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;

import ledger.platform.MutableClock;
import ledger.platform.TestTopics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Turning an {@code Authorization} header or a sign-in form's credential into a principal, with real API keys: what
 * is refused with 401, which failures count against the client's address, and that a blocked address is refused with
 * 429 before its credential is looked at. Timing is not tested here.
 */
class AccessControlTest {

    private static final String OPERATOR_TOKEN = "operator-token-of-the-access-control-test";
    private static final String READER_TOKEN = "reader-token-of-the-access-control-test";
    private static final String ADDRESS = "192.0.2.7";
    private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final CountingThrottle throttle = new CountingThrottle();

    private static ApiKeys keys;
    private static AccessControl access;

    @BeforeAll
    static void open() {
        keys = ApiKeys.open(TestTopics.bootstrapServers(), TestTopics.unique("ac-keys"), TestTopics.unique("ac-usage"), clock, Duration.ofSeconds(30));
        access = new AccessControl(OPERATOR_TOKEN, Optional.of(READER_TOKEN), keys, throttle);
    }

    @AfterAll
    static void close() {
        keys.close();
    }

    @BeforeEach
    void resetThrottle() {
        throttle.reset();
    }

    @Test
    void aMissingHeaderIsUnauthenticated() {
        final AccessDenied denied = refused(null);

        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.getMessage()).startsWith("missing credential");
    }

    @Test
    void aHeaderThatIsNotBearerIsUnauthenticated() {
        for (final String header : new String[] {"Basic " + OPERATOR_TOKEN, OPERATOR_TOKEN, "Bearer", "Bearer" + OPERATOR_TOKEN, "", "   "}) {
            final AccessDenied denied = refused(header);
            assertThat(denied.status()).as(header).isEqualTo(401);
            assertThat(denied.getMessage()).as(header).startsWith("malformed Authorization header");
            assertThat(denied.getMessage()).doesNotContain(OPERATOR_TOKEN);
        }
    }

    @Test
    void anUnknownTokenIsUnauthenticatedAndCounted() {
        final AccessDenied denied = refused("Bearer " + OPERATOR_TOKEN + "x");

        assertThat(denied.status()).isEqualTo(401);
        assertThat(denied.getMessage()).isEqualTo("unknown or revoked API key or token");
        assertThat(throttle.failures()).containsExactly(ADDRESS);
    }

    @Test
    void unknownRevokedAndMalformedKeysAreUnauthenticatedAndEachCounted() {
        final String org = "org-" + UUID.randomUUID();
        final ApiKeys.Created revoked = keys.create(org, Role.BACKEND, "revoked", "operator");
        keys.revoke(org, revoked.apiKey().id(), "operator");

        assertThat(refused("Bearer " + revoked.key()).status()).isEqualTo(401);
        assertThat(refused("Bearer lk_0123456789abcdef_" + "A".repeat(43)).status()).isEqualTo(401);
        assertThat(refused("Bearer lk_short").status()).isEqualTo(401);

        assertThat(throttle.failures()).containsExactly(ADDRESS, ADDRESS, ADDRESS);
    }

    @Test
    void theOperatorTokenIsTheOperator() {
        assertThat(access.authenticate("Bearer " + OPERATOR_TOKEN, ADDRESS)).isEqualTo(new Principal.Operator());
        assertThat(access.authenticate("bearer " + OPERATOR_TOKEN, ADDRESS)).isEqualTo(new Principal.Operator());
        assertThat(access.authenticate("  Bearer   " + OPERATOR_TOKEN + "  ", ADDRESS)).isEqualTo(new Principal.Operator());
        assertThat(throttle.failures()).isEmpty();
    }

    @Test
    void theReaderTokenIsTheOperatorReader() {
        assertThat(access.authenticate("Bearer " + READER_TOKEN, ADDRESS)).isEqualTo(new Principal.OperatorReader());
        assertThat(throttle.failures()).isEmpty();
    }

    @Test
    void withoutAReaderTokenNoTokenIsTheReader() {
        final AccessControl withoutReader = new AccessControl(OPERATOR_TOKEN, Optional.empty(), keys, throttle);

        final AccessDenied denied = catchThrowableOfType(AccessDenied.class, () -> withoutReader.authenticate("Bearer " + READER_TOKEN, ADDRESS));
        assertThat(denied.status()).isEqualTo(401);
        assertThat(withoutReader.authenticate("Bearer " + OPERATOR_TOKEN, ADDRESS)).isEqualTo(new Principal.Operator());
        assertThat(withoutReader.subject("operator-read")).isEmpty();
    }

    @Test
    void anApiKeyIsItsOrganizationsKey() {
        final ApiKeys.Created created = keys.create("org-" + UUID.randomUUID(), Role.FINANCE, "finance", "operator");

        final Principal principal = access.authenticate("Bearer " + created.key(), ADDRESS);

        assertThat(principal).isEqualTo(new Principal.OrgKey(created.apiKey()));
        assertThat(principal.actor()).isEqualTo("key:" + created.apiKey().id());
        assertThat(throttle.failures()).isEmpty();
    }

    @Test
    void aBlockedAddressIsRefusedWith429EvenWithAValidCredential() {
        final ApiKeys.Created created = keys.create("org-" + UUID.randomUUID(), Role.BACKEND, "backend", "operator");
        throttle.blockEveryone(Duration.ofSeconds(42));

        for (final String header : new String[] {"Bearer " + OPERATOR_TOKEN, "Bearer " + created.key(), null}) {
            final AccessDenied denied = refused(header);
            assertThat(denied.status()).isEqualTo(429);
            assertThat(denied.retryAfter()).contains(Duration.ofSeconds(42));
            assertThat(denied.getMessage()).contains("42 s");
        }
        final AccessDenied signIn = catchThrowableOfType(AccessDenied.class, () -> access.signIn(OPERATOR_TOKEN, ADDRESS));
        assertThat(signIn.status()).isEqualTo(429);
        assertThat(signIn.retryAfter()).contains(Duration.ofSeconds(42));
        // A blocked attempt is not looked at, so the key was not used.
        assertThat(keys.lastUsed(created.apiKey().id())).isEmpty();
    }

    @Test
    void aShortBlockStillTellsTheClientToWaitASecond() {
        throttle.blockEveryone(Duration.ofMillis(10));

        assertThat(refused("Bearer " + OPERATOR_TOKEN).getMessage()).contains("retry in 1 s");
    }

    @Test
    void signInReturnsThePrincipalOrCountsTheFailure() {
        final ApiKeys.Created created = keys.create("org-" + UUID.randomUUID(), Role.ORG_ADMIN, "admin", "operator");

        assertThat(access.signIn(OPERATOR_TOKEN, ADDRESS)).contains(new Principal.Operator());
        assertThat(access.signIn(" " + READER_TOKEN + "\n", ADDRESS)).contains(new Principal.OperatorReader());
        assertThat(access.signIn(created.key(), ADDRESS)).contains(new Principal.OrgKey(created.apiKey()));
        assertThat(throttle.failures()).isEmpty();

        assertThat(access.signIn("wrong", ADDRESS)).isEmpty();
        assertThat(access.signIn(null, ADDRESS)).isEmpty();
        assertThat(access.signIn("", ADDRESS)).isEmpty();
        assertThat(throttle.failures()).containsExactly(ADDRESS, ADDRESS, ADDRESS);
    }

    @Test
    void subjectsNameLivePrincipalsOnly() {
        final String org = "org-" + UUID.randomUUID();
        final ApiKeys.Created active = keys.create(org, Role.BACKEND, "active", "operator");
        final ApiKeys.Created revoked = keys.create(org, Role.BACKEND, "revoked", "operator");
        keys.revoke(org, revoked.apiKey().id(), "operator");

        assertThat(access.subject("operator")).contains(new Principal.Operator());
        assertThat(access.subject("operator-read")).contains(new Principal.OperatorReader());
        assertThat(access.subject("key:" + active.apiKey().id())).contains(new Principal.OrgKey(active.apiKey()));
        assertThat(access.subject("key:" + revoked.apiKey().id())).isEmpty();
        assertThat(access.subject("key:0123456789abcdef")).isEmpty();
        assertThat(access.subject("Operator")).isEmpty();
        assertThat(access.subject("")).isEmpty();
        assertThat(access.subject(null)).isEmpty();
    }

    @Test
    void theSessionKeyFollowsTheOperatorToken() {
        final AccessControl same = new AccessControl(OPERATOR_TOKEN, Optional.empty(), keys, Throttle.NONE);
        final AccessControl replaced = new AccessControl(OPERATOR_TOKEN + "-replaced", Optional.of(READER_TOKEN), keys, Throttle.NONE);

        assertThat(access.sessionKey()).hasSize(32).isEqualTo(same.sessionKey()).isNotEqualTo(replaced.sessionKey());
    }

    private static AccessDenied refused(final String header) {
        final AccessDenied denied = catchThrowableOfType(AccessDenied.class, () -> access.authenticate(header, ADDRESS));
        assertThat(denied).as("refused: %s", header).isNotNull();
        return denied;
    }
}

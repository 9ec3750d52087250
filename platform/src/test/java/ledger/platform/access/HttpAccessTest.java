package ledger.platform.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.javalin.Javalin;
import ledger.platform.MutableClock;
import ledger.platform.TestTopics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard in a real Javalin app over real HTTP, on real API keys and sessions: header credentials against the
 * routes' permissions and {@code {orgId}}, page sessions for GETs and for form posts with their CSRF token, posts
 * from other sites, and a revoked key's session. A second service instance on the same topics does the revoking.
 */
class HttpAccessTest {

    private static final String OPERATOR_TOKEN = "operator-token-of-the-http-access-test";
    private static final String READER_TOKEN = "reader-token-of-the-http-access-test";
    private static final String COOKIE = "ledger_admin";
    private static final String AUDIENCE = "org-admin";
    private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final CountingThrottle throttle = new CountingThrottle();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ServiceAccess access;
    private static ServiceAccess otherInstance;
    private static Javalin app;
    private static String base;

    @BeforeAll
    static void start() {
        final String prefix = TestTopics.unique("http") + "-";
        access = ServiceAccess.open(TestTopics.bootstrapServers(), prefix, OPERATOR_TOKEN, Optional.of(READER_TOKEN), throttle, clock);
        otherInstance = ServiceAccess.open(TestTopics.bootstrapServers(), prefix, OPERATOR_TOKEN, Optional.of(READER_TOKEN), Throttle.NONE, clock);
        final HttpAccess guard = access.http(COOKIE, AUDIENCE);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.beforeMatched(guard::guard);
            config.routes.get("/orgs/{orgId}/balances", HttpAccessTest::whoAmI, Permission.READ_BALANCES);
            config.routes.get("/orgs/{orgId}/connection", HttpAccessTest::whoAmI, Permission.READ_CONNECTION);
            config.routes.post("/orgs/{orgId}/shifts", HttpAccessTest::whoAmI, Permission.MANAGE_SHIFTS);
            config.routes.get("/metrics", HttpAccessTest::whoAmI, Permission.READ_METRICS);
            config.routes.get("/health", ctx -> ctx.result("public " + HttpAccess.principal(ctx).isPresent()));
            config.routes.exception(AccessDenied.class, (e, ctx) -> {
                ctx.status(e.status()).result(e.getMessage());
                e.retryAfter().ifPresent(wait -> ctx.header("Retry-After", Long.toString(Math.max(1, wait.toSeconds()))));
            });
        }).start("127.0.0.1", 0);
        base = "http://127.0.0.1:" + app.port();
    }

    /** Answers with who the guard let in and how: a header credential, or a session. */
    private static void whoAmI(final io.javalin.http.Context ctx) {
        ctx.result(HttpAccess.principal(ctx).map(Principal::actor).orElse("nobody")
                + (HttpAccess.session(ctx).isPresent() ? " by session" : " by header"));
    }

    @AfterAll
    static void stop() {
        app.stop();
        otherInstance.close();
        access.close();
    }

    @BeforeEach
    void resetThrottle() {
        throttle.reset();
    }

    private static String newOrg() {
        return "org-" + UUID.randomUUID();
    }

    @Test
    void aPublicRouteNeedsNoCredential() throws Exception {
        final HttpResponse<String> response = send(get("/health"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("public false");
    }

    @Test
    void headerCredentialsAreCheckedAgainstTheRoutesPermissionAndOrganization() throws Exception {
        final String org = newOrg();
        final String backend = access.keys().create(org, Role.BACKEND, "backend", "operator").key();
        final String admin = access.keys().create(org, Role.ORG_ADMIN, "admin", "operator").key();

        assertThat(send(get("/orgs/" + org + "/balances")).statusCode()).isEqualTo(401);
        assertThat(send(get("/orgs/" + org + "/balances").header("Authorization", "Basic abc")).statusCode()).isEqualTo(401);
        assertThat(send(bearer(get("/orgs/" + org + "/balances"), "lk_0123456789abcdef_" + "A".repeat(43))).statusCode()).isEqualTo(401);

        final HttpResponse<String> ok = send(bearer(get("/orgs/" + org + "/balances"), backend));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).startsWith("key:").endsWith(" by header");

        final HttpResponse<String> otherOrg = send(bearer(get("/orgs/" + newOrg() + "/balances"), backend));
        assertThat(otherOrg.statusCode()).isEqualTo(403);
        assertThat(otherOrg.body()).isEqualTo("this API key belongs to another organization");

        final HttpResponse<String> wrongRole = send(bearer(get("/orgs/" + org + "/balances"), admin));
        assertThat(wrongRole.statusCode()).isEqualTo(403);
        assertThat(wrongRole.body()).contains("role org-admin");

        assertThat(send(bearer(post("/orgs/" + org + "/shifts", ""), admin)).statusCode()).as("a header post needs no CSRF token").isEqualTo(200);
        assertThat(send(bearer(post("/orgs/" + org + "/shifts", ""), backend)).statusCode()).isEqualTo(403);
        assertThat(send(bearer(get("/metrics"), admin)).statusCode()).isEqualTo(403);
    }

    @Test
    void operatorCredentialsOverHttp() throws Exception {
        final String org = newOrg();

        assertThat(send(bearer(get("/orgs/" + org + "/balances"), OPERATOR_TOKEN)).body()).isEqualTo("operator by header");
        assertThat(send(bearer(post("/orgs/" + org + "/shifts", ""), OPERATOR_TOKEN)).statusCode()).isEqualTo(200);
        assertThat(send(bearer(get("/metrics"), OPERATOR_TOKEN)).statusCode()).isEqualTo(200);

        assertThat(send(bearer(get("/orgs/" + org + "/connection"), READER_TOKEN)).body()).isEqualTo("operator-read by header");
        assertThat(send(bearer(post("/orgs/" + org + "/shifts", ""), READER_TOKEN)).statusCode()).isEqualTo(403);
        assertThat(send(bearer(get("/metrics"), READER_TOKEN)).statusCode()).isEqualTo(403);
    }

    @Test
    void aSessionCookieOpensAPage() throws Exception {
        final String org = newOrg();
        final ApiKeys.Created admin = access.keys().create(org, Role.ORG_ADMIN, "admin", "operator");
        final String cookie = signIn(admin);

        final HttpResponse<String> response = send(withCookie(get("/orgs/" + org + "/connection"), cookie));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("key:" + admin.apiKey().id() + " by session");
        assertThat(send(withCookie(get("/orgs/" + newOrg() + "/connection"), cookie)).statusCode()).isEqualTo(403);
        assertThat(send(withCookie(get("/orgs/" + org + "/balances"), cookie)).statusCode()).as("the key's role still applies").isEqualTo(403);
    }

    @Test
    void aSessionPostNeedsItsCsrfToken() throws Exception {
        final String org = newOrg();
        final ApiKeys.Created admin = access.keys().create(org, Role.ORG_ADMIN, "admin", "operator");
        final String cookie = signIn(admin);
        final String otherCookie = signIn(admin);
        final String csrf = csrfOf(cookie);

        final HttpResponse<String> without = send(withCookie(post("/orgs/" + org + "/shifts", ""), cookie));
        assertThat(without.statusCode()).isEqualTo(403);
        assertThat(without.body()).contains("CSRF");
        assertThat(send(withCookie(post("/orgs/" + org + "/shifts", form(csrfOf(otherCookie))), cookie)).statusCode())
                .as("another session's token").isEqualTo(403);
        assertThat(send(withCookie(post("/orgs/" + org + "/shifts", form(csrf + "x")), cookie)).statusCode()).isEqualTo(403);

        final HttpResponse<String> with = send(withCookie(post("/orgs/" + org + "/shifts", form(csrf)), cookie));
        assertThat(with.statusCode()).isEqualTo(200);
        assertThat(with.body()).isEqualTo("key:" + admin.apiKey().id() + " by session");

        final HttpResponse<String> sameOrigin = send(withCookie(post("/orgs/" + org + "/shifts", form(csrf)), cookie)
                .header("Origin", base).header("Sec-Fetch-Site", "same-origin"));
        assertThat(sameOrigin.statusCode()).isEqualTo(200);
    }

    @Test
    void aPostFromAnotherSiteIsRefusedEvenWithItsCsrfToken() throws Exception {
        final String org = newOrg();
        final String cookie = signIn(access.keys().create(org, Role.ORG_ADMIN, "admin", "operator"));
        final String csrf = csrfOf(cookie);

        for (final String[] header : List.of(new String[] {"Sec-Fetch-Site", "cross-site"}, new String[] {"Origin", "http://evil.example"},
                new String[] {"Origin", "http://127.0.0.1:1"}, new String[] {"Origin", "null"}, new String[] {"Origin", "::not a uri"})) {
            final HttpResponse<String> response = send(withCookie(post("/orgs/" + org + "/shifts", form(csrf)), cookie).header(header[0], header[1]));
            assertThat(response.statusCode()).as("%s: %s", header[0], header[1]).isEqualTo(403);
            assertThat(response.body()).as("%s: %s", header[0], header[1]).isEqualTo("cross-site form posts are refused");
        }
    }

    @Test
    void theHeaderAloneCountsWhenPresent() throws Exception {
        final String org = newOrg();
        final String cookie = signIn(access.keys().create(org, Role.ORG_ADMIN, "admin", "operator"));

        assertThat(send(withCookie(bearer(get("/orgs/" + org + "/connection"), "not-a-token"), cookie)).statusCode()).isEqualTo(401);
    }

    @Test
    void aRevokedKeysSessionIsRefused() throws Exception {
        final String org = newOrg();
        final ApiKeys.Created admin = access.keys().create(org, Role.ORG_ADMIN, "admin", "operator");
        final String cookie = signIn(admin);
        assertThat(send(withCookie(get("/orgs/" + org + "/connection"), cookie)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> otherInstance.keys().isActive(admin.apiKey().id()));

        assertThat(otherInstance.keys().revoke(org, admin.apiKey().id(), "operator")).isPresent();

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() ->
                send(withCookie(get("/orgs/" + org + "/connection"), cookie)).statusCode() == 401);
    }

    @Test
    void anEndedSessionAndOneOfAnotherAudienceAreRefused() throws Exception {
        final String org = newOrg();
        final String ended = access.sessions().issue(AUDIENCE, new Principal.Operator(), Duration.ofHours(1));
        otherInstance.sessions().end(otherInstance.sessions().verify(AUDIENCE, ended).orElseThrow());
        final String finance = access.sessions().issue("finance", new Principal.Operator(), Duration.ofHours(1));

        await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() ->
                send(withCookie(get("/orgs/" + org + "/connection"), ended)).statusCode() == 401);
        assertThat(send(withCookie(get("/orgs/" + org + "/connection"), finance)).statusCode()).isEqualTo(401);
    }

    @Test
    void aForgedSessionCookieCountsAsAFailedAttempt() throws Exception {
        final String org = newOrg();
        final String cookie = access.sessions().issue(AUDIENCE, new Principal.Operator(), Duration.ofHours(1));
        final String forged = cookie.substring(0, cookie.length() - 1) + (cookie.endsWith("A") ? "B" : "A");

        final HttpResponse<String> refused = send(withCookie(get("/orgs/" + org + "/connection"), forged));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).startsWith("no valid session");
        assertThat(throttle.failures()).containsExactly("127.0.0.1");
        throttle.blockEveryone(Duration.ofSeconds(5));
        assertThat(send(withCookie(get("/orgs/" + org + "/connection"), forged)).statusCode()).isEqualTo(429);
    }

    @Test
    void noCredentialAtAllIsNotCountedAsAFailedAttempt() throws Exception {
        assertThat(send(get("/orgs/" + newOrg() + "/connection")).statusCode()).isEqualTo(401);

        assertThat(throttle.failures()).isEmpty();
    }

    @Test
    void failedKeysAreCountedAndABlockedAddressGets429WithRetryAfter() throws Exception {
        final String org = newOrg();
        final String backend = access.keys().create(org, Role.BACKEND, "backend", "operator").key();

        send(bearer(get("/orgs/" + org + "/balances"), "wrong-token"));
        send(bearer(get("/orgs/" + org + "/balances"), "lk_0123456789abcdef_" + "A".repeat(43)));
        assertThat(throttle.failures()).hasSize(2).allSatisfy(address -> assertThat(address).isEqualTo("127.0.0.1"));

        throttle.blockEveryone(Duration.ofSeconds(30));
        final HttpResponse<String> blocked = send(bearer(get("/orgs/" + org + "/balances"), backend));
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.headers().firstValue("Retry-After")).contains("30");
        assertThat(send(bearer(get("/orgs/" + org + "/balances"), OPERATOR_TOKEN)).statusCode()).isEqualTo(429);
        assertThat(send(get("/health")).statusCode()).as("public routes are not throttled").isEqualTo(200);
    }

    /** Signs in as the page's sign-in handler would, and returns the session cookie's value. */
    private static String signIn(final ApiKeys.Created key) {
        final Principal principal = access.control().signIn(key.key(), "127.0.0.1").orElseThrow();
        return access.sessions().issue(AUDIENCE, principal, Duration.ofHours(1));
    }

    private static String csrfOf(final String cookie) {
        return access.sessions().csrfToken(access.sessions().verify(AUDIENCE, cookie).orElseThrow());
    }

    private static String form(final String csrf) {
        return "csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&note=x";
    }

    private static HttpRequest.Builder get(final String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET();
    }

    private static HttpRequest.Builder post(final String path, final String formBody) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody));
    }

    private static HttpRequest.Builder bearer(final HttpRequest.Builder request, final String credential) {
        return request.header("Authorization", "Bearer " + credential);
    }

    private static HttpRequest.Builder withCookie(final HttpRequest.Builder request, final String cookie) {
        return request.header("Cookie", COOKIE + "=" + cookie);
    }

    private static HttpResponse<String> send(final HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

}

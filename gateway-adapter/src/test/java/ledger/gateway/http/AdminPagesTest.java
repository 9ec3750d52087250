package ledger.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.embedded.SharedInfrastructure;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.gateway.notification.Signature;
import ledger.schemas.serde.MockSchemaRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The organization admin's page over HTTP on the real gateway and the shared broker: who may sign in and open which
 * organization's page, CSRF and cross-site posts refused, sign-out and revocation ending sessions on the server, a
 * refused save leaving the working connection working, and changes shown in the history.
 */
class AdminPagesTest {

    private static final String PREFIX = "gw-admin-pages-";
    private static final String SCOPE = "AdminPagesTest";
    private static final String OPERATOR = "admin-token-pages-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private static FakeCloudPaymentsApi cloudPayments;
    private static GatewayService gateway;

    @BeforeAll
    static void start() {
        cloudPayments = new FakeCloudPaymentsApi();
        gateway = GatewayService.start(GatewayConfig.fromEnv(
                TestGateways.env(SharedInfrastructure.kafka().bootstrapServers(), SCOPE, PREFIX, OPERATOR, cloudPayments)));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        cloudPayments.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void anOrgAdminKeySignsInToItsOwnOrganizationsPageOnly() throws Exception {
        final String key = key("org-pa", "org-admin").path("key").asText();
        final HttpResponse<String> signedIn = signIn(key, null);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/orgs/org-pa/settings/integrations/cloudpayments");
        final String setCookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("admin_session=")).findFirst().orElseThrow();
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/");
        final String session = cookieValue(setCookie);

        final HttpResponse<String> page = get("/orgs/org-pa/settings/integrations/cloudpayments", session);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Organization settings → Integrations → CloudPayments").contains("Not connected")
                .contains("/cloudpayments/org-pa/pay");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("default-src 'none'").contains("form-action 'self'").contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("same-origin");

        final HttpResponse<String> other = get("/orgs/org-pb/settings/integrations/cloudpayments", session);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(other.body()).contains("another organization");
    }

    @Test
    void financeAndBackendKeysAndWrongKeysCannotSignIn() throws Exception {
        final HttpResponse<String> finance = signIn(key("org-pf", "finance").path("key").asText(), null);
        assertThat(finance.statusCode()).isEqualTo(403);
        assertThat(finance.body()).contains("role finance").contains("name=\"nonce\"");
        assertThat(signIn(key("org-pf", "backend").path("key").asText(), null).statusCode()).isEqualTo(403);
        final HttpResponse<String> wrong = signIn("lk_not-a-real-key-0123456789", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).contains("That key is not valid.");
        assertThat(get("/orgs/org-pf/settings/integrations/cloudpayments", null).statusCode()).as("no session: the sign-in page").isEqualTo(401);
    }

    @Test
    void theOperatorSignsInToTheOrganizationItNames() throws Exception {
        final HttpResponse<String> signedIn = signIn(OPERATOR, "org-po");
        assertThat(signedIn.statusCode()).isEqualTo(303);
        assertThat(signedIn.headers().firstValue("Location")).hasValue("/orgs/org-po/settings/integrations/cloudpayments");
        assertThat(signIn(OPERATOR, "").statusCode()).isEqualTo(400);
    }

    @Test
    void formPostsNeedTheSessionsCsrfTokenAndThisSite() throws Exception {
        final String session = session("org-pc");
        final String path = "/orgs/org-pc/settings/integrations/cloudpayments/verify";
        assertThat(post(path, session, Map.of(), null).statusCode()).isEqualTo(403);
        assertThat(post(path, session, Map.of("csrf", "forged"), null).statusCode()).isEqualTo(403);
        final String csrf = csrf("org-pc", session);
        final HttpResponse<String> crossSite = post(path, session, Map.of("csrf", csrf), "https://evil.example");
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(crossSite.body()).contains("cross-site");
        assertThat(post(path, session, Map.of("csrf", csrf), null).statusCode()).as("not connected yet").isEqualTo(404);
    }

    @Test
    void aSignedOutSessionAndARevokedKeysSessionAreRefused() throws Exception {
        final String session = session("org-ps");
        final String csrf = csrf("org-ps", session);
        final HttpResponse<String> out = post("/admin/sign-out", session, Map.of("csrf", csrf), null);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Location")).hasValue("/admin/sign-in");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            final HttpResponse<String> again = get("/orgs/org-ps/settings/integrations/cloudpayments", session);
            assertThat(again.statusCode()).isEqualTo(401);
            assertThat(again.body()).contains("Sign in to open this page.");
        });

        final JsonNode key = key("org-pr", "org-admin");
        final String revokedSession = cookieValue(signIn(key.path("key").asText(), null).headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("admin_session=")).findFirst().orElseThrow());
        assertThat(get("/orgs/org-pr/settings/integrations/cloudpayments", revokedSession).statusCode()).isEqualTo(200);
        assertThat(operator("DELETE", "/orgs/org-pr/api-keys/" + key.path("id").asText(), null).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                get("/orgs/org-pr/settings/integrations/cloudpayments", revokedSession).statusCode() == 401);
    }

    @Test
    void aSaveWithABadSecretShowsInvalidCredentialsAndLeavesTheWorkingConnectionWorking() throws Exception {
        final String session = session("org-pw");
        cloudPayments.accept("pk_pages", "good-secret");
        final String base = "/orgs/org-pw/settings/integrations/cloudpayments";
        final HttpResponse<String> saved = post(base, session, form(csrf("org-pw", session), "pk_pages", "good-secret"), null);
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue(base + "?result=connected");
        final HttpResponse<String> connected = get(base + "?result=connected", session);
        assertThat(connected.body()).contains("id=\"connection-status\">Connected<").contains("CloudPayments accepted the credentials");
        assertThat(webhook("org-pw", 7101, "good-secret").statusCode()).isEqualTo(200);

        final HttpResponse<String> refused = post(base, session, form(csrf("org-pw", session), "pk_pages", "typo-secret"), null);
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("Invalid credentials").contains("Nothing was changed")
                .contains("id=\"connection-status\">Connected<").doesNotContain("typo-secret");
        assertThat(webhook("org-pw", 7102, "good-secret").statusCode()).as("the working connection still works").isEqualTo(200);

        final HttpResponse<String> live = post(base + "/mode", session, Map.of("csrf", csrf("org-pw", session), "mode", "LIVE"), null);
        assertThat(live.statusCode()).isEqualTo(303);
        final HttpResponse<String> page = get(base, session);
        assertThat(page.body()).contains("id=\"current-mode\">LIVE<").contains("data-action=\"connection.mode\"")
                .contains("from TEST, to LIVE").contains("data-action=\"connection.refused\"").contains("data-action=\"connection.connected\"");
    }

    private static Map<String, String> form(final String csrf, final String publicId, final String secret) {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrf);
        form.put("publicId", publicId);
        form.put("apiSecret", secret);
        form.put("currency", "RUB");
        form.put("minTopUp", "1.00");
        form.put("maxTopUp", "50000.00");
        return form;
    }

    private static String session(final String org) throws Exception {
        final HttpResponse<String> signedIn = signIn(key(org, "org-admin").path("key").asText(), null);
        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(303);
        return cookieValue(signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("admin_session=")).findFirst().orElseThrow());
    }

    private static String csrf(final String org, final String session) throws Exception {
        final Matcher m = CSRF.matcher(get("/orgs/" + org + "/settings/integrations/cloudpayments", session).body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private static JsonNode key(final String org, final String role) throws Exception {
        final HttpResponse<String> created = operator("POST", "/orgs/" + org + "/api-keys", "{\"role\":\"" + role + "\",\"label\":\"pages test\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return JSON.readTree(created.body());
    }

    /** Signs in through the form as a browser does: the form's nonce in its cookie and its hidden field. */
    private static HttpResponse<String> signIn(final String key, final String orgId) throws Exception {
        final HttpResponse<String> form = get("/admin/sign-in", null);
        assertThat(form.statusCode()).isEqualTo(200);
        final String nonceCookie = form.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("admin_sign_in=")).findFirst().orElseThrow();
        final Matcher nonce = Pattern.compile("name=\"nonce\" value=\"([^\"]+)\"").matcher(form.body());
        assertThat(nonce.find()).isTrue();
        final Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", key);
        fields.put("nonce", nonce.group(1));
        if (orgId != null) {
            fields.put("orgId", orgId);
        }
        return HTTP.send(HttpRequest.newBuilder(uri("/admin/sign-in")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "admin_sign_in=" + cookieValue(nonceCookie)).POST(HttpRequest.BodyPublishers.ofString(encode(fields))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(final String path, final String session) throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (session != null) {
            request.header("Cookie", "admin_session=" + session);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(final String path, final String session, final Map<String, String> fields, final String origin)
            throws Exception {
        final HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "admin_session=" + session).POST(HttpRequest.BodyPublishers.ofString(encode(fields)));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> operator(final String method, final String path, final String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + OPERATOR).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> webhook(final String org, final long txn, final String secret) throws Exception {
        final String body = "TransactionId=" + txn + "&Amount=100.00&Currency=RUB&OperationType=Payment&AccountId=cust-1"
                + "&DateTime=2026-11-20+10%3a15%3a00&TestMode=1&Status=Completed";
        return HTTP.send(HttpRequest.newBuilder(uri("/cloudpayments/" + org + "/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Content-HMAC", Signature.sign(secret, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String cookieValue(final String setCookie) {
        return setCookie.substring(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
    }

    private static String encode(final Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}

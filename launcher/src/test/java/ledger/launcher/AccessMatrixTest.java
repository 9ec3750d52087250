package ledger.launcher;

import static ledger.launcher.CloudPaymentsBodies.COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.embedded.SharedInfrastructure;
import ledger.launcher.CloudPaymentsBodies.Body;
import ledger.launcher.CloudPaymentsBodies.Card;
import ledger.launcher.CloudPaymentsBodies.Payment;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who gets in where, over real HTTP on the whole embedded stack: <b>every endpoint of the gateway, the ledger and
 * the report service, tried with every kind of credential, answers exactly as the access model says.</b>
 *
 * <p>The model is written here as a small table ({@link #ENDPOINTS}: which roles of the path's organization may call
 * each endpoint, and whether it changes something), not read from the code's {@code Permission} enum, so the test
 * checks the routes against the model instead of mirroring them. For each endpoint: no credential and an unknown key
 * get 401 (JSON, {@code WWW-Authenticate}); each role's key of organization A gets in or gets 403 as the table says; every
 * key of organization B gets 403 on A's path; the operator token gets in; the operator's read token gets in to reads
 * and 403 on writes. "Gets in" means the guard let the request through: whatever the handler then answers (200, 400
 * for a deliberately empty body, 404 for data that does not exist), it is not 401, 403 or a server error. Public
 * endpoints answer the same to every credential and to none.
 *
 * <p>Around the matrix: keys are created as the operator only and shown once; a revoked key is refused on every service
 * within two seconds and the audit log says who created and revoked it, never a key; the app's payment settings; a
 * save CloudPayments refuses, or cannot verify, leaves a working connection working; balances are read with the
 * organization's backend key only.
 *
 * <p>Every service limits failed key checks per client address (10 a minute), and this test fails over a hundred on
 * purpose. So each request goes out over its own socket bound to a loopback address of its own
 * ({@code 127.1.x.y}): the limiter sees a new client each time, and the test sees the guard's own answers, not 429.
 * One stack for the class.
 */
class AccessMatrixTest {

    private static final Logger log = LoggerFactory.getLogger(AccessMatrixTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The organization whose paths the matrix calls; also connected for the balance scenario. */
    private static final String A = "acme-clubs";
    /** Another organization: its keys must never open A's doors. */
    private static final String B = "globex-clubs";
    private static final String A_PUBLIC_ID = "pk_acme0000000000000000000000000";
    private static final String A_SECRET = "acme-api-secret-0123456789";
    private static final Pattern KEY_FORMAT = Pattern.compile("lk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
    private static final List<String> ROLES = List.of("org-admin", "finance", "backend");

    private static FakeCloudPaymentsApi cloudPayments;
    private static EmbeddedStack stack;
    /** Every key created in {@link #startStackAndCreateKeys}: organization → role → the creation's answer. */
    private static final Map<String, Map<String, Reply>> created = new LinkedHashMap<>();

    // ---- the access model, as the README and issue 11 state it ----

    enum Service { GATEWAY, LEDGER, REPORT }

    /** What an endpoint does: nothing guarded, reads, or changes something. */
    /** OPERATOR_ONLY: reads that only the operator token may do (metrics), not the operator read token. */
    enum Kind { PUBLIC, READ, WRITE, OPERATOR_ONLY }

    /**
     * One row of the model.
     *
     * @param roles      the roles of the path's organization whose keys may call it; empty: the operator's credentials only
     * @param deprecated an old path, still answering with {@code Deprecation: true}
     * @param page       answers HTML (its 401 is the sign-in form, not JSON)
     */
    record Endpoint(Service service, String method, String path, String body, Kind kind, Set<String> roles, boolean deprecated,
                    boolean page) {

        String pathIn(final String orgId) {
            return path.replace("{org}", orgId);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-7s %-6s %s", service.name().toLowerCase(Locale.ROOT), method, path);
        }
    }

    private static final List<Endpoint> ENDPOINTS = endpoints();

    private static List<Endpoint> endpoints() {
        final List<Endpoint> rows = new ArrayList<>();
        final Set<String> orgAdmin = Set.of("org-admin");
        final Set<String> finance = Set.of("finance");
        final Set<String> balances = Set.of("backend", "finance");
        final Set<String> operatorOnly = Set.of();
        for (final String base : List.of("/orgs/{org}/integrations/cloudpayments", "/organizations/{org}/integrations/cloudpayments")) {
            final boolean old = base.startsWith("/organizations/");
            // Bodies the handler refuses or that change nothing, so the matrix leaves the data as it found it.
            rows.add(new Endpoint(Service.GATEWAY, "PUT", base, "{}", Kind.WRITE, orgAdmin, old, false));
            rows.add(new Endpoint(Service.GATEWAY, "GET", base, null, Kind.READ, orgAdmin, old, false));
            rows.add(new Endpoint(Service.GATEWAY, "DELETE", base, null, Kind.WRITE, orgAdmin, old, false));
            rows.add(new Endpoint(Service.GATEWAY, "PUT", base + "/mode", "{\"mode\":\"bogus\"}", Kind.WRITE, orgAdmin, old, false));
            rows.add(new Endpoint(Service.GATEWAY, "POST", base + "/verify", null, Kind.WRITE, orgAdmin, old, false));
            rows.add(new Endpoint(Service.GATEWAY, "DELETE", base + "/previous-secret", null, Kind.WRITE, orgAdmin, old, false));
        }
        rows.add(new Endpoint(Service.GATEWAY, "GET", "/orgs/{org}/payment-settings", null, Kind.PUBLIC, Set.of(), false, false));
        rows.add(new Endpoint(Service.GATEWAY, "POST", "/orgs/{org}/api-keys", "{\"role\":\"no-such-role\"}", Kind.WRITE, operatorOnly, false, false));
        rows.add(new Endpoint(Service.GATEWAY, "GET", "/orgs/{org}/api-keys", null, Kind.READ, operatorOnly, false, false));
        rows.add(new Endpoint(Service.GATEWAY, "DELETE", "/orgs/{org}/api-keys/00000000deadbeef", null, Kind.WRITE, operatorOnly, false, false));
        rows.add(new Endpoint(Service.GATEWAY, "GET", "/orgs/{org}/audit-log", null, Kind.READ, orgAdmin, false, false));
        rows.add(new Endpoint(Service.GATEWAY, "POST", "/cloudpayments/{org}/pay", "", Kind.PUBLIC, Set.of(), false, false));
        rows.add(new Endpoint(Service.GATEWAY, "POST", "/cloudpayments/{org}/check", "", Kind.PUBLIC, Set.of(), false, false));

        rows.add(new Endpoint(Service.LEDGER, "GET", "/orgs/{org}/balances/nobody", null, Kind.READ, balances, false, false));
        rows.add(new Endpoint(Service.LEDGER, "GET", "/orgs/{org}/balances/nobody/events", null, Kind.READ, balances, false, false));
        rows.add(new Endpoint(Service.LEDGER, "GET", "/balances/{org}/nobody", null, Kind.READ, balances, true, false));
        rows.add(new Endpoint(Service.LEDGER, "GET", "/balances/{org}/nobody/events", null, Kind.READ, balances, true, false));

        rows.add(new Endpoint(Service.REPORT, "POST", "/orgs/{org}/clubs/club-1/shifts/open", "{\"bogus\":true}", Kind.WRITE, orgAdmin, false, false));
        rows.add(new Endpoint(Service.REPORT, "POST", "/orgs/{org}/clubs/club-1/shifts/no-shift/close", "{\"bogus\":true}", Kind.WRITE, orgAdmin, false, false));
        rows.add(new Endpoint(Service.REPORT, "GET", "/orgs/{org}/shifts/no-shift/report", null, Kind.READ, finance, false, false));
        rows.add(new Endpoint(Service.REPORT, "GET", "/orgs/{org}/shifts/no-shift/report.csv", null, Kind.READ, finance, false, false));
        rows.add(new Endpoint(Service.REPORT, "GET", "/orgs/{org}/shifts/no-shift", null, Kind.READ, finance, false, true));
        rows.add(new Endpoint(Service.REPORT, "GET", "/orgs/{org}/clubs/club-1/shifts", null, Kind.READ, finance, false, false));
        rows.add(new Endpoint(Service.REPORT, "GET", "/orgs/{org}/clubs/club-1/shifts.csv", null, Kind.READ, finance, false, false));
        rows.add(new Endpoint(Service.REPORT, "GET", "/orgs/{org}/unassigned", null, Kind.READ, finance, false, false));
        rows.add(new Endpoint(Service.REPORT, "GET", "/login", null, Kind.PUBLIC, Set.of(), false, false));

        for (final Service service : Service.values()) {
            rows.add(new Endpoint(service, "GET", "/metrics", null, Kind.OPERATOR_ONLY, operatorOnly, false, false));
            rows.add(new Endpoint(service, "GET", "/health/live", null, Kind.PUBLIC, Set.of(), false, false));
            rows.add(new Endpoint(service, "GET", "/health/ready", null, Kind.PUBLIC, Set.of(), false, false));
        }
        return List.copyOf(rows);
    }

    /** Who presents what. */
    enum Who { NONE, UNKNOWN_KEY, FORGED_KEY, NOT_A_KEY, OPERATOR, OPERATOR_READ, KEY_OF_A, KEY_OF_B }

    record Credential(Who who, String role, String authorization) {
        String describe() {
            return role == null ? who.name().toLowerCase(Locale.ROOT) : who.name().toLowerCase(Locale.ROOT) + " " + role;
        }
    }

    enum Outcome { IN, UNAUTHENTICATED, FORBIDDEN }

    /** The model: what {@code credential} must get at {@code endpoint} on organization A's path. */
    private static Outcome expected(final Endpoint endpoint, final Credential credential) {
        if (endpoint.kind() == Kind.PUBLIC) {
            return Outcome.IN;
        }
        return switch (credential.who()) {
            case NONE, UNKNOWN_KEY, FORGED_KEY, NOT_A_KEY -> Outcome.UNAUTHENTICATED;
            case OPERATOR -> Outcome.IN;
            case OPERATOR_READ -> endpoint.kind() == Kind.READ ? Outcome.IN : Outcome.FORBIDDEN;
            case KEY_OF_A -> endpoint.roles().contains(credential.role()) ? Outcome.IN : Outcome.FORBIDDEN;
            case KEY_OF_B -> Outcome.FORBIDDEN;
        };
    }

    // ---- the stack ----

    @BeforeAll
    static void startStackAndCreateKeys() throws Exception {
        final long started = System.nanoTime();
        cloudPayments = new FakeCloudPaymentsApi();
        stack = EmbeddedStack.start(SharedInfrastructure.tempDir("access-matrix"), EmbeddedStack.Ports.anyFree(),
                Map.of("CLOUDPAYMENTS_API_URL", cloudPayments.url()));
        for (final String org : List.of(A, B)) {
            final Map<String, Reply> keys = new LinkedHashMap<>();
            for (final String role : ROLES) {
                keys.put(role, send(Service.GATEWAY, "POST", "/orgs/" + org + "/api-keys", operator(),
                        "{\"role\":\"" + role + "\",\"label\":\"" + role + " of " + org + "\"}"));
            }
            created.put(org, keys);
        }
        // Keys reach the ledger and the report service through a topic: wait until each knows every key (a known
        // key of another role gets 403 at /metrics, an unknown one 401).
        for (final Map<String, Reply> keys : created.values()) {
            for (final Reply key : keys.values()) {
                assertThat(key.status()).as("creating a key: %s", key.body()).isEqualTo(201);
                awaitKnownEverywhere(key.json().path("key").asText());
            }
        }
        log.info("stack started, 6 keys created and known on every service in {} ms", Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (cloudPayments != null) {
            cloudPayments.close();
        }
    }

    // ---- 1. keys ----

    /** Keys are created by the operator alone, one role each, shown once in the answer to their creation and never in a list. */
    @Test
    void theOperatorCreatesKeysOfOneRoleAndListsNeverShowThem() throws Exception {
        for (final String org : List.of(A, B)) {
            for (final String role : ROLES) {
                final Reply reply = created.get(org).get(role);
                assertThat(reply.status()).isEqualTo(201);
                final JsonNode key = reply.json();
                assertThat(key.path("key").asText()).as("the key of %s %s", org, role).matches(KEY_FORMAT);
                assertThat(key.path("id").asText()).isNotBlank();
                assertThat(key.path("key").asText()).startsWith("lk_" + key.path("id").asText() + "_");
                assertThat(key.path("role").asText()).isEqualTo(role);
                assertThat(key.path("orgId").asText()).isEqualTo(org);
            }
        }

        final Reply list = send(Service.GATEWAY, "GET", "/orgs/" + A + "/api-keys", operator(), null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().path("keys")).hasSizeGreaterThanOrEqualTo(ROLES.size());
        for (final JsonNode listed : list.json().path("keys")) {
            assertThat(listed.has("key")).as("a listed key shows its value: %s", listed).isFalse();
            assertThat(listed.path("orgId").asText()).isEqualTo(A);
        }
        assertThat(list.json().path("keys").findValuesAsText("id"))
                .containsAll(created.get(A).values().stream().map(r -> r.json().path("id").asText()).toList());
        assertNoKeyValueIn(list.body());

        final Reply badRole = send(Service.GATEWAY, "POST", "/orgs/" + A + "/api-keys", operator(), "{\"role\":\"owner\"}");
        assertThat(badRole.status()).isEqualTo(400);
        assertThat(badRole.header("Content-Type")).startsWith("application/json");
        assertThat(badRole.json().path("field").asText()).isEqualTo("role");

        final List<String> others = new ArrayList<>(ROLES.stream().map(role -> "Bearer " + keyOf(A, role)).toList());
        others.add("Bearer " + stack.env().get("FINANCE_TOKEN"));
        for (final String authorization : others) {
            final Reply refused = send(Service.GATEWAY, "POST", "/orgs/" + A + "/api-keys", authorization, "{\"role\":\"org-admin\"}");
            assertThat(refused.status()).as("creating a key with %s…", authorization.substring(0, 14)).isEqualTo(403);
            assertThat(refused.json().has("key")).isFalse();
        }
    }

    // ---- 2. the matrix ----

    /** Every endpoint, every credential: the answer the model in {@link #ENDPOINTS} and {@link #expected} gives. */
    @TestFactory
    Stream<DynamicTest> everyEndpointLetsInExactlyTheCredentialsTheModelNames() {
        final List<Credential> credentials = credentials();
        return ENDPOINTS.stream().map(endpoint -> DynamicTest.dynamicTest(endpoint.toString(), () -> {
            final SoftAssertions softly = new SoftAssertions();
            final Map<Credential, Reply> replies = new LinkedHashMap<>();
            for (final Credential credential : credentials) {
                final Reply reply = send(endpoint.service(), endpoint.method(), endpoint.pathIn(A), credential.authorization(), endpoint.body());
                replies.put(credential, reply);
                final String what = endpoint + " with " + credential.describe() + ": " + reply.status() + " " + abbreviate(reply.body());
                switch (expected(endpoint, credential)) {
                    case IN -> softly.assertThat(reply.status()).as(what).isNotIn(401, 403, 429).isLessThan(500);
                    case FORBIDDEN -> {
                        softly.assertThat(reply.status()).as(what).isEqualTo(403);
                        softly.assertThat(reply.header("Content-Type")).as(what).startsWith(endpoint.page() ? "text/html" : "application/json");
                    }
                    case UNAUTHENTICATED -> {
                        softly.assertThat(reply.status()).as(what).isEqualTo(401);
                        softly.assertThat(reply.header("WWW-Authenticate")).as(what).isEqualTo("Bearer");
                        softly.assertThat(reply.header("Content-Type")).as(what).startsWith(endpoint.page() ? "text/html" : "application/json");
                        if (!endpoint.page()) {
                            softly.assertThat(reply.json().path("error").asText()).as(what).isNotBlank();
                        }
                    }
                }
                if (endpoint.deprecated()) {
                    softly.assertThat(reply.header("Deprecation")).as(what).isEqualTo("true");
                }
            }
            if (endpoint.kind() == Kind.PUBLIC) {
                // Public: a credential changes nothing, not even a bad one.
                final int unauthenticated = replies.values().iterator().next().status();
                replies.forEach((credential, reply) -> {
                    softly.assertThat(reply.status()).as("%s with %s answers as without a credential", endpoint, credential.describe())
                            .isEqualTo(unauthenticated);
                    softly.assertThat(reply.header("WWW-Authenticate")).as("%s with %s", endpoint, credential.describe()).isNull();
                });
            }
            log.info("{}  {}", endpoint, replies.entrySet().stream()
                    .map(e -> e.getKey().describe() + "=" + e.getValue().status()).reduce((x, y) -> x + " " + y).orElse(""));
            softly.assertAll();
        }));
    }

    /** The model covers every service's paths with organization A; a key of B is another organization everywhere. */
    private static List<Credential> credentials() {
        final List<Credential> credentials = new ArrayList<>();
        credentials.add(new Credential(Who.NONE, null, null));
        credentials.add(new Credential(Who.UNKNOWN_KEY, null, "Bearer lk_0123456789abcdef_" + "A".repeat(43)));
        // The id of A's org-admin key with another secret: the id alone opens nothing.
        final String orgAdminOfA = keyOf(A, "org-admin");
        credentials.add(new Credential(Who.FORGED_KEY, null, "Bearer " + orgAdminOfA.substring(0, orgAdminOfA.lastIndexOf('_') + 1) + "B".repeat(43)));
        credentials.add(new Credential(Who.NOT_A_KEY, null, "Bearer not-a-key-at-all"));
        credentials.add(new Credential(Who.OPERATOR, null, operator()));
        credentials.add(new Credential(Who.OPERATOR_READ, null, "Bearer " + stack.env().get("FINANCE_TOKEN")));
        for (final String role : ROLES) {
            credentials.add(new Credential(Who.KEY_OF_A, role, "Bearer " + keyOf(A, role)));
        }
        for (final String role : ROLES) {
            credentials.add(new Credential(Who.KEY_OF_B, role, "Bearer " + keyOf(B, role)));
        }
        return credentials;
    }

    // ---- 3. revocation ----

    /**
     * A key the operator revokes is refused on every service within two seconds (each instance follows the keys
     * topic); the list shows it revoked; the audit log says the operator created and revoked it, and shows no key.
     */
    @Test
    void aRevokedKeyIsRefusedOnEveryServiceWithinTwoSeconds() throws Exception {
        final Reply creation = send(Service.GATEWAY, "POST", "/orgs/" + A + "/api-keys", operator(), "{\"role\":\"org-admin\",\"label\":\"to revoke\"}");
        assertThat(creation.status()).isEqualTo(201);
        final String id = creation.json().path("id").asText();
        final String key = creation.json().path("key").asText();
        awaitKnownEverywhere(key);
        // Before: let in (or refused for its role, which still means known) on every service.
        final Map<Service, String[]> probes = new EnumMap<>(Service.class);
        probes.put(Service.GATEWAY, new String[] {"GET", "/orgs/" + A + "/audit-log"});
        probes.put(Service.LEDGER, new String[] {"GET", "/orgs/" + A + "/balances/nobody"});
        probes.put(Service.REPORT, new String[] {"POST", "/orgs/" + A + "/clubs/club-1/shifts/open", "{\"bogus\":true}"});
        for (final Map.Entry<Service, String[]> probe : probes.entrySet()) {
            assertThat(probe(probe.getKey(), probe.getValue(), key).status()).as("%s before revocation", probe.getKey()).isNotEqualTo(401);
        }

        final long revokedAt = System.nanoTime();
        final Reply revoke = send(Service.GATEWAY, "DELETE", "/orgs/" + A + "/api-keys/" + id, operator(), null);
        assertThat(revoke.status()).as(revoke.body()).isEqualTo(200);
        assertThat(revoke.json().path("revoked").isNull()).isFalse();
        final Map<Service, Long> refusedAfterMs = new EnumMap<>(Service.class);
        for (final Map.Entry<Service, String[]> probe : probes.entrySet()) {
            await(probe.getKey() + " refuses the revoked key").atMost(Duration.ofSeconds(2)).pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(25)).pollInSameThread()
                    .until(() -> probe(probe.getKey(), probe.getValue(), key).status() == 401);
            refusedAfterMs.put(probe.getKey(), Duration.ofNanos(System.nanoTime() - revokedAt).toMillis());
        }
        log.info("revoked key refused after (ms since the DELETE was sent): {}", refusedAfterMs);
        for (final Map.Entry<Service, String[]> probe : probes.entrySet()) {
            final Reply after = probe(probe.getKey(), probe.getValue(), key);
            assertThat(after.status()).as("%s after revocation", probe.getKey()).isEqualTo(401);
            assertThat(after.header("WWW-Authenticate")).isEqualTo("Bearer");
        }

        final Reply list = send(Service.GATEWAY, "GET", "/orgs/" + A + "/api-keys", operator(), null);
        final JsonNode listed = stream(list.json().path("keys")).filter(k -> k.path("id").asText().equals(id)).findFirst().orElseThrow();
        assertThat(listed.path("revoked").asText()).as("the list shows it revoked: %s", listed).isNotBlank();
        assertThat(Instant.parse(listed.path("revoked").asText())).isBefore(Instant.now().plusSeconds(1));

        final Reply audit = send(Service.GATEWAY, "GET", "/orgs/" + A + "/audit-log", "Bearer " + keyOf(A, "org-admin"), null);
        assertThat(audit.status()).as(audit.body()).isEqualTo(200);
        final List<JsonNode> aboutTheKey = stream(audit.json().path("entries"))
                .filter(e -> id.equals(e.path("details").path("keyId").asText())).toList();
        assertThat(aboutTheKey).extracting(e -> e.path("action").asText() + " by " + e.path("actor").asText())
                .containsExactlyInAnyOrder("key.created by operator", "key.revoked by operator");
        assertThat(audit.body()).doesNotContain(key).doesNotContain(key.substring(key.lastIndexOf('_') + 1));
        assertNoKeyValueIn(audit.body());
        assertThat(audit.body()).doesNotContain(A_SECRET);
    }

    // ---- 4. the app's payment settings ----

    /** What the mobile app reads without a credential: 404 until connected, then the widget's settings, never the secret. */
    @Test
    void paymentSettingsArePublicCacheableAndNeverTheSecret() throws Exception {
        final String org = "settings-org";
        final String secret = "settings-api-secret-0123456789";
        final Reply before = send(Service.GATEWAY, "GET", "/orgs/" + org + "/payment-settings", null, null);
        assertThat(before.status()).as(before.body()).isEqualTo(404);
        assertThat(before.json().path("error").asText()).isNotBlank();

        cloudPayments.accept("pk_settings0000000000000000000000", secret);
        final Reply connect = send(Service.GATEWAY, "PUT", "/orgs/" + org + "/integrations/cloudpayments", operator(),
                connectBody("pk_settings0000000000000000000000", secret, "LIVE", false));
        assertThat(connect.status()).as(connect.body()).isEqualTo(200);

        final Reply settings = send(Service.GATEWAY, "GET", "/orgs/" + org + "/payment-settings", null, null);
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        assertThat(settings.header("Cache-Control")).contains("public");
        final JsonNode json = settings.json();
        assertThat(json.path("publicId").asText()).isEqualTo("pk_settings0000000000000000000000");
        assertThat(json.path("currency").asText()).isEqualTo("RUB");
        assertThat(json.path("minTopUp").asText()).isEqualTo("10.00");
        assertThat(json.path("maxTopUp").asText()).isEqualTo("5000.00");
        assertThat(json.path("mode").asText()).isEqualTo("LIVE");
        assertThat(json.path("enabled").asBoolean()).isTrue();
        assertThat(settings.body()).doesNotContain(secret).doesNotContainIgnoringCase("apiSecret");
    }

    // ---- 5. a failed save leaves what works working ----

    /**
     * A connection that works stays as it is when CloudPayments refuses a new secret (422) or cannot be asked (503):
     * webhooks signed with the working secret are still accepted. Forcing an unverifiable save stores it UNVERIFIED.
     */
    @Test
    void aFailedSaveLeavesAWorkingConnectionWorking() throws Exception {
        final String org = "repair-org";
        final String publicId = "pk_repair000000000000000000000000";
        final String working = "repair-api-secret-0123456789";
        final String path = "/orgs/" + org + "/integrations/cloudpayments";
        cloudPayments.accept(publicId, working);
        final Reply connected = send(Service.GATEWAY, "PUT", path, operator(), connectBody(publicId, working, "LIVE", false));
        assertThat(connected.status()).as(connected.body()).isEqualTo(200);
        assertThat(connected.json().path("status").asText()).isEqualTo("CONNECTED");
        final CloudPaymentsBodies bodies = new CloudPaymentsBodies(working, "club-1");
        final Instant t0 = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);

        final Reply typo = send(Service.GATEWAY, "PUT", path, operator(), connectBody(publicId, working + "x", "LIVE", false));
        assertThat(typo.status()).as(typo.body()).isEqualTo(422);
        assertThat(typo.json().path("status").asText()).isEqualTo("INVALID_CREDENTIALS");
        assertCurrentIsTheWorkingConnection(typo.json().path("current"), publicId, connected.json());
        assertThat(typo.body()).doesNotContain(working);
        assertStillWorks(org, path, publicId, connected.json(), bodies.pay(new Payment(7_500_000_001L, "repair-1", Card.LIVE),
                100_00, COMPLETED, "Payment", t0));

        cloudPayments.down(true);
        try {
            final String rotated = "repair-api-secret-rotated-0001";
            cloudPayments.accept(publicId, rotated);
            final Reply unreachable = send(Service.GATEWAY, "PUT", path, operator(), connectBody(publicId, rotated, "LIVE", false));
            assertThat(unreachable.status()).as(unreachable.body()).isEqualTo(503);
            assertThat(unreachable.json().path("status").asText()).isEqualTo("UNREACHABLE");
            assertCurrentIsTheWorkingConnection(unreachable.json().path("current"), publicId, connected.json());
            assertStillWorks(org, path, publicId, connected.json(), bodies.pay(new Payment(7_500_000_002L, "repair-2", Card.LIVE),
                    100_00, COMPLETED, "Payment", t0.plusSeconds(1)));

            final Reply forced = send(Service.GATEWAY, "PUT", path, operator(), connectBody(publicId, rotated, "LIVE", true));
            assertThat(forced.status()).as(forced.body()).isEqualTo(200);
            assertThat(forced.json().path("status").asText()).isEqualTo("UNVERIFIED");
            assertThat(forced.body()).doesNotContain(rotated);
            // The working secret stays valid for webhooks through the rotation window.
            final Reply previous = postWebhook(org, "pay", bodies.pay(new Payment(7_500_000_003L, "repair-3", Card.LIVE), 100_00, COMPLETED,
                    "Payment", t0.plusSeconds(2)));
            assertThat(previous.json().path("code").asInt(-1)).as(previous.body()).isZero();
        } finally {
            cloudPayments.down(false);
        }
        final Reply verified = send(Service.GATEWAY, "POST", path + "/verify", operator(), null);
        assertThat(verified.status()).as(verified.body()).isEqualTo(200);
        assertThat(verified.json().path("status").asText()).as("verified once CloudPayments is back").isEqualTo("CONNECTED");

        final Reply audit = send(Service.GATEWAY, "GET", "/orgs/" + org + "/audit-log", operator(), null);
        assertThat(stream(audit.json().path("entries")).map(e -> e.path("action").asText()))
                .contains("connection.connected", "connection.refused", "connection.replaced");
        assertThat(audit.body()).doesNotContain(working).doesNotContain("repair-api-secret-rotated");
    }

    private static void assertCurrentIsTheWorkingConnection(final JsonNode current, final String publicId, final JsonNode working) {
        assertThat(current.path("status").asText()).as("the connection kept: %s", current).isEqualTo("CONNECTED");
        assertThat(current.path("publicId").asText()).isEqualTo(publicId);
        assertThat(current.path("verifiedAt").asText()).isEqualTo(working.path("verifiedAt").asText());
    }

    private static void assertStillWorks(final String org, final String path, final String publicId, final JsonNode working, final Body pay)
            throws Exception {
        final Reply now = send(Service.GATEWAY, "GET", path, operator(), null);
        assertCurrentIsTheWorkingConnection(now.json(), publicId, working);
        final Reply webhook = postWebhook(org, "pay", pay);
        assertThat(webhook.status()).as(webhook.body()).isEqualTo(200);
        assertThat(webhook.json().path("code").asInt(-1)).as(webhook.body()).isZero();
    }

    // ---- 6. balances ----

    /** A's backend key reads A's customer's balance after a Pay; B's backend key is refused; an unknown customer is 404. */
    @Test
    void balancesAreReadWithTheOrganizationsBackendKey() throws Exception {
        cloudPayments.accept(A_PUBLIC_ID, A_SECRET);
        final Reply connect = send(Service.GATEWAY, "PUT", "/orgs/" + A + "/integrations/cloudpayments", operator(),
                connectBody(A_PUBLIC_ID, A_SECRET, "LIVE", false));
        assertThat(connect.status()).as(connect.body()).isEqualTo(200);
        final Body pay = new CloudPaymentsBodies(A_SECRET, "club-1").pay(new Payment(7_600_000_001L, "customer-6", Card.LIVE), 250_00,
                COMPLETED, "Payment", Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS));
        final Reply webhook = postWebhook(A, "pay", pay);
        assertThat(webhook.json().path("code").asInt(-1)).as(webhook.body()).isZero();

        final String balancePath = "/orgs/" + A + "/balances/customer-6";
        final String backendOfA = "Bearer " + keyOf(A, "backend");
        await("the ledger credits the Pay").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> send(Service.LEDGER, "GET", balancePath, backendOfA, null).status() == 200);
        final Reply balance = send(Service.LEDGER, "GET", balancePath, backendOfA, null);
        final JsonNode rub = stream(balance.json().path("balances")).filter(b -> "RUB".equals(b.path("currency").asText())).findFirst().orElseThrow();
        assertThat(rub.path("balanceMinor").asLong()).as(balance.body()).isEqualTo(250_00);

        final Reply ofB = send(Service.LEDGER, "GET", balancePath, "Bearer " + keyOf(B, "backend"), null);
        assertThat(ofB.status()).as(ofB.body()).isEqualTo(403);
        assertThat(ofB.body()).doesNotContain("250");
        final Reply unknown = send(Service.LEDGER, "GET", "/orgs/" + A + "/balances/nobody-at-all", backendOfA, null);
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(404);
        final Reply unknownOfB = send(Service.LEDGER, "GET", "/orgs/" + A + "/balances/nobody-at-all", "Bearer " + keyOf(B, "backend"), null);
        assertThat(unknownOfB.status()).as("B cannot tell a customer of A from no customer").isEqualTo(403);
    }

    // ---- helpers ----

    private static String operator() {
        return "Bearer " + stack.env().get("ADMIN_TOKEN");
    }

    private static String keyOf(final String org, final String role) {
        return created.get(org).get(role).json().path("key").asText();
    }

    private static void assertNoKeyValueIn(final String body) {
        for (final Map<String, Reply> keys : created.values()) {
            for (final Reply key : keys.values()) {
                final String value = key.json().path("key").asText();
                assertThat(body).doesNotContain(value).doesNotContain(value.substring(value.lastIndexOf('_') + 1));
            }
        }
        assertThat(body).doesNotContainPattern(KEY_FORMAT.pattern());
    }

    /** Waits until every service knows {@code key}: a known key gets 403 at /metrics (operators only), an unknown one 401. */
    private static void awaitKnownEverywhere(final String key) {
        for (final Service service : Service.values()) {
            await("the " + service + " knows a new key").atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50))
                    .until(() -> send(service, "GET", "/metrics", "Bearer " + key, null).status() == 403);
        }
    }

    private static Reply probe(final Service service, final String[] probe, final String key) throws IOException {
        return send(service, probe[0], probe[1], "Bearer " + key, probe.length > 2 ? probe[2] : null);
    }

    private static String connectBody(final String publicId, final String secret, final String mode, final boolean force) {
        return "{\"publicId\":\"" + publicId + "\",\"apiSecret\":\"" + secret + "\",\"currency\":\"RUB\",\"minTopUp\":\"10.00\","
                + "\"maxTopUp\":\"5000.00\",\"mode\":\"" + mode + "\"" + (force ? ",\"force\":true" : "") + "}";
    }

    private static Reply postWebhook(final String org, final String type, final Body body) throws IOException {
        return exchange(Service.GATEWAY, "POST", "/cloudpayments/" + org + "/" + type,
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Content-HMAC", body.contentHmac()), body.form());
    }

    private static Stream<JsonNode> stream(final JsonNode array) {
        final List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    private static String abbreviate(final String body) {
        final String line = body.replaceAll("\\s+", " ");
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }

    // ---- HTTP, each request from a loopback address of its own ----

    /** One HTTP answer: status, headers (names case-insensitive) and body. */
    record Reply(int status, Map<String, String> headers, String body) {
        String header(final String name) {
            return headers.get(name);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (final IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }
    }

    private static final AtomicInteger clients = new AtomicInteger();

    /** The next loopback address, 127.1.0.1 onwards: the whole of 127/8 is this host's, and each is a new client to a rate limiter. */
    private static InetAddress nextClientAddress() throws IOException {
        final int n = clients.getAndIncrement();
        return InetAddress.getByAddress(new byte[] {127, 1, (byte) (n / 250), (byte) (n % 250 + 1)});
    }

    private static Reply send(final Service service, final String method, final String path, final String authorization, final String json)
            throws IOException {
        final Map<String, String> headers = new LinkedHashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        return exchange(service, method, path, headers, json);
    }

    /**
     * One request over a socket of its own, {@code Connection: close}. (The JDK's HttpClient cannot choose its local
     * address before Java 19.)
     */
    private static Reply exchange(final Service service, final String method, final String path, final Map<String, String> headers,
                                  final String body) throws IOException {
        final URI base = URI.create(switch (service) {
            case GATEWAY -> stack.gatewayUrl();
            case LEDGER -> stack.ledgerUrl();
            case REPORT -> stack.reportUrl();
        });
        final byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        final StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Connection: close\r\n")
                .append("Content-Length: ").append(content.length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        final byte[] raw;
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(nextClientAddress(), 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            final OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            raw = socket.getInputStream().readAllBytes();
        }
        return parse(raw, method + " " + path);
    }

    private static Reply parse(final byte[] raw, final String request) {
        final String text = new String(raw, StandardCharsets.ISO_8859_1);
        final int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IllegalStateException("no HTTP answer to " + request + ": " + text);
        }
        final String[] lines = text.substring(0, end).split("\r\n");
        final int status = Integer.parseInt(lines[0].split(" ")[1]);
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Arrays.stream(lines).skip(1).forEach(line -> {
            final int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).trim(), line.substring(colon + 1).trim(), (a, b) -> a + ", " + b);
        });
        byte[] body = Arrays.copyOfRange(raw, end + 4, raw.length);
        if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
            body = dechunk(body);
        }
        return new Reply(status, headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(final byte[] chunked) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < chunked.length) {
            int lineEnd = at;
            while (chunked[lineEnd] != '\r') {
                lineEnd++;
            }
            final String sizeLine = new String(chunked, at, lineEnd - at, StandardCharsets.ISO_8859_1);
            final int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }
}

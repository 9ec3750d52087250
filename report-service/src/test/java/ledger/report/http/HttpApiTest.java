package ledger.report.http;

import static ledger.report.TestKit.ADMIN_TOKEN;
import static ledger.report.TestKit.FINANCE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import ledger.report.TestKit;
import ledger.report.TestKit.Reply;
import ledger.report.app.ReportConfig;
import ledger.report.app.ReportService;
import ledger.schemas.serde.MockSchemaRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The API's edge on the real service: who may do what, how inputs are validated, and that every error is a JSON
 * {@code {"error", "field"?}} with the right status, never HTML.
 */
class HttpApiTest {

    private static final String SCOPE = "http_api";
    private static final String ORG = "org-http";
    private static ReportService service;

    @BeforeAll
    static void start() {
        TestKit.createTopics(TestKit.topics(SCOPE));
        service = ReportService.start(ReportConfig.fromEnv(TestKit.env(SCOPE, Map.of())));
    }

    @AfterAll
    static void stop() {
        service.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void healthNeedsNoTokenAndMetricsTheOperators() {
        assertThat(get("/health/live", null).json().get("status").asText()).isEqualTo("UP");
        await().atMost(Duration.ofSeconds(15)).until(() -> get("/health/ready", null).status() == 200);
        assertThat(get("/metrics", null).status()).as("metrics are for operators").isEqualTo(401);
        assertThat(get("/metrics", FINANCE_TOKEN).status()).as("not for the read credential either").isEqualTo(403);
        final Reply metrics = get("/metrics", ADMIN_TOKEN);
        assertThat(metrics.contentType()).startsWith("text/plain");
        assertThat(metrics.body()).contains("report_sink_batch_seconds");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer wrong-token-0123456789", "Bearer ", "Basic YWRtaW46YWRtaW4=",
            "Bearer admin-token-012345678", "admin-token-0123456789"})
    void refusesMissingOrWrongTokensWith401(final String authorization) {
        final Reply reply = TestKit.getAuthorized(service.port(), "/orgs/" + ORG + "/shifts/s/report",
                authorization.isEmpty() ? null : authorization);
        assertError(reply, 401, null);
        assertThat(reply.json().get("error").asText()).matches("(missing credential|malformed Authorization header|unknown or revoked API key or token).*");
        assertThat(reply.headers().get("www-authenticate")).containsExactly("Bearer");
        // The right token, with the scheme in any case, is let through to the route (which knows no such shift).
        assertError(TestKit.getAuthorized(service.port(), "/orgs/" + ORG + "/shifts/s/report", "bearer " + ADMIN_TOKEN), 404, null);
    }

    @Test
    void theFinanceTokenMayReadButNotWrite() {
        assertError(post("/orgs/" + ORG + "/clubs/club-f/shifts/open", FINANCE_TOKEN, null), 403, null);
        assertError(get("/orgs/" + ORG + "/shifts/nope/report", FINANCE_TOKEN), 404, null);
    }

    @Test
    void opensAndClosesShiftsAndRefusesConflicts() {
        final String club = "/orgs/" + ORG + "/clubs/club-1/shifts";
        final Reply opened = post(club + "/open", ADMIN_TOKEN, "{\"shiftId\":\"s-1\"}");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        assertThat(opened.json().get("shiftId").asText()).isEqualTo("s-1");
        assertThat(opened.json().get("clubId").asText()).isEqualTo("club-1");
        assertThat(Instant.parse(opened.json().get("openedAt").asText())).isBeforeOrEqualTo(Instant.now());
        // Visible to the very next read.
        assertThat(get("/orgs/" + ORG + "/shifts/s-1/report", FINANCE_TOKEN).json().at("/shift/status").asText()).isEqualTo("OPEN");

        assertError(post(club + "/open", ADMIN_TOKEN, null), 409, null);
        assertError(post("/orgs/" + ORG + "/clubs/club-2/shifts/open", ADMIN_TOKEN, "{\"shiftId\":\"s-1\"}"), 409, "shiftId");
        assertError(post(club + "/nope/close", ADMIN_TOKEN, null), 404, null);
        assertError(post("/orgs/" + ORG + "/clubs/club-2/shifts/s-1/close", ADMIN_TOKEN, null), 404, null);
        assertError(post(club + "/s-1/close", ADMIN_TOKEN, "{\"closedAt\":\"2001-01-01T00:00:00Z\"}"), 400, "closedAt");

        final Reply closed = post(club + "/s-1/close", ADMIN_TOKEN, "");
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertError(post(club + "/s-1/close", ADMIN_TOKEN, null), 409, null);

        // A new shift may follow, generated id and all; but not one backdated into the closed one.
        assertError(post(club + "/open", ADMIN_TOKEN, "{\"openedAt\":\"" + opened.json().get("openedAt").asText() + "\"}"),
                409, "openedAt");
        final Reply next = post(club + "/open", ADMIN_TOKEN, "{}");
        assertThat(next.status()).as(next.body()).isEqualTo(201);
        assertThat(next.json().get("shiftId").asText()).hasSize(36);
    }

    @Test
    void validatesRequestBodies() {
        final String open = "/orgs/" + ORG + "/clubs/club-v/shifts/open";
        assertError(post(open, ADMIN_TOKEN, "{\"openAt\":\"2026-01-01T00:00:00Z\"}"), 400, "openAt");
        assertError(post(open, ADMIN_TOKEN, "{\"openedAt\":\"yesterday\"}"), 400, "openedAt");
        assertError(post(open, ADMIN_TOKEN, "{\"openedAt\":\"2999-01-01T00:00:00Z\"}"), 400, "openedAt");
        assertError(post(open, ADMIN_TOKEN, "{\"shiftId\":\"has spaces\"}"), 400, "shiftId");
        assertError(post(open, ADMIN_TOKEN, "{\"shiftId\":{\"nested\":true}}"), 400, "shiftId");
        assertError(post(open, ADMIN_TOKEN, "{not json"), 400, null);
        assertError(post(open, ADMIN_TOKEN, "[1,2]"), 400, null);
    }

    @Test
    void validatesPathParametersAndPeriods() {
        assertError(get("/orgs/bad$org/shifts/s/report", ADMIN_TOKEN), 400, "orgId");
        assertError(get("/orgs/" + ORG + "/shifts/" + "x".repeat(65) + "/report", ADMIN_TOKEN), 400, "shiftId");
        final String shifts = "/orgs/" + ORG + "/clubs/club-1/shifts";
        assertError(get(shifts, ADMIN_TOKEN), 400, "from");
        assertError(get(shifts + "?from=2026-01-01", ADMIN_TOKEN), 400, "to");
        assertError(get(shifts + "?from=2026-13-01&to=2026-12-31", ADMIN_TOKEN), 400, "from");
        assertError(get(shifts + "?from=2026-02-01&to=2026-01-31", ADMIN_TOKEN), 400, "to");
        assertError(get(shifts + "?from=2026-01-01&to=2026-04-03", ADMIN_TOKEN), 400, "to");
        assertError(get("/orgs/" + ORG + "/unassigned?from=+10000-01-01&to=2026-01-01", ADMIN_TOKEN), 400, "from");

        final LocalDate from = LocalDate.parse("2026-01-01");
        final Reply longest = get(shifts + "?from=" + from + "&to=" + from.plusDays(91), FINANCE_TOKEN);
        assertThat(longest.status()).as(longest.body()).isEqualTo(200);
        assertThat(longest.json().get("shifts").size()).isZero();
        final Reply unassigned = get("/orgs/" + ORG + "/unassigned?from=2026-01-01&to=2026-01-02", FINANCE_TOKEN);
        assertThat(unassigned.status()).isEqualTo(200);
        assertThat(unassigned.json().at("/noClub/payments").size()).isZero();
    }

    @Test
    void unknownRoutesAndMalformedRequestsAnswerJsonToo() throws IOException {
        assertError(get("/nope", ADMIN_TOKEN), 404, null);
        assertError(post("/orgs/" + ORG + "/shifts/s/report", ADMIN_TOKEN, null), 404, null);

        // A request so malformed that Jetty rejects it before any route.
        try (Socket socket = new Socket("127.0.0.1", service.port())) {
            final OutputStream out = socket.getOutputStream();
            out.write("GET /orgs/%zz/shifts/s/report HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = socket.getInputStream();
            final String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400").containsIgnoringCase("content-type: application/json")
                    .contains("{\"error\":").doesNotContain("<html");
        }
    }

    private static Reply get(final String path, final String token) {
        return TestKit.get(service.port(), path, token);
    }

    private static Reply post(final String path, final String token, final String body) {
        return TestKit.post(service.port(), path, token, body);
    }

    private static void assertError(final Reply reply, final int status, final String field) {
        assertThat(reply.status()).as(reply.body()).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.json().get("error").asText()).isNotBlank();
        if (field == null) {
            assertThat(reply.json().has("field")).as(reply.body()).isFalse();
        } else {
            assertThat(reply.json().get("field").asText()).as(reply.body()).isEqualTo(field);
        }
        if (status == 401) {
            assertThat(reply.body()).doesNotContain("Exception");
        }
    }
}

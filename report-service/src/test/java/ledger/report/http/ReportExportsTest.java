package ledger.report.http;

import static ledger.report.TestKit.ADMIN_TOKEN;
import static ledger.report.TestKit.FINANCE_TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.report.FinanceShift;
import ledger.report.TestKit;
import ledger.report.app.ReportConfig;
import ledger.report.app.ReportService;
import ledger.schemas.serde.MockSchemaRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CSV downloads and the finance page over HTTP on the real service: formats and headers, and that nothing is
 * readable without a token or a session started with one.
 */
class ReportExportsTest {

    private static final String SCOPE = "exports";
    private static final String ORG = "org-exports";
    private static final String PAGE = FinanceShift.page(ORG);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ReportService service;

    @BeforeAll
    static void start() {
        TestKit.createTopics(TestKit.topics(SCOPE));
        service = ReportService.start(ReportConfig.fromEnv(TestKit.env(SCOPE, Map.of())));
        FinanceShift.tell(service.port(), TestKit.topics(SCOPE), ORG);
    }

    @AfterAll
    static void stop() {
        service.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void theShiftCsvIsAnExcelReadyAttachment() {
        final Response csv = send("GET", PAGE + "/report.csv", "Bearer " + FINANCE_TOKEN, null, null);

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("content-type")).isEqualTo("text/csv; charset=utf-8; header=present");
        assertThat(csv.header("content-disposition")).isEqualTo("attachment; filename=\"shift-shift-fin.csv\"");
        assertThat(csv.header("cache-control")).isEqualTo("no-store");
        assertThat(Arrays.copyOf(csv.body(), 3)).containsExactly(0xEF, 0xBB, 0xBF);
        final String text = csv.text();
        assertThat(text).contains("\r\n").doesNotContain(";=").contains("\"'=1+2;\"\"q\"\"\"");
        assertThat(text).contains("live;RUB;4;2500,50;1;100,00;2400,50;57,20;1;1;200,00;0\r\n")
                .contains("test (not real money);RUB;1;999,00;0;0,00;999,00;0,00;0;0;0,00;1\r\n")
                .contains(";Иван Петров;1001;;220220******1234;Visa;RUB;1500,00;1500,00;;1500,00;39,00;;;\r\n")
                .contains("Opened by;Анна\r\n");
    }

    @Test
    void theClubListCsvTakesAPeriodAndAZone() {
        final String path = "/orgs/" + ORG + "/clubs/" + FinanceShift.CLUB + "/shifts.csv?from=" + FinanceShift.DAY
                + "&to=" + FinanceShift.DAY + "&tz=Europe/Moscow";
        final Response csv = send("GET", path, "Bearer " + ADMIN_TOKEN, null, null);

        assertThat(csv.status()).as(csv.text()).isEqualTo(200);
        assertThat(csv.header("content-disposition")).isEqualTo("attachment; filename=\"club-club-7-shifts-"
                + FinanceShift.DAY + "-to-" + FinanceShift.DAY + ".csv\"");
        final List<String> lines = Arrays.asList(csv.text().split("\r\n"));
        assertThat(lines.get(0)).startsWith("\uFEFFClub;Shift;Status;Opened at (Europe/Moscow);Closed at (Europe/Moscow);");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("club-7;shift-fin;CLOSED;" + FinanceShift.DAY + " 11:00:00;" + FinanceShift.DAY
                + " 17:00:00;yes;RUB;4;2500,50;1;100,00;2400,50;57,20;1;1;200,00;1;999,00;");
        assertThat(lines.get(2)).contains(";USD;1;10,00;");
    }

    /**
     * The shift has a payout to a card (200.00) and a test payment after the organization went live (50.00): the JSON
     * and the CSV show each apart, and neither changes the club's top-ups, refunds or net.
     */
    @Test
    void payoutsAndTestPaymentsWhileLiveAreShownApartAndLeaveNetAsItWas() {
        final JsonNode report = TestKit.get(service.port(), PAGE + "/report", FINANCE_TOKEN).json();

        final JsonNode live = report.at("/totals/live/RUB");
        assertThat(live.get("topUpCount").asLong()).isEqualTo(4);
        assertThat(live.get("grossMinor").asLong()).isEqualTo(250_050);
        assertThat(live.get("refundsMinor").asLong()).isEqualTo(10_000);
        assertThat(live.get("netMinor").asLong()).isEqualTo(240_050);
        assertThat(live.get("net").asText()).isEqualTo("2400.50");
        assertThat(live.get("feesMinor").asLong()).isEqualTo(5_720);
        assertThat(live.get("payoutCount").asLong()).isEqualTo(1);
        assertThat(live.get("payoutsMinor").asLong()).isEqualTo(20_000);
        assertThat(live.get("payouts").asText()).isEqualTo("200.00");
        assertThat(live.get("testInLiveCount").asLong()).isZero();
        final JsonNode test = report.at("/totals/test/RUB");
        assertThat(test.get("topUpCount").asLong()).isEqualTo(1);
        assertThat(test.get("grossMinor").asLong()).isEqualTo(99_900);
        assertThat(test.get("netMinor").asLong()).isEqualTo(99_900);
        assertThat(test.get("testInLiveCount").asLong()).isEqualTo(1);
        assertThat(test.get("payoutCount").asLong()).isZero();
        assertThat(report.at("/totals/live/USD/payoutCount").asLong()).isZero();
        final Map<Long, JsonNode> lines = new HashMap<>();
        report.get("payments").forEach(line -> lines.put(line.get("transactionId").asLong(), line));
        assertThat(lines).hasSize(FinanceShift.LINES);
        final JsonNode payout = lines.get(1008L);
        assertThat(payout.get("category").asText()).isEqualTo("PAYOUT");
        assertThat(payout.get("kind").asText()).isEqualTo("PAY");
        assertThat(payout.get("test").asBoolean()).isFalse();
        assertThat(payout.get("amountMinor").asLong()).isEqualTo(20_000);
        final JsonNode testWhileLive = lines.get(1009L);
        assertThat(testWhileLive.get("category").asText()).isEqualTo("TEST_IN_LIVE");
        assertThat(testWhileLive.get("test").asBoolean()).isTrue();
        assertThat(testWhileLive.get("amount").asText()).isEqualTo("50.00");

        final String csv = send("GET", PAGE + "/report.csv", "Bearer " + FINANCE_TOKEN, null, null).text();
        assertThat(csv).contains("Totals;Currency;Top-ups;Gross;Refund count;Refunded;Net;Fees;Failed attempts;Payouts;Paid out;"
                        + "Test payments while live\r\n")
                .contains("live;RUB;4;2500,50;1;100,00;2400,50;57,20;1;1;200,00;0\r\n")
                .contains(";Amount;Top-up;Refund;Net;Fee;Payout;Amended at (UTC);Reason\r\n")
                // The payout's amount is in Payout only; the test payment while live has no money column at all.
                .contains(FinanceShift.DAY + " 12:10:00;live;App;Payout;PAY;Completed;" + FinanceShift.PAYEE
                        + ";1008;;220220******5678;Visa;RUB;200,00;;;;;200,00;;\r\n")
                .contains(FinanceShift.DAY + " 11:50:00;test;App;Test payment while live;PAY;Completed;" + FinanceShift.TEST_CARD
                        + ";1009;;;;RUB;50,00;;;;;;;\r\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/report", "/report.csv", ""})
    void nothingOfAShiftIsReadableWithoutACredential(final String suffix) {
        for (final String authorization : new String[] {null, "Bearer wrong-token-0123456789"}) {
            final Response reply = send("GET", PAGE + suffix, authorization, null, null);
            assertThat(reply.status()).isEqualTo(401);
            assertThat(reply.text()).doesNotContain("Иван").doesNotContain("2500").doesNotContain("1001");
        }
        // A token in the URL is not a credential: it would stay in history and logs.
        assertThat(send("GET", PAGE + suffix + "?token=" + FINANCE_TOKEN, null, null, null).status()).isEqualTo(401);
        assertThat(send("GET", PAGE + suffix + "?access_token=" + FINANCE_TOKEN, null, null, null).status()).isEqualTo(401);
        // Nor is a forged session cookie.
        assertThat(send("GET", PAGE + suffix, null, "report_session=v1.9999999999.AAAA", null).status()).isEqualTo(401);
    }

    @Test
    void theListsAreNotReadableWithoutACredentialEither() {
        final String period = "?from=" + FinanceShift.DAY + "&to=" + FinanceShift.DAY;
        for (final String path : List.of("/orgs/" + ORG + "/clubs/" + FinanceShift.CLUB + "/shifts" + period,
                "/orgs/" + ORG + "/clubs/" + FinanceShift.CLUB + "/shifts.csv" + period, "/orgs/" + ORG + "/unassigned" + period)) {
            final Response reply = send("GET", path, null, null, null);
            assertThat(reply.status()).as(path).isEqualTo(401);
            assertThat(reply.header("content-type")).as(path).startsWith("application/json");
        }
    }

    @Test
    void aPageWithoutACredentialIsTheSignInFormComingBackToIt() {
        final Response reply = send("GET", PAGE + "?tz=Europe/Moscow", null, null, null);

        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.header("content-type").replace(" ", "")).isEqualTo("text/html;charset=utf-8");
        assertThat(reply.text()).contains("<form class=\"login\" method=\"post\" action=\"/login\">")
                .contains("name=\"next\" value=\"" + PAGE + "?tz=Europe/Moscow\"");
    }

    @Test
    void signingInStartsAReadOnlyHttpOnlyStrictSession() {
        final Response login = signIn(FINANCE_TOKEN, PAGE + "?tz=Europe/Moscow");

        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("location")).isEqualTo(PAGE + "?tz=Europe/Moscow");
        final String setCookie = login.header("set-cookie");
        assertThat(setCookie).startsWith("report_session=").contains("; HttpOnly").contains("; SameSite=Strict")
                .contains("; Path=/").contains("; Max-Age=28800").doesNotContain(FINANCE_TOKEN);
        final String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        final Response page = send("GET", PAGE + "?tz=Europe/Moscow", null, cookie, null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("content-type").replace(" ", "")).isEqualTo("text/html;charset=utf-8");
        assertThat(page.header("content-security-policy")).contains("default-src 'none'").doesNotContain("script-src");
        assertThat(page.header("cache-control")).isEqualTo("no-store");
        assertThat(page.text()).contains("<meta charset=\"utf-8\">").contains("Иван Петров").contains("2500.50")
                .contains("&lt;script&gt;").doesNotContain("<script");
        assertThat(send("GET", PAGE + "/report.csv", null, cookie, null).status()).isEqualTo(200);
        assertThat(send("GET", PAGE + "/report", null, cookie, null).status()).isEqualTo(200);

        // A session only reads, even one started with the admin token.
        final String adminCookie = cookieOf(signIn(ADMIN_TOKEN, null));
        for (final String session : List.of(cookie, adminCookie)) {
            final Response write = send("POST", "/orgs/" + ORG + "/clubs/other/shifts/open", null, session, "{}");
            assertThat(write.status()).as(write.text()).isEqualTo(401);
        }
    }

    @Test
    void aWrongTokenAtSignInGetsTheFormAgainAndNoSession() {
        final Response login = signIn("not-the-token-0123456789", PAGE);

        assertThat(login.status()).isEqualTo(401);
        assertThat(login.header("set-cookie")).as("a new form nonce, no session").startsWith("report_login=");
        assertThat(login.text()).contains("That key is not valid.").contains("value=\"" + PAGE + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example/x", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/a\r\nSet-Cookie: x=y"})
    void signInNeverRedirectsOffTheServer(final String next) {
        final Response login = signIn(FINANCE_TOKEN, next);

        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("location")).isEqualTo("/login");
    }

    @Test
    void signedInTheSignInPageSaysSoAndSigningOutClearsTheCookie() {
        final String cookie = cookieOf(signIn(FINANCE_TOKEN, null));
        final String signedIn = send("GET", "/login", null, cookie, null).text();
        assertThat(signedIn).contains("Signed in");
        assertThat(send("POST", "/logout", null, cookie, "csrf=forged").status()).as("a sign-out without its CSRF token").isEqualTo(403);

        final Response logout = send("POST", "/logout", null, cookie, "csrf=" + URLEncoder.encode(hidden(signedIn, "csrf"), StandardCharsets.UTF_8));
        assertThat(logout.status()).isEqualTo(303);
        assertThat(logout.header("location")).isEqualTo("/login");
        assertThat(logout.header("set-cookie")).startsWith("report_session=;").contains("Max-Age=0");
        // Signed out on the server: the old cookie, kept by someone, opens nothing any more.
        assertThat(send("GET", PAGE, null, cookie, null).status()).isEqualTo(401);
        assertThat(send("GET", PAGE + "/report", null, cookie, null).status()).isEqualTo(401);
    }

    @Test
    void aSignInPostWithoutItsFormsNonceOrFromAnotherSiteIsRefused() {
        final String body = "token=" + URLEncoder.encode(FINANCE_TOKEN, StandardCharsets.UTF_8);
        final Response noNonce = send("POST", "/login", null, null, body);
        assertThat(noNonce.status()).isEqualTo(403);
        assertThat(noNonce.header("set-cookie")).doesNotStartWith("report_session=");
        final HttpRequest crossSite = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + "/login"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            assertThat(HTTP.send(crossSite, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(403);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void errorsOnPagesArePagesAndOnCsvAreJson() {
        final String cookie = cookieOf(signIn(FINANCE_TOKEN, null));

        final Response missing = send("GET", "/orgs/" + ORG + "/shifts/nope", null, cookie, null);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("content-type")).startsWith("text/html");
        assertThat(missing.text()).contains("no shift nope in organization " + ORG);
        final Response badZone = send("GET", PAGE + "?tz=Mars/Base", null, cookie, null);
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.text()).contains("tz must be a time zone");

        final Response csvZone = send("GET", PAGE + "/report.csv?tz=%3Cb%3E", "Bearer " + FINANCE_TOKEN, null, null);
        assertThat(csvZone.status()).isEqualTo(400);
        assertThat(csvZone.header("content-type")).startsWith("application/json");
        assertThat(csvZone.text()).contains("\"field\":\"tz\"");
    }

    /** Signs in as a browser does: the form first (its nonce is in a cookie and a hidden field), then the post. */
    private static Response signIn(final String token, final String next) {
        final Response form = send("GET", "/login", null, null, null);
        final String nonceCookie = form.header("set-cookie").substring(0, form.header("set-cookie").indexOf(';'));
        final String nonce = hidden(form.text(), "nonce");
        final String body = "nonce=" + URLEncoder.encode(nonce, StandardCharsets.UTF_8) + "&token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                + (next == null ? "" : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        return send("POST", "/login", null, nonceCookie, body);
    }

    /** The value of the hidden form field {@code name} in {@code html}. */
    private static String hidden(final String html, final String name) {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("name=\"" + name + "\" value=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).as("a hidden %s field in %s", name, html).isTrue();
        return m.group(1);
    }

    private static String cookieOf(final Response login) {
        assertThat(login.status()).isEqualTo(303);
        final String setCookie = login.header("set-cookie");
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    record Response(int status, Map<String, List<String>> headers, byte[] body) {

        String header(final String name) {
            final List<String> values = headers.get(name);
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static Response send(final String method, final String path, final String authorization, final String cookie,
                                 final String body) {
        final HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        if (cookie != null) {
            builder.header("Cookie", cookie);
        }
        if (body != null && path.startsWith("/log")) {
            builder.header("Content-Type", "application/x-www-form-urlencoded");
        } else if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        try {
            final HttpResponse<byte[]> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), new java.util.TreeMap<>(lowerCase(response.headers().map())), response.body());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<String>> lowerCase(final Map<String, List<String>> headers) {
        final Map<String, List<String>> lower = new HashMap<>();
        headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(java.util.Locale.ROOT), n -> new ArrayList<>()).addAll(values));
        return lower;
    }
}

package ledger.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.gateway.notification.Signature;

/**
 * The seed's "test top-up", done the way the mobile app and CloudPayments do it: connect the demo
 * organization's CloudPayments account, open a shift for the demo club, send a correctly signed Pay
 * notification in CloudPayments' form encoding, then show the customer's balance and the shift report.
 *
 * <p>The demo pays with a test card ({@code TestMode=1}), so its money is test money: the ledger keeps it in the
 * customer's {@code testBalances}, apart from the live {@code balances}, and the demo shows the two apart.
 */
final class DemoTopUp {

    static final String ORG = "demo-org";
    static final String CLUB = "club-1";
    static final String CUSTOMER = "customer-42";
    static final String PUBLIC_ID = "pk_demo0000000000000000000000000";
    static final String API_SECRET = "demo-api-secret-0123456789";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Pause between polls of the ledger and the report: short against the one-second target, gentle on two cores. */
    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();
    private static final DateTimeFormatter CLOUDPAYMENTS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String gatewayUrl;
    private final String ledgerUrl;
    private final String reportUrl;
    private final String adminToken;
    private final PrintStream out;

    DemoTopUp(final String gatewayUrl, final String ledgerUrl, final String reportUrl, final String adminToken, final PrintStream out) {
        this.gatewayUrl = gatewayUrl;
        this.ledgerUrl = ledgerUrl;
        this.reportUrl = reportUrl;
        this.adminToken = adminToken;
        this.out = out;
    }

    /** What the demo saw, for tests and for the closing summary. */
    record Result(long transactionId, String shiftId, JsonNode balance, JsonNode report, long creditVisibleAfterMs) {
    }

    Result run(final long transactionId, final long amountMinor, final int deliveries) throws IOException, InterruptedException {
        out.println("1. Connecting " + ORG + " to CloudPayments (public id " + PUBLIC_ID + ") in test mode");
        // The demo pays with a test card, which an organization in LIVE mode credits nothing for; a new connection is
        // in TEST mode anyway, but a demo-org someone switched to LIVE in an earlier run is set back. The demo runs
        // offline, where CloudPayments cannot verify its made-up credentials: the save is forced (stored UNVERIFIED).
        final JsonNode integration = send("PUT", gatewayUrl + "/organizations/" + ORG + "/integrations/cloudpayments",
                "{\"publicId\":\"" + PUBLIC_ID + "\",\"apiSecret\":\"" + API_SECRET + "\",\"currency\":\"RUB\",\"minTopUp\":\"10.00\",\"maxTopUp\":\"50000.00\","
                        + "\"mode\":\"TEST\",\"force\":true}", 200);
        out.println("   status " + integration.path("status").asText() + ", mode " + integration.path("mode").asText() + "; Pay webhook URL " + integration.path("webhookUrls").path("pay").asText());

        final String shiftId = openShift();
        out.println("2. Shift " + shiftId + " is open for " + CLUB);

        final long balanceBefore = testBalanceMinor();
        final String body = FormEncoding.encode(payNotification(transactionId, amountMinor));
        final String signature = Signature.sign(API_SECRET, body.getBytes(StandardCharsets.UTF_8));
        out.println("3. CloudPayments sends a signed Pay for transaction " + transactionId + " (" + decimal(amountMinor) + " RUB)"
                + (deliveries > 1 ? ", delivered " + deliveries + " times" : ""));
        long answeredAt = 0;
        for (int i = 0; i < deliveries; i++) {
            final HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/cloudpayments/" + ORG + "/pay"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Content-HMAC", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            answeredAt = System.nanoTime();
            out.println("   gateway answered HTTP " + reply.statusCode() + " " + reply.body());
            if (reply.statusCode() != 200 || !reply.body().replace(" ", "").equals("{\"code\":0}")) {
                throw new IllegalStateException("the gateway did not accept the Pay: HTTP " + reply.statusCode() + " " + reply.body());
            }
        }

        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode balance = null;
        while (System.nanoTime() < deadline) {
            balance = balanceJson();
            if (balance != null && rubIn(balance.path("testBalances")) >= balanceBefore + amountMinor) {
                break;
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        final long visibleAfterMs = Duration.ofNanos(System.nanoTime() - answeredAt).toMillis();
        if (balance == null || rubIn(balance.path("testBalances")) < balanceBefore + amountMinor) {
            throw new IllegalStateException("the test balance was not credited within 30 s: " + balance);
        }
        out.println("4. Balances of " + CUSTOMER + " (credited " + visibleAfterMs + " ms after the gateway answered):");
        out.println("   live money:  " + describe(balance.path("balances")));
        out.println("   test money:  " + describe(balance.path("testBalances")) + "   (+" + decimal(amountMinor)
                + " RUB from this top-up: a test card, TestMode=1, is never live money)");

        final long reportDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode report = send("GET", reportUrl + "/orgs/" + ORG + "/shifts/" + shiftId + "/report", null, 200);
        while (!lists(report, transactionId)) {
            if (System.nanoTime() > reportDeadline) {
                throw new IllegalStateException("the shift report does not list transaction " + transactionId + " after 30 s: " + report);
            }
            LockSupport.parkNanos(POLL_NANOS);
            report = send("GET", reportUrl + "/orgs/" + ORG + "/shifts/" + shiftId + "/report", null, 200);
        }
        out.println("5. Shift report " + shiftId + ":");
        out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        return new Result(transactionId, shiftId, balance, report, visibleAfterMs);
    }

    private static boolean lists(final JsonNode report, final long transactionId) {
        for (final JsonNode line : report.path("payments")) {
            if (line.path("transactionId").asLong() == transactionId) {
                return true;
            }
        }
        return false;
    }

    private Map<String, String> payNotification(final long transactionId, final long amountMinor) {
        final String amount = decimal(amountMinor);
        final Map<String, String> p = new LinkedHashMap<>();
        p.put("TransactionId", Long.toString(transactionId));
        p.put("Amount", amount);
        p.put("Currency", "RUB");
        p.put("PaymentAmount", amount);
        p.put("PaymentCurrency", "RUB");
        p.put("OperationType", "Payment");
        p.put("InvoiceId", "app-" + transactionId);
        p.put("AccountId", CUSTOMER);
        p.put("SubscriptionId", "");
        p.put("Name", "");
        p.put("Email", "");
        p.put("DateTime", CLOUDPAYMENTS_TIME.format(Instant.now()));
        p.put("IpAddress", "127.0.0.1");
        p.put("CardFirstSix", "424242");
        p.put("CardLastFour", "4242");
        p.put("CardType", "Visa");
        p.put("CardExpDate", "12/30");
        p.put("Issuer", "CloudPayments");
        p.put("IssuerBankCountry", "RU");
        p.put("Description", "Пополнение игрового баланса");
        p.put("AuthCode", "A1B2C3");
        p.put("TestMode", "1");
        p.put("Status", "Completed");
        p.put("GatewayName", "Test");
        p.put("Data", "{\"clubId\":\"" + CLUB + "\"}");
        p.put("TotalFee", "0.00");
        p.put("CardProduct", "I");
        p.put("PaymentMethod", "");
        return p;
    }

    private String openShift() throws IOException, InterruptedException {
        final java.time.LocalDate today = java.time.LocalDate.now(ZoneOffset.UTC);
        final JsonNode shifts = send("GET", reportUrl + "/orgs/" + ORG + "/clubs/" + CLUB + "/shifts?from=" + today.minusDays(90) + "&to=" + today, null, 200);
        for (final JsonNode listed : shifts.path("shifts")) {
            final JsonNode shift = listed.path("shift");
            if ("OPEN".equals(shift.path("status").asText())) {
                return shift.path("shiftId").asText();
            }
        }
        // Opened a minute ago, as a club admin would have at the start of the day: CloudPayments' DateTime has
        // whole seconds, so a shift opened in the same second could start after the payment's time.
        final String openedAt = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return send("POST", reportUrl + "/orgs/" + ORG + "/clubs/" + CLUB + "/shifts/open",
                "{\"actor\":\"demo\",\"openedAt\":\"" + openedAt + "\"}", 201).path("shiftId").asText();
    }

    /** The customer's test-money RUB balance now (0 while the ledger has none), so a repeated demo waits for its own credit. */
    private long testBalanceMinor() throws IOException, InterruptedException {
        final JsonNode balance = balanceJson();
        return balance == null ? 0 : rubIn(balance.path("testBalances"));
    }

    /** The RUB amount in one of the ledger's balance lists ({@code balances} or {@code testBalances}), 0 when absent. */
    private static long rubIn(final JsonNode amounts) {
        for (final JsonNode amount : amounts) {
            if ("RUB".equals(amount.path("currency").asText())) {
                return amount.path("balanceMinor").asLong();
            }
        }
        return 0;
    }

    /** Minor units of RUB as CloudPayments writes amounts: {@code 100.00}. */
    private static String decimal(final long amountMinor) {
        return amountMinor / 100 + "." + String.format(java.util.Locale.ROOT, "%02d", amountMinor % 100);
    }

    /** A balance list for people: {@code 100.00 RUB}, several currencies joined, or {@code none}. */
    private static String describe(final JsonNode amounts) {
        final StringBuilder text = new StringBuilder();
        for (final JsonNode amount : amounts) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(amount.path("balance").asText()).append(' ').append(amount.path("currency").asText());
        }
        return text.isEmpty() ? "none" : text.toString();
    }

    private JsonNode balanceJson() throws IOException, InterruptedException {
        // Balances need a credential that reads them: the operator's holds every permission.
        final HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(ledgerUrl + "/balances/" + ORG + "/" + CUSTOMER))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + adminToken).GET().build(), HttpResponse.BodyHandlers.ofString());
        return reply.statusCode() == 200 ? JSON.readTree(reply.body()) : null;
    }

    private JsonNode send(final String method, final String url, final String json, final int expected) throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        final HttpResponse<String> reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (reply.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered HTTP " + reply.statusCode() + ": " + reply.body());
        }
        return JSON.readTree(reply.body());
    }

    /** The customer's balance as the ledger reports it now, or null while it has none. */
    JsonNode balanceJsonForTest() throws IOException, InterruptedException {
        return balanceJson();
    }

    /** The shift's report as the report service shows it now. */
    JsonNode reportForTest(final String shiftId) throws IOException, InterruptedException {
        return send("GET", reportUrl + "/orgs/" + ORG + "/shifts/" + shiftId + "/report", null, 200);
    }
}

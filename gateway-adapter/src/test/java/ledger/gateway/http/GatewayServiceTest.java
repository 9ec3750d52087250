package ledger.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.embedded.SharedInfrastructure;
import ledger.events.NotificationKind;
import ledger.events.OrgMode;
import ledger.events.PaymentEvent;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.gateway.notification.Signature;
import ledger.schemas.serde.MockSchemaRegistry;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway as CloudPayments and an admin see it, on the real embedded broker with a fake CloudPayments API:
 * connecting organizations, accepting signed notifications only after Kafka has them, and refusing bad input
 * with a clear JSON error and nothing published.
 */
class GatewayServiceTest {

    private static final String PREFIX = "gw-test-";
    private static final String SCOPE = "GatewayServiceTest";
    private static final String ADMIN = "admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * How long an accepted event may take to be read back. It takes milliseconds; the bound is generous because the
     * machine may be busy with other builds (and the first poll joins the consumer group), and a condition met early
     * ends the wait early.
     */
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    private static FakeCloudPaymentsApi cloudPayments;
    private static GatewayService gateway;
    private static String url;
    private static KafkaConsumer<String, PaymentEvent> payments;

    @BeforeAll
    static void start() {
        cloudPayments = new FakeCloudPaymentsApi();
        gateway = GatewayService.start(GatewayConfig.fromEnv(
                TestGateways.env(SharedInfrastructure.kafka().bootstrapServers(), SCOPE, PREFIX, ADMIN, cloudPayments)));
        url = "http://127.0.0.1:" + gateway.port();
        final Topics topics = Topics.create(PREFIX, Map.of("schema.registry.url", "mock://" + SCOPE));
        payments = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "gateway-service-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), topics.payments().valueSerde().deserializer());
        payments.subscribe(Set.of(topics.payments().name()));
    }

    @AfterAll
    static void stop() {
        payments.close();
        gateway.close();
        cloudPayments.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private static HttpResponse<String> call(final String method, final String path, final String body, final Map<String, String> headers)
            throws IOException, InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode connect(final String org, final String publicId, final String secret) throws Exception {
        final HttpResponse<String> reply = save(org, publicId, secret, "");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    /** A save of the connection, whatever its answer; {@code more} is added to the JSON body, e.g. {@code ,"force":true}. */
    private static HttpResponse<String> save(final String org, final String publicId, final String secret, final String more) throws Exception {
        return call("PUT", "/orgs/" + org + "/integrations/cloudpayments",
                "{\"publicId\":\"" + publicId + "\",\"apiSecret\":\"" + secret + "\",\"currency\":\"RUB\",\"minTopUp\":\"10.00\",\"maxTopUp\":\"5000.00\"" + more + "}",
                Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json"));
    }

    private static String pay(final long txn, final String amount, final String account) {
        return "TransactionId=" + txn + "&Amount=" + amount + "&Currency=RUB&PaymentAmount=" + amount + "&PaymentCurrency=RUB"
                + "&OperationType=Payment&InvoiceId=&AccountId=" + account + "&DateTime=2026-11-20+10%3a15%3a00"
                + "&CardFirstSix=424242&CardLastFour=4242&CardType=Visa&CardExpDate=12%2f30&TestMode=1&Status=Completed"
                + "&GatewayName=Test&Data=%7b%22clubId%22%3a%22club-7%22%7d&TotalFee=0.00";
    }

    /** A Check: a Pay's fields without those only a Pay carries (the acquiring bank, its fee), as no card is charged yet. */
    private static String check(final long txn, final String amount, final String account) {
        return pay(txn, amount, account).replace("&GatewayName=Test", "").replace("&TotalFee=0.00", "");
    }

    private static HttpResponse<String> webhook(final String org, final String type, final String body, final String secret)
            throws IOException, InterruptedException {
        final Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        if (secret != null) {
            headers.put("Content-HMAC", Signature.sign(secret, body.getBytes(StandardCharsets.UTF_8)));
        }
        return call("POST", "/cloudpayments/" + org + "/" + type, body, headers);
    }

    private static List<PaymentEvent> drain(final Duration wait) {
        final List<PaymentEvent> events = new ArrayList<>();
        final long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            for (final ConsumerRecord<String, PaymentEvent> r : payments.poll(Duration.ofMillis(100))) {
                events.add(r.value());
            }
        }
        return events;
    }

    @Test
    void connectingVerifiesWithCloudPaymentsAndNeverShowsTheSecret() throws Exception {
        cloudPayments.accept("pk_good", "good-secret");
        final JsonNode connected = connect("org-connect", "pk_good", "good-secret");
        assertThat(connected.path("status").asText()).isEqualTo("CONNECTED");
        assertThat(connected.path("webhookUrls").path("pay").asText()).endsWith("/cloudpayments/org-connect/pay");
        assertThat(connected.path("webhookUrls").size()).isEqualTo(7);
        assertThat(connected.toString()).doesNotContain("good-secret");

        final HttpResponse<String> refused = save("org-connect", "pk_good", "wrong-secret", "");
        assertThat(refused.statusCode()).as("a refused save changes nothing").isEqualTo(422);
        assertThat(JSON.readTree(refused.body()).path("status").asText()).isEqualTo("INVALID_CREDENTIALS");
        assertThat(JSON.readTree(refused.body()).path("current").path("status").asText()).isEqualTo("CONNECTED");
        assertThat(refused.body()).doesNotContain("wrong-secret").doesNotContain("good-secret");

        final HttpResponse<String> shown = call("GET", "/organizations/org-connect/integrations/cloudpayments", null, Map.of("Authorization", "Bearer " + ADMIN));
        assertThat(shown.statusCode()).isEqualTo(200);
        assertThat(shown.body()).doesNotContain("secret\":").doesNotContain("wrong-secret");

        assertThat(call("GET", "/organizations/org-connect/integrations/cloudpayments", null, Map.of()).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/organizations/org-connect/integrations/cloudpayments", null, Map.of("Authorization", "Bearer nope")).statusCode()).isEqualTo(401);
        assertThat(call("DELETE", "/organizations/org-connect/integrations/cloudpayments", null, Map.of("Authorization", "Bearer " + ADMIN)).statusCode()).isEqualTo(204);
        assertThat(call("GET", "/organizations/org-connect/integrations/cloudpayments", null, Map.of("Authorization", "Bearer " + ADMIN)).statusCode()).isEqualTo(404);
    }

    @Test
    void aSaveWhileCloudPaymentsIsUnreachableIsRefusedUnlessForcedAndAForcedOneIsVerifiedOnceItAnswers() throws Exception {
        cloudPayments.down(true);
        try {
            final HttpResponse<String> refused = save("org-offline", "pk_x", "some-secret", "");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(JSON.readTree(refused.body()).path("status").asText()).isEqualTo("UNREACHABLE");
            assertThat(call("GET", "/orgs/org-offline/integrations/cloudpayments", null, Map.of("Authorization", "Bearer " + ADMIN)).statusCode())
                    .as("nothing was stored").isEqualTo(404);

            final HttpResponse<String> forced = save("org-offline", "pk_x", "some-secret", ",\"force\":true");
            assertThat(forced.statusCode()).as(forced.body()).isEqualTo(200);
            assertThat(JSON.readTree(forced.body()).path("status").asText()).isEqualTo("UNVERIFIED");
            assertThat(webhook("org-offline", "pay", pay(9101, "10.00", "c"), "some-secret").statusCode())
                    .as("an unverified connection verifies webhooks").isEqualTo(200);
            assertThat(call("POST", "/orgs/org-offline/integrations/cloudpayments/verify", null, Map.of("Authorization", "Bearer " + ADMIN)).statusCode())
                    .isEqualTo(503);
        } finally {
            cloudPayments.down(false);
        }
        cloudPayments.accept("pk_x", "some-secret");
        final HttpResponse<String> verified = call("POST", "/orgs/org-offline/integrations/cloudpayments/verify", null,
                Map.of("Authorization", "Bearer " + ADMIN));
        assertThat(verified.statusCode()).as(verified.body()).isEqualTo(200);
        assertThat(JSON.readTree(verified.body()).path("status").asText()).isEqualTo("CONNECTED");
        assertThat(JSON.readTree(verified.body()).path("lastCheck").path("answer").asText()).isEqualTo("CONNECTED");
    }

    @Test
    void aSignedPayIsPublishedBeforeTheGatewayAnswersZero() throws Exception {
        cloudPayments.accept("pk_pay", "pay-secret");
        connect("org-pay", "pk_pay", "pay-secret");
        final HttpResponse<String> reply = webhook("org-pay", "pay", pay(9001, "150.00", "cust-1"), "pay-secret");
        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"code\":0}");
        // Answered 0 means acknowledged by Kafka: it is readable right away.
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(drain(Duration.ofMillis(300)))
                .anySatisfy(e -> {
                    assertThat(e.getEventId()).isEqualTo("org-pay:PAY:9001");
                    assertThat(e.getKind()).isEqualTo(NotificationKind.PAY);
                    assertThat(e.getAmountMinor()).isEqualTo(15_000);
                    assertThat(e.getCustomerId()).isEqualTo("cust-1");
                    assertThat(e.getClubId()).isEqualTo("club-7");
                    assertThat(e.getTestMode()).isTrue();
                    assertThat(e.getOrgMode()).isEqualTo(OrgMode.TEST);
                    assertThat(e.getCheckCode()).isNull();
                    assertThat(e.getBodyMismatch()).isNull();
                }));
        final JsonNode shown = JSON.readTree(call("GET", "/organizations/org-pay/integrations/cloudpayments", null, Map.of("Authorization", "Bearer " + ADMIN)).body());
        assertThat(shown.path("mode").asText()).isEqualTo("TEST");
        assertThat(shown.path("lastNotification").path("testMode").asBoolean()).isTrue();
    }

    @Test
    void aDateTimeAheadOfOurClockIsKeptInTheEventButNotUsedAsTheRecordTimestamp() throws Exception {
        // The broker refuses records more than an hour in its future; a payment must not be refused on every retry
        // because CloudPayments' clock (or the DateTime it sends) is ahead of ours.
        cloudPayments.accept("pk_skew", "skew-secret");
        connect("org-skew", "pk_skew", "skew-secret");
        final Instant future = Instant.now().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        final String body = pay(9601, "30.00", "cust-skew").replace("DateTime=2026-11-20+10%3a15%3a00",
                "DateTime=" + DateTimeFormatter.ofPattern("yyyy-MM-dd+HH'%3a'mm'%3a'ss").withZone(ZoneOffset.UTC).format(future));
        final Instant sentAt = Instant.now();
        final HttpResponse<String> reply = webhook("org-skew", "pay", body, "skew-secret");
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"code\":0}");
        final List<ConsumerRecord<String, PaymentEvent>> records = new ArrayList<>();
        await().atMost(EVENTUALLY).until(() -> {
            payments.poll(Duration.ofMillis(200)).forEach(r -> {
                if (r.value().getEventId().toString().equals("org-skew:PAY:9601")) {
                    records.add(r);
                }
            });
            return !records.isEmpty();
        });
        assertThat(records.get(0).value().getOccurredAt()).isEqualTo(future);
        assertThat(records.get(0).timestamp()).isBetween(sentAt.toEpochMilli() - 1_000, Instant.now().toEpochMilli());
    }

    @Test
    void badSignaturesAndBadInputAreRefusedWithJsonAndNothingIsPublished() throws Exception {
        cloudPayments.accept("pk_bad", "bad-secret");
        connect("org-bad", "pk_bad", "bad-secret");
        drain(Duration.ofMillis(300));

        final HttpResponse<String> unsigned = webhook("org-bad", "pay", pay(9101, "10.00", "c"), null);
        assertThat(unsigned.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(unsigned.body()).has("error")).isTrue();
        assertThat(webhook("org-bad", "pay", pay(9102, "10.00", "c"), "another-secret").statusCode()).isEqualTo(401);

        final HttpResponse<String> badAmount = webhook("org-bad", "pay", pay(9103, "12,50", "c"), "bad-secret");
        assertThat(badAmount.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badAmount.body()).path("field").asText()).isEqualTo("Amount");

        final HttpResponse<String> badDate = webhook("org-bad", "pay", pay(9107, "10.00", "c").replace("2026-11-20+10%3a15%3a00", "20.11.2026"), "bad-secret");
        assertThat(badDate.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badDate.body()).path("field").asText()).isEqualTo("DateTime");

        final HttpResponse<String> noTransaction = webhook("org-bad", "pay", pay(9108, "10.00", "c").replace("TransactionId=9108", "TransactionId="), "bad-secret");
        assertThat(noTransaction.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noTransaction.body()).path("field").asText()).isEqualTo("TransactionId");
        assertThat(noTransaction.body()).doesNotContain("Exception").doesNotContain("\tat ");

        assertThat(webhook("org-bad", "payout", pay(9104, "10.00", "c"), "bad-secret").statusCode()).isEqualTo(404);
        assertThat(webhook("org-unknown", "pay", pay(9105, "10.00", "c"), "bad-secret").statusCode()).isEqualTo(404);

        final String huge = pay(9106, "10.00", "c") + "&Description=" + "x".repeat(70_000);
        final HttpResponse<String> tooLarge = webhook("org-bad", "pay", huge, "bad-secret");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).startsWith("{");

        assertThat(drain(Duration.ofMillis(800))).noneMatch(e -> e.getOrgId().equals("org-bad"));
    }

    @Test
    void aWrongContentHmacIsRefusedEvenWithARightXContentHmacAndARightXContentHmacAloneIsAccepted() throws Exception {
        cloudPayments.accept("pk_xhmac", "xhmac-secret");
        connect("org-xhmac", "pk_xhmac", "xhmac-secret");
        final String forged = pay(9701, "10.00", "c");
        final HttpResponse<String> refused = call("POST", "/cloudpayments/org-xhmac/pay", forged, Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "Content-HMAC", Signature.sign("guessed-secret", forged.getBytes(StandardCharsets.UTF_8)),
                "X-Content-HMAC", Signature.signDecoded("xhmac-secret", forged.getBytes(StandardCharsets.UTF_8))));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).has("error")).isTrue();

        final String decodedOnly = pay(9702, "10.00", "c");
        final HttpResponse<String> accepted = call("POST", "/cloudpayments/org-xhmac/pay", decodedOnly, Map.of(
                "Content-Type", "application/x-www-form-urlencoded",
                "X-Content-HMAC", Signature.signDecoded("xhmac-secret", decodedOnly.getBytes(StandardCharsets.UTF_8))));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
        assertThat(accepted.body()).isEqualTo("{\"code\":0}");

        final List<String> published = new ArrayList<>();
        await().atMost(EVENTUALLY).until(() -> {
            payments.poll(Duration.ofMillis(200)).forEach(r -> {
                if (r.value().getOrgId().equals("org-xhmac")) {
                    published.add(r.value().getEventId());
                }
            });
            return published.contains("org-xhmac:PAY:9702");
        });
        assertThat(published).doesNotContain("org-xhmac:PAY:9701");
    }

    @Test
    void aBodyOfAnotherTypeIsDeclinedAtTheCheckUrlAndElsewhereRecordedWithItsMismatchAndCounted() throws Exception {
        cloudPayments.accept("pk_shape", "shape-secret");
        connect("org-shape", "pk_shape", "shape-secret");
        // A genuine, signed Fail body: the URL it is sent to is not signed.
        final String fail = check(9801, "100.00", "cust-shape") + "&Reason=InsufficientFunds&ReasonCode=5051";

        final HttpResponse<String> asPay = webhook("org-shape", "pay", fail, "shape-secret");
        assertThat(asPay.statusCode()).isEqualTo(200);
        assertThat(asPay.body()).as("CloudPayments would retry anything else").isEqualTo("{\"code\":0}");
        final HttpResponse<String> asCheck = webhook("org-shape", "check", fail, "shape-secret");
        assertThat(asCheck.statusCode()).isEqualTo(200);
        assertThat(asCheck.body()).isEqualTo("{\"code\":13}");
        assertThat(webhook("org-shape", "fail", fail, "shape-secret").body()).isEqualTo("{\"code\":0}");

        final Map<String, PaymentEvent> published = new HashMap<>();
        await().atMost(EVENTUALLY).until(() -> {
            payments.poll(Duration.ofMillis(200)).forEach(r -> published.put(r.value().getEventId(), r.value()));
            return published.keySet().containsAll(List.of("org-shape:PAY:9801", "org-shape:CHECK:9801", "org-shape:FAIL:9801"));
        });
        assertThat(published.get("org-shape:PAY:9801").getBodyMismatch()).isEqualTo("a Pay body carrying Reason, ReasonCode (fields of a Fail)");
        assertThat(published.get("org-shape:CHECK:9801").getBodyMismatch()).isEqualTo("a Check body carrying Reason, ReasonCode (fields of a Fail)");
        assertThat(published.get("org-shape:CHECK:9801").getCheckCode()).isEqualTo(13);
        assertThat(published.get("org-shape:FAIL:9801").getBodyMismatch()).isNull();

        assertThat(call("GET", "/metrics", null, Map.of()).statusCode()).as("metrics are for operators").isEqualTo(401);
        final String metrics = call("GET", "/metrics", null, Map.of("Authorization", "Bearer " + ADMIN)).body();
        assertThat(metrics).containsPattern("gateway_webhooks_total\\{[^}]*outcome=\"mismatch\"[^}]*type=\"pay\"[^}]*} 1\\.0")
                .containsPattern("gateway_webhooks_total\\{[^}]*outcome=\"mismatch\"[^}]*type=\"check\"[^}]*} 1\\.0");
    }

    @Test
    void checkAnswersADecisionCodeAlwaysAsJson() throws Exception {
        cloudPayments.accept("pk_check", "check-secret");
        connect("org-check", "pk_check", "check-secret");
        assertThat(webhook("org-check", "check", check(9201, "100.00", "cust-2"), "check-secret").body()).isEqualTo("{\"code\":0}");
        final HttpResponse<String> tooBig = webhook("org-check", "check", check(9202, "9999.00", "cust-2"), "check-secret");
        assertThat(tooBig.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(tooBig.body()).path("code").asInt()).isEqualTo(12);
        final HttpResponse<String> noAccount = webhook("org-check", "check", check(9203, "100.00", ""), "check-secret");
        assertThat(JSON.readTree(noAccount.body()).path("code").asInt()).isEqualTo(11);
    }

    @Test
    void eachSecretChangeTakesEffectForTheVeryNextWebhook() throws Exception {
        // Every change of secret counts from the next webhook on: the previous one stays valid for one change only
        // (and for the rotation window at most, which SecretRotationTest crosses with a clock of its own).
        cloudPayments.accept("pk_chg", "first-secret");
        connect("org-chg", "pk_chg", "first-secret");
        assertThat(webhook("org-chg", "pay", pay(9501, "10.00", "c"), "first-secret").statusCode()).isEqualTo(200);
        cloudPayments.accept("pk_chg", "second-secret");
        connect("org-chg", "pk_chg", "second-secret");
        assertThat(webhook("org-chg", "pay", pay(9502, "10.00", "c"), "second-secret").statusCode()).isEqualTo(200);
        assertThat(webhook("org-chg", "pay", pay(9503, "10.00", "c"), "first-secret").statusCode()).isEqualTo(200);
        cloudPayments.accept("pk_chg", "third-secret");
        connect("org-chg", "pk_chg", "third-secret");
        assertThat(webhook("org-chg", "pay", pay(9504, "10.00", "c"), "first-secret").statusCode()).isEqualTo(401);
        assertThat(webhook("org-chg", "pay", pay(9505, "10.00", "c"), "second-secret").statusCode()).isEqualTo(200);
        assertThat(webhook("org-chg", "pay", pay(9506, "10.00", "c"), "third-secret").statusCode()).isEqualTo(200);
        assertThat(save("org-chg", "pk_chg", "refused-secret", "").statusCode()).isEqualTo(422);
        assertThat(webhook("org-chg", "pay", pay(9507, "10.00", "c"), "third-secret").statusCode())
                .as("a refused save leaves the working connection working").isEqualTo(200);
        assertThat(call("DELETE", "/organizations/org-chg/integrations/cloudpayments", null, Map.of("Authorization", "Bearer " + ADMIN)).statusCode()).isEqualTo(204);
        assertThat(webhook("org-chg", "pay", pay(9508, "10.00", "c"), "third-secret").statusCode()).isEqualTo(404);
    }

    @Test
    void getNotificationsAreVerifiedOverTheRawQueryString() throws Exception {
        cloudPayments.accept("pk_get", "get-secret");
        connect("org-get", "pk_get", "get-secret");
        final String query = pay(9401, "20.00", "cust-3");
        final HttpResponse<String> reply = call("GET", "/cloudpayments/org-get/pay?" + query, null,
                Map.of("Content-HMAC", Signature.sign("get-secret", query.getBytes(StandardCharsets.US_ASCII))));
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(reply.body()).isEqualTo("{\"code\":0}");
    }
}

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
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.embedded.SharedInfrastructure;
import ledger.events.OrgMode;
import ledger.events.PaymentEvent;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.gateway.notification.Signature;
import ledger.platform.MutableClock;
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
 * The TEST/LIVE mode an organization's admin sets, as the admin and CloudPayments see it over HTTP: LIVE declines
 * test cards at the Check and still answers their other notifications {@code {"code":0}}; every event carries the
 * mode at receipt (and a Check its answer) for the ledger; TEST shows a warning once live payments arrive.
 */
class OrganizationModeTest {

    private static final String PREFIX = "gw-mode-";
    private static final String SCOPE = "OrganizationModeTest";
    private static final String ADMIN = "admin-token-mode-0123456";
    private static final String SECRET = "mode-secret";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static FakeCloudPaymentsApi cloudPayments;
    private static GatewayService gateway;
    private static KafkaConsumer<String, PaymentEvent> payments;
    private static final Map<String, PaymentEvent> published = new HashMap<>();

    @BeforeAll
    static void start() {
        cloudPayments = new FakeCloudPaymentsApi();
        gateway = GatewayService.start(GatewayConfig.fromEnv(
                TestGateways.env(SharedInfrastructure.kafka().bootstrapServers(), SCOPE, PREFIX, ADMIN, cloudPayments)), clock);
        final Topics topics = Topics.create(PREFIX, Map.of("schema.registry.url", "mock://" + SCOPE));
        payments = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "organization-mode-test",
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

    @Test
    void aNewConnectionIsInTestModeAndTheAdminSetsLiveOrTestAndNothingElse() throws Exception {
        final JsonNode connected = connect("org-set", null);
        assertThat(connected.path("mode").asText()).isEqualTo("TEST");
        assertThat(connected.path("modeChangedAt").asText()).isEqualTo(clock.instant().toString());
        assertThat(connected.path("lastNotification").isNull()).isTrue();
        assertThat(connected.path("warnings").isArray()).isTrue();
        assertThat(connected.path("warnings")).isEmpty();

        clock.advance(Duration.ofMinutes(1));
        final HttpResponse<String> live = putMode("org-set", "{\"mode\":\"LIVE\"}", ADMIN);
        assertThat(live.statusCode()).as(live.body()).isEqualTo(200);
        assertThat(JSON.readTree(live.body()).path("mode").asText()).isEqualTo("LIVE");
        assertThat(JSON.readTree(live.body()).path("modeChangedAt").asText()).isEqualTo(clock.instant().toString());
        assertThat(shown("org-set").path("mode").asText()).isEqualTo("LIVE");
        // Reconnecting without a mode (or with a null one) keeps it; with one, sets it.
        assertThat(connect("org-set", null).path("mode").asText()).isEqualTo("LIVE");
        final HttpResponse<String> nullMode = HTTP.send(HttpRequest.newBuilder(uri("/organizations/org-set/integrations/cloudpayments"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"publicId\":\"pk_org-set\",\"apiSecret\":\"" + SECRET + "\",\"mode\":null}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(JSON.readTree(nullMode.body()).path("mode").asText()).as(nullMode.body()).isEqualTo("LIVE");
        assertThat(connect("org-set", "TEST").path("mode").asText()).isEqualTo("TEST");

        for (final String bad : new String[] {"{\"mode\":\"live\"}", "{\"mode\":\"PRODUCTION\"}", "{\"mode\":1}", "{}", "{\"mode\":null}",
                "[\"LIVE\"]", "LIVE"}) {
            final HttpResponse<String> refused = putMode("org-set", bad, ADMIN);
            assertThat(refused.statusCode()).as(bad).isEqualTo(400);
            assertThat(JSON.readTree(refused.body()).path("field").asText()).as(bad).isEqualTo("mode");
            assertThat(JSON.readTree(refused.body()).path("error").asText()).as(bad).contains("TEST").contains("LIVE");
        }
        final HttpResponse<String> badConnect = HTTP.send(HttpRequest.newBuilder(uri("/organizations/org-set/integrations/cloudpayments"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"publicId\":\"pk_org-set\",\"apiSecret\":\"" + SECRET + "\",\"mode\":\"Live\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(badConnect.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(badConnect.body()).path("field").asText()).isEqualTo("mode");
        assertThat(shown("org-set").path("mode").asText()).as("unchanged by refused requests").isEqualTo("TEST");

        final HttpResponse<String> unknown = putMode("org-nobody", "{\"mode\":\"LIVE\"}", ADMIN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).has("error")).isTrue();
        assertThat(putMode("org-set", "{\"mode\":\"LIVE\"}", "not-the-admin").statusCode()).isEqualTo(401);
    }

    @Test
    void aLiveOrganizationDeclinesTestCardsAtTheCheckAndRecordsTheRestForTheLedgerToRefuse() throws Exception {
        connect("org-live", null);
        assertThat(putMode("org-live", "{\"mode\":\"LIVE\"}", ADMIN).statusCode()).isEqualTo(200);

        assertThat(webhook("org-live", "check", 9901, true).body()).isEqualTo("{\"code\":13}");
        assertThat(webhook("org-live", "check", 9902, false).body()).isEqualTo("{\"code\":0}");
        for (final String type : new String[] {"pay", "confirm", "fail"}) {
            final HttpResponse<String> answer = webhook("org-live", type, 9903, true);
            assertThat(answer.statusCode()).as(type).isEqualTo(200);
            assertThat(answer.body()).as(type + ": CloudPayments would retry anything else").isEqualTo("{\"code\":0}");
        }

        final PaymentEvent declinedCheck = awaitPublished("org-live:CHECK:9901");
        assertThat(declinedCheck.getOrgMode()).isEqualTo(OrgMode.LIVE);
        assertThat(declinedCheck.getCheckCode()).isEqualTo(13);
        assertThat(awaitPublished("org-live:CHECK:9902").getCheckCode()).isZero();
        for (final String kind : new String[] {"PAY", "CONFIRM", "FAIL"}) {
            final PaymentEvent event = awaitPublished("org-live:" + kind + ":9903");
            assertThat(event.getOrgMode()).as(kind).isEqualTo(OrgMode.LIVE);
            assertThat(event.getTestMode()).as(kind).isTrue();
            assertThat(event.getCheckCode()).as("only a Check has a check code").isNull();
        }
        assertThat(shown("org-live").path("warnings")).isEmpty();
    }

    @Test
    void anOrganizationInTestModeTakesLiveCardsAndWarnsItsAdminUntilTheModeChanges() throws Exception {
        connect("org-test", null);
        assertThat(webhook("org-test", "check", 9911, true).body()).isEqualTo("{\"code\":0}");
        final PaymentEvent testCheck = awaitPublished("org-test:CHECK:9911");
        assertThat(testCheck.getOrgMode()).isEqualTo(OrgMode.TEST);
        assertThat(testCheck.getCheckCode()).isZero();
        assertThat(shown("org-test").path("warnings")).isEmpty();
        assertThat(shown("org-test").path("lastNotification").path("testMode").asBoolean()).isTrue();

        clock.advance(Duration.ofSeconds(1));
        final Instant livePayAt = clock.instant();
        assertThat(webhook("org-test", "pay", 9912, false).body()).isEqualTo("{\"code\":0}");
        assertThat(awaitPublished("org-test:PAY:9912").getOrgMode()).isEqualTo(OrgMode.TEST);
        final JsonNode warned = shown("org-test");
        assertThat(warned.path("livePaymentSeenInTestModeAt").asText()).isEqualTo(livePayAt.toString());
        assertThat(warned.path("warnings")).hasSize(1);
        assertThat(warned.path("warnings").get(0).asText()).isEqualTo("live payment seen while in test mode");
        assertThat(warned.path("lastNotification").path("at").asText()).isEqualTo(livePayAt.toString());
        assertThat(warned.path("lastNotification").path("testMode").asBoolean()).isFalse();
        // A test-mode notification afterwards does not make the live payment go away.
        clock.advance(Duration.ofSeconds(1));
        assertThat(webhook("org-test", "pay", 9913, true).body()).isEqualTo("{\"code\":0}");
        assertThat(shown("org-test").path("warnings")).hasSize(1);

        // The admin switches to LIVE: no warning. Back to TEST: the live payment came before that change, still none.
        clock.advance(Duration.ofSeconds(1));
        assertThat(JSON.readTree(putMode("org-test", "{\"mode\":\"LIVE\"}", ADMIN).body()).path("warnings")).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        final JsonNode backToTest = JSON.readTree(putMode("org-test", "{\"mode\":\"TEST\"}", ADMIN).body());
        assertThat(backToTest.path("warnings")).isEmpty();
        assertThat(backToTest.path("livePaymentSeenInTestModeAt").isNull()).isTrue();

        // A live Check counts as a live payment too.
        clock.advance(Duration.ofSeconds(1));
        assertThat(webhook("org-test", "check", 9914, false).body()).isEqualTo("{\"code\":0}");
        assertThat(shown("org-test").path("livePaymentSeenInTestModeAt").asText()).isEqualTo(clock.instant().toString());
    }

    private static JsonNode connect(final String org, final String mode) throws Exception {
        cloudPayments.accept("pk_" + org, SECRET);
        final HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(uri("/organizations/" + org + "/integrations/cloudpayments"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"publicId\":\"pk_" + org + "\",\"apiSecret\":\"" + SECRET + "\""
                        + (mode == null ? "" : ",\"mode\":\"" + mode + "\"") + "}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    private static HttpResponse<String> putMode(final String org, final String body, final String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri("/organizations/" + org + "/integrations/cloudpayments/mode"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode shown(final String org) throws IOException, InterruptedException {
        final HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(uri("/organizations/" + org + "/integrations/cloudpayments"))
                .header("Authorization", "Bearer " + ADMIN).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    /** A signed card notification of {@code type}: a Pay-shaped body, which every card type shares. */
    private static HttpResponse<String> webhook(final String org, final String type, final long txn, final boolean testMode)
            throws IOException, InterruptedException {
        final String body = "TransactionId=" + txn + "&Amount=100.00&Currency=RUB&PaymentAmount=100.00&PaymentCurrency=RUB"
                + "&OperationType=Payment&AccountId=cust-1&DateTime=2026-11-20+10%3a15%3a00&CardFirstSix=424242&CardLastFour=4242"
                + "&CardType=Visa&CardExpDate=12%2f30&TestMode=" + (testMode ? 1 : 0) + "&Status=Completed";
        return HTTP.send(HttpRequest.newBuilder(uri("/cloudpayments/" + org + "/" + type))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Content-HMAC", Signature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The event published with {@code eventId}, waiting for it (a Check is published after its answer). */
    private static PaymentEvent awaitPublished(final String eventId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (final ConsumerRecord<String, PaymentEvent> r : payments.poll(Duration.ofMillis(100))) {
                published.put(r.value().getEventId(), r.value());
            }
            return published.containsKey(eventId);
        });
        return published.get(eventId);
    }

    private static URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}

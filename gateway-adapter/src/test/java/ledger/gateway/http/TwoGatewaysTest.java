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
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.embedded.SharedInfrastructure;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.gateway.notification.Signature;
import ledger.gateway.organizations.Activity;
import ledger.platform.MutableClock;
import ledger.schemas.serde.MockSchemaRegistry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway instances behind one load balancer, as CloudPayments and an admin see them: what an admin changes
 * through one instance, and what one instance learns from CloudPayments' notifications, the other shows without
 * a restart.
 */
class TwoGatewaysTest {

    private static final String PREFIX = "gw-two-";
    private static final String SCOPE = "TwoGatewaysTest";
    private static final String ADMIN = "admin-token-two-gateways";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /**
     * How long a change may take to reach the other instance. It takes well under a second; the bound is generous
     * because the machine may be busy with other builds, and a condition met early ends the wait early.
     */
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);
    /**
     * Both instances' clock. The test moves it, so what is shared within {@link Activity#SHARE_EVERY} does not
     * depend on how fast a busy machine runs the test.
     */
    private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));

    private static FakeCloudPaymentsApi cloudPayments;
    private static GatewayService first;
    private static GatewayService second;

    @BeforeAll
    static void start() {
        cloudPayments = new FakeCloudPaymentsApi();
        // Both instances share the secret key, as every instance of one deployment does.
        final Map<String, String> env = TestGateways.env(SharedInfrastructure.kafka().bootstrapServers(), SCOPE, PREFIX, ADMIN, cloudPayments);
        first = GatewayService.start(GatewayConfig.fromEnv(env), clock);
        second = GatewayService.start(GatewayConfig.fromEnv(env), clock);
    }

    @AfterAll
    static void stop() {
        second.close();
        first.close();
        cloudPayments.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void anIntegrationChangedOnOneInstanceHoldsOnTheOtherWithoutARestart() throws Exception {
        cloudPayments.accept("pk_two", "secret-one");
        assertThat(connect(first, "org-two", "pk_two", "secret-one").path("status").asText()).isEqualTo("CONNECTED");
        await().atMost(EVENTUALLY).until(() -> webhook(second, "org-two", 7001, true, "secret-one").statusCode() == 200);

        cloudPayments.accept("pk_two", "secret-two");
        connect(first, "org-two", "pk_two", "secret-two");
        cloudPayments.accept("pk_two", "secret-three");
        connect(first, "org-two", "pk_two", "secret-three");
        // Two changes later the first secret is no longer valid anywhere, the third one is.
        await().atMost(EVENTUALLY).until(() -> webhook(second, "org-two", 7002, true, "secret-one").statusCode() == 401);
        assertThat(webhook(second, "org-two", 7003, true, "secret-three").statusCode()).isEqualTo(200);

        assertThat(call(first, "DELETE", "/organizations/org-two/integrations/cloudpayments").statusCode()).isEqualTo(204);
        await().atMost(EVENTUALLY).until(() -> webhook(second, "org-two", 7004, true, "secret-three").statusCode() == 404);
    }

    @Test
    void theModeTheLastNotificationAndALivePaymentInTestModeSeenByOneInstanceShowOnTheOther() throws Exception {
        cloudPayments.accept("pk_mode", "mode-secret");
        connect(first, "org-mode", "pk_mode", "mode-secret");
        await().atMost(EVENTUALLY).until(() -> shown(second, "org-mode").path("status").asText().equals("CONNECTED"));
        assertThat(shown(second, "org-mode").path("mode").asText()).isEqualTo("TEST");
        assertThat(shown(second, "org-mode").path("lastNotification").isNull()).isTrue();

        clock.advance(Duration.ofSeconds(1));
        assertThat(webhook(first, "org-mode", 7101, true, "mode-secret").statusCode()).isEqualTo(200);
        await().atMost(EVENTUALLY).until(() -> shown(second, "org-mode").path("lastNotification").path("testMode").asBoolean());
        assertThat(shown(second, "org-mode").path("lastNotification").path("at").asText())
                .isEqualTo(shown(first, "org-mode").path("lastNotification").path("at").asText());

        // More notifications in the same mode are not each written: the time is shared at most every 30 s.
        for (long txn = 7102; txn < 7122; txn++) {
            clock.advance(Duration.ofSeconds(1));
            assertThat(webhook(first, "org-mode", txn, true, "mode-secret").statusCode()).isEqualTo(200);
        }
        // A live payment while the organization is in TEST mode is shared at once, with its warning.
        clock.advance(Duration.ofSeconds(1));
        assertThat(webhook(first, "org-mode", 7122, false, "mode-secret").statusCode()).isEqualTo(200);
        await().atMost(EVENTUALLY).until(() -> shown(second, "org-mode").path("warnings").size() == 1);
        assertThat(shown(second, "org-mode").path("livePaymentSeenInTestModeAt").asText())
                .isEqualTo(shown(first, "org-mode").path("livePaymentSeenInTestModeAt").asText());
        assertThat(shown(second, "org-mode").path("lastNotification").path("testMode").asBoolean()).isFalse();
        assertThat(shown(second, "org-mode").path("lastNotification").path("at").asText())
                .isEqualTo(shown(first, "org-mode").path("lastNotification").path("at").asText());
        assertThat(activityRecordsOf("org-mode")).hasSize(2);

        // The admin's mode, set through one instance, holds on the other; LIVE shows no warning.
        clock.advance(Duration.ofSeconds(1));
        assertThat(call(second, "PUT", "/organizations/org-mode/integrations/cloudpayments/mode", "{\"mode\":\"LIVE\"}").statusCode()).isEqualTo(200);
        await().atMost(EVENTUALLY).until(() -> shown(first, "org-mode").path("mode").asText().equals("LIVE"));
        assertThat(shown(first, "org-mode").path("warnings")).isEmpty();
        // Back in TEST mode, the next live payment is news on both instances at once, though the last one was shared
        // only seconds ago.
        clock.advance(Duration.ofSeconds(1));
        assertThat(call(second, "PUT", "/organizations/org-mode/integrations/cloudpayments/mode", "{\"mode\":\"TEST\"}").statusCode()).isEqualTo(200);
        await().atMost(EVENTUALLY).until(() -> shown(first, "org-mode").path("mode").asText().equals("TEST"));
        assertThat(shown(first, "org-mode").path("warnings")).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(webhook(first, "org-mode", 7123, false, "mode-secret").statusCode()).isEqualTo(200);
        await().atMost(EVENTUALLY).until(() -> shown(second, "org-mode").path("warnings").size() == 1);
        assertThat(activityRecordsOf("org-mode")).hasSize(3);
    }

    private static List<String> activityRecordsOf(final String orgId) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()),
                new StringDeserializer(), new StringDeserializer())) {
            final TopicPartition partition = new TopicPartition(PREFIX + "org-activity", 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition)).get(partition);
            final List<String> values = new java.util.ArrayList<>();
            while (consumer.position(partition) < end) {
                for (final ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (orgId.equals(r.key())) {
                        values.add(r.value());
                    }
                }
            }
            return values;
        }
    }

    private static JsonNode connect(final GatewayService gateway, final String org, final String publicId, final String secret) throws Exception {
        final HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(uri(gateway, "/organizations/" + org + "/integrations/cloudpayments"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"publicId\":\"" + publicId + "\",\"apiSecret\":\"" + secret
                        + "\",\"currency\":\"RUB\",\"minTopUp\":\"10.00\",\"maxTopUp\":\"5000.00\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    private static JsonNode shown(final GatewayService gateway, final String org) throws IOException, InterruptedException {
        return JSON.readTree(call(gateway, "GET", "/organizations/" + org + "/integrations/cloudpayments").body());
    }

    private static HttpResponse<String> call(final GatewayService gateway, final String method, final String path)
            throws IOException, InterruptedException {
        return call(gateway, method, path, null);
    }

    private static HttpResponse<String> call(final GatewayService gateway, final String method, final String path, final String json)
            throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(gateway, path)).header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> webhook(final GatewayService gateway, final String org, final long txn, final boolean testMode,
                                                final String secret) throws IOException, InterruptedException {
        final String body = "TransactionId=" + txn + "&Amount=100.00&Currency=RUB&OperationType=Payment&AccountId=cust-1"
                + "&DateTime=2026-11-20+10%3a15%3a00&TestMode=" + (testMode ? 1 : 0) + "&Status=Completed&Data=%7b%22clubId%22%3a%22c-1%22%7d";
        return HTTP.send(HttpRequest.newBuilder(uri(gateway, "/cloudpayments/" + org + "/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Content-HMAC", Signature.sign(secret, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(final GatewayService gateway, final String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}

package ledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.balance.app.LedgerConfig;
import ledger.balance.app.LedgerService;
import ledger.embedded.EmbeddedKafkaCluster;
import ledger.embedded.SharedInfrastructure;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.gateway.organizations.SecretCipher;
import ledger.schemas.registry.SchemaRegistryServer;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production replication (3 copies, {@code min.insync.replicas} 2) on a real three-broker KRaft cluster, under
 * a steady stream of signed webhooks:
 * <ol>
 *   <li>the broker leading the most payments partitions goes away without a goodbye: webhooks go on being accepted
 *       (some answered 503 while leadership moves, and retried);</li>
 *   <li>a second broker goes away: one copy is all that is left, so the gateway answers 503 (CloudPayments retries)
 *       and accepts nothing, rather than acknowledge what a single disk holds;</li>
 *   <li>both come back: the retried webhook and the rest are accepted, and the ledger credits every webhook answered
 *       {@code {"code":0}} exactly once.</li>
 * </ol>
 * The services refuse topics weaker than configured: a gateway configured for three copies does not start against
 * a topic with one.
 */
class ThreeBrokerClusterTest {

    private static final Logger log = LoggerFactory.getLogger(ThreeBrokerClusterTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String ORG = "cluster-org";
    private static final String PUBLIC_ID = "pk_cluster0000000000000000000000";
    private static final String API_SECRET = "cluster-api-secret-0123456789";
    private static final String ADMIN_TOKEN = "cluster-admin-token-0123456789";

    private static EmbeddedKafkaCluster cluster;
    private static SchemaRegistryServer registry;
    private static FakeCloudPaymentsApi cloudPayments;
    private static GatewayService gateway;
    private static LedgerService ledger;
    private static Map<String, String> env;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = EmbeddedKafkaCluster.start(SharedInfrastructure.tempDir("cluster"), 3);
        registry = SchemaRegistryServer.start(cluster.bootstrapServers(), SchemaRegistryServer.DEFAULT_TOPIC, "127.0.0.1", 0, Optional.of((short) 3));
        cloudPayments = new FakeCloudPaymentsApi();
        cloudPayments.accept(PUBLIC_ID, API_SECRET);
        env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", cluster.bootstrapServers(),
                "SCHEMA_REGISTRY_URL", registry.url(),
                "TOPIC_REPLICATION_FACTOR", "3",
                "TOPIC_MIN_INSYNC_REPLICAS", "2",
                "GATEWAY_LISTEN_HOST", "127.0.0.1",
                "GATEWAY_PORT", "0",
                "ADMIN_TOKEN", ADMIN_TOKEN,
                "GATEWAY_SECRET_KEY", SecretCipher.newKey(),
                "CLOUDPAYMENTS_API_URL", cloudPayments.url(),
                "GATEWAY_PUBLISH_TIMEOUT_MS", "5000"));
        env.putAll(Map.of("LEDGER_PORT", "0", "LEDGER_LISTEN_HOST", "127.0.0.1",
                "LEDGER_STATE_DIR", SharedInfrastructure.tempDir("cluster-ledger").toString()));
        gateway = GatewayService.start(GatewayConfig.fromEnv(env));
        ledger = LedgerService.start(LedgerConfig.fromEnv(env));
        final HttpResponse<String> connected = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + "/orgs/" + ORG + "/integrations/cloudpayments"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"publicId\":\"" + PUBLIC_ID + "\",\"apiSecret\":\"" + API_SECRET
                        + "\",\"currency\":\"RUB\",\"minTopUp\":\"1.00\",\"maxTopUp\":\"50000.00\",\"mode\":\"LIVE\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(200);
        ledger.awaitRunning(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        for (final AutoCloseable c : new AutoCloseable[] {ledger, gateway, cloudPayments, registry, cluster}) {
            if (c != null) {
                try {
                    c.close();
                } catch (final Exception e) {
                    log.warn("closing {}: {}", c.getClass().getSimpleName(), e.toString());
                }
            }
        }
    }

    @Test
    void losingOneBrokerLosesNothingAndLosingTwoStopsAcceptingUntilTheyAreBack() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
             SignedPayLoad load = new SignedPayLoad(gatewayUrl() + "/cloudpayments/" + ORG + "/pay", API_SECRET, 30, 40, 6_100_000_000L)) {
            final TopicDescription payments = admin.describeTopics(java.util.List.of(Topics.PAYMENTS)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(Topics.PAYMENTS);
            assertThat(payments.partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            load.start();
            await("webhooks accepted on three brokers").atMost(Duration.ofSeconds(60)).until(() -> load.accepted() >= 100);
            withLedgerState(() -> await("the ledger credits on three brokers").atMost(Duration.ofSeconds(60))
                    .until(() -> !credits(java.util.Set.of("c-1")).isEmpty()));

            // 1. The leader of most payments partitions goes away.
            final int leader = mostLeadingBroker(payments);
            cluster.stopBroker(leader);
            final long stopped = System.nanoTime();
            final long acceptedAtFirstLoss = load.accepted();
            await("webhooks accepted with one broker lost").atMost(Duration.ofSeconds(60)).until(() -> load.accepted() >= acceptedAtFirstLoss + 100);
            log.info("with broker {} (node {}) gone: 100 more webhooks accepted within {} ms; answers other than code 0 so far: {}",
                    leader, EmbeddedKafkaCluster.nodeId(leader), (System.nanoTime() - stopped) / 1_000_000, load.refusals());

            // 2. A second broker goes away: one copy left, below min.insync.replicas.
            final int second = (leader + 1) % 3;
            cluster.stopBroker(second);
            await("the gateway answers 503 with one broker left").atMost(Duration.ofSeconds(60))
                    .until(() -> load.refusals().getOrDefault(503, 0L) > 0);
            final long acceptedWithOneBroker = load.accepted();
            await("nothing is accepted while one copy is all there is").during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(20))
                    .until(() -> load.accepted() == acceptedWithOneBroker);
            log.info("with one broker left: answers other than code 0: {}", load.refusals());

            // 3. Both come back: the retried webhook and the rest are accepted, every accepted one credited once.
            cluster.startBroker(leader);
            cluster.startBroker(second);
            final long restarted = System.nanoTime();
            await("webhooks accepted again").atMost(Duration.ofSeconds(90)).until(() -> load.accepted() >= acceptedWithOneBroker + 100);
            log.info("brokers back: 100 webhooks accepted within {} ms", (System.nanoTime() - restarted) / 1_000_000);
            final Map<String, SignedPayLoad.Credits> expected = load.stop();
            withLedgerState(() -> await("the ledger holds exactly the accepted credits").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(credits(expected.keySet())).isEqualTo(expected)));
            log.info("{} webhooks accepted over {} customers, each credited once", expected.values().stream().mapToLong(SignedPayLoad.Credits::count).sum(),
                    expected.size());
        }
    }

    @Test
    void aServiceConfiguredForThreeCopiesRefusesATopicWithOne() throws Exception {
        final String prefix = "weak-";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            Topics.createMissing(admin, java.util.List.of(new org.apache.kafka.clients.admin.NewTopic(prefix + Topics.PAYMENTS, Optional.of(6), Optional.of((short) 1))),
                    Duration.ofSeconds(30));
            assertThat(admin.describeTopics(java.util.List.of(prefix + Topics.PAYMENTS)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(prefix + Topics.PAYMENTS).partitions()).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
        }
        final Map<String, String> weak = new HashMap<>(env);
        weak.put("TOPIC_PREFIX", prefix);
        final GatewayConfig config = GatewayConfig.fromEnv(weak);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GatewayService.start(config).close())
                .hasMessageContaining("weak-payments (replication factor 1, min.insync.replicas")
                .hasMessageContaining("TOPIC_REPLICATION_FACTOR");
    }

    /** Runs {@code wait}; when it times out, says what state the ledger's Streams application is in. */
    private static void withLedgerState(final Runnable wait) {
        try {
            wait.run();
        } catch (final org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("ledger streams " + ledger.streams().state() + ": " + e.getMessage(), e);
        }
    }

    private static int mostLeadingBroker(final TopicDescription topic) {
        final Map<Integer, Long> byLeader = new HashMap<>();
        for (final TopicPartitionInfo p : topic.partitions()) {
            byLeader.merge(p.leader().id(), 1L, Long::sum);
        }
        // The node leading the most partitions; of equals, the lowest id.
        final int node = byLeader.entrySet().stream().min(Comparator.<Map.Entry<Integer, Long>>comparingLong(e -> -e.getValue())
                .thenComparingInt(Map.Entry::getKey)).orElseThrow().getKey();
        return node - 1;
    }

    private static Map<String, SignedPayLoad.Credits> credits(final java.util.Set<String> customers) throws Exception {
        final Map<String, SignedPayLoad.Credits> credits = new HashMap<>();
        for (final String customer : customers) {
            final HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ledger.port() + "/orgs/" + ORG + "/balances/" + customer))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() != 200) {
                continue;
            }
            final JsonNode balance = JSON.readTree(reply.body());
            long rub = 0;
            for (final JsonNode amount : balance.path("balances")) {
                if (amount.path("currency").asText().equals("RUB")) {
                    rub = amount.path("balanceMinor").asLong();
                }
            }
            credits.put(customer, new SignedPayLoad.Credits(balance.path("sequence").asLong(), rub));
        }
        return credits;
    }

    private static String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }
}

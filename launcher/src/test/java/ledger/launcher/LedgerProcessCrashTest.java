package ledger.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.embedded.SharedInfrastructure;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.gateway.organizations.SecretCipher;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger in a process of its own ({@code ./ledger run ledger}) survives crashes without losing or doubling a
 * credit, while signed webhooks keep arriving at the gateway (which runs on, in this JVM):
 * <ol>
 *   <li>the ledger process is killed with SIGKILL mid-load and started again on the same data: it is ready again
 *       (static membership: no wait for the dead member's session) and catches up;</li>
 *   <li>a second ledger process joins; the first is killed for good: the survivor answers every customer's balance
 *       within seconds (the dead member's session, then its standby replicas take over);</li>
 *   <li>every webhook answered {@code {"code":0}} is credited exactly once: each customer's balance and balance
 *       event count equal the sum and count of its accepted payments.</li>
 * </ol>
 * The times are logged; the assertions are on money, with generous bounds on time, since this machine is shared.
 *
 * <p>It runs on the embedded infrastructure, and again on containers (apache/kafka, cp-schema-registry) where a Docker
 * engine exists ({@link TestInfrastructure}); without one that variant is skipped, and says so in the test output.
 */
class LedgerProcessCrashTest {

    private static final Logger log = LoggerFactory.getLogger(LedgerProcessCrashTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PREFIX = "crash-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private static final String ORG = "crash-org";
    private static final String PUBLIC_ID = "pk_crash000000000000000000000000";
    private static final String API_SECRET = "crash-api-secret-0123456789";
    private static final String ADMIN_TOKEN = "crash-admin-token-0123456789";
    private static final int CUSTOMERS = 40;

    private FakeCloudPaymentsApi cloudPayments;
    private GatewayService gateway;
    private Map<String, String> ledgerEnv;

    /** The embedded infrastructure always; the containers where a Docker engine exists (the same assertions on both). */
    static Stream<String> infrastructures() {
        return Stream.of("embedded", "containers");
    }

    /** Starts the gateway (in this JVM, never killed) on {@code infrastructure} and connects the organization. */
    private void startGateway(final TestInfrastructure infrastructure) throws Exception {
        final String prefix = PREFIX + infrastructure.name() + "-";
        cloudPayments = new FakeCloudPaymentsApi();
        cloudPayments.accept(PUBLIC_ID, API_SECRET);
        gateway = GatewayService.start(GatewayConfig.fromEnv(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers(),
                "SCHEMA_REGISTRY_URL", infrastructure.schemaRegistryUrl(),
                "TOPIC_PREFIX", prefix,
                "GATEWAY_LISTEN_HOST", "127.0.0.1",
                "GATEWAY_PORT", "0",
                "ADMIN_TOKEN", ADMIN_TOKEN,
                "GATEWAY_SECRET_KEY", SecretCipher.newKey(),
                "CLOUDPAYMENTS_API_URL", cloudPayments.url())));
        final HttpResponse<String> connected = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + "/orgs/" + ORG + "/integrations/cloudpayments"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"publicId\":\"" + PUBLIC_ID + "\",\"apiSecret\":\"" + API_SECRET
                        + "\",\"currency\":\"RUB\",\"minTopUp\":\"1.00\",\"maxTopUp\":\"50000.00\",\"mode\":\"LIVE\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(connected.statusCode()).as(connected.body()).isEqualTo(200);
        ledgerEnv = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers(),
                "SCHEMA_REGISTRY_URL", infrastructure.schemaRegistryUrl(),
                "TOPIC_PREFIX", prefix,
                "LEDGER_APPLICATION_ID", prefix + "ledger",
                "LEDGER_LISTEN_HOST", "127.0.0.1",
                "ADMIN_TOKEN", ADMIN_TOKEN);
    }

    @AfterEach
    void stopGateway() {
        if (gateway != null) {
            gateway.close();
        }
        if (cloudPayments != null) {
            cloudPayments.close();
        }
    }

    @ParameterizedTest(name = "on {0} infrastructure")
    @MethodSource("infrastructures")
    void aKilledLedgerProcessRestartsAndASurvivorTakesOverWithoutLosingOrDoublingACredit(final String kind) throws Exception {
        if (kind.equals("containers") && !TestInfrastructure.dockerAvailable()) {
            log.warn("SKIPPED on containers: no Docker engine here; the same test ran on the embedded infrastructure");
            Assumptions.abort("no Docker engine: the Testcontainers variant is skipped (the embedded variant ran)");
        }
        try (TestInfrastructure infrastructure = kind.equals("containers") ? TestInfrastructure.containers() : TestInfrastructure.embedded()) {
            startGateway(infrastructure);
            crashAndRecover();
        }
    }

    private void crashAndRecover() throws Exception {
        final Path dataA = SharedInfrastructure.tempDir("ledger-process-a");
        final Path dataB = SharedInfrastructure.tempDir("ledger-process-b");
        final int portA = freePort();
        final int portB = freePort();
        try (SignedPayLoad load = new SignedPayLoad(gatewayUrl() + "/cloudpayments/" + ORG + "/pay", API_SECRET, CUSTOMERS, 60, 5_100_000_000L);
             ServiceProcessHandle first = ledger(dataA, portA)) {
            awaitReady(first);
            load.start();
            await("webhooks accepted and credited").atMost(Duration.ofSeconds(60))
                    .until(() -> load.accepted() >= 150 && first.status("/orgs/" + ORG + "/balances/c-1") == 200);

            // 1. SIGKILL mid-load; the same data, the same instance, started again.
            first.kill();
            final long killed = System.nanoTime();
            try (ServiceProcessHandle a = ledger(dataA, portA)) {
                awaitReady(a);
                final long restartMs = (System.nanoTime() - killed) / 1_000_000;
                log.info("ledger process ready {} ms after SIGKILL ({} webhooks accepted so far)", restartMs, load.accepted());
                assertThat(restartMs).as("restart after SIGKILL, without waiting out the dead member's session").isLessThan(40_000);

                // 2. A second instance; then the first is killed for good.
                try (ServiceProcessHandle b = ledger(dataB, portB)) {
                    awaitReady(b);
                    final long acceptedBeforeKill = load.accepted();
                    await("both instances answer for every customer").atMost(Duration.ofSeconds(60))
                            .until(() -> load.accepted() >= acceptedBeforeKill + 60 && answersAll(a, load.customers()) && answersAll(b, load.customers()));
                    a.kill();
                    final long killedForGood = System.nanoTime();
                    await("the survivor answers for every customer").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                            .until(() -> answersAll(b, load.customers()));
                    log.info("survivor answers every customer's balance {} ms after the other instance was killed",
                            (System.nanoTime() - killedForGood) / 1_000_000);
                    final long acceptedAfterFailover = load.accepted();
                    await("webhooks accepted after the failover").atMost(Duration.ofSeconds(60)).until(() -> load.accepted() >= acceptedAfterFailover + 60);

                    // 3. Every accepted webhook credited exactly once.
                    final Map<String, SignedPayLoad.Credits> expected = load.stop();
                    log.info("{} webhooks accepted over {} customers; answers other than code 0 (retried): {}",
                            expected.values().stream().mapToLong(SignedPayLoad.Credits::count).sum(), expected.size(), load.refusals());
                    await("the survivor holds exactly the accepted credits").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                            .untilAsserted(() -> assertThat(credits(b, expected.keySet())).isEqualTo(expected));
                }
            }
        }
    }

    private ServiceProcessHandle ledger(final Path dataDir, final int port) {
        final Map<String, String> env = new HashMap<>(ledgerEnv);
        env.put("LEDGER_PORT", Integer.toString(port));
        return ServiceProcessHandle.start("ledger", dataDir, env, port, dataDir.resolve("ledger-process.log"));
    }

    private static void awaitReady(final ServiceProcessHandle ledger) {
        await("ledger on " + ledger.port() + " ready (log " + ledger.log() + ")").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                .failFast("the ledger process exited; see " + ledger.log(), () -> !ledger.alive())
                .until(() -> ledger.status("/health/ready") == 200);
    }

    private static boolean answersAll(final ServiceProcessHandle ledger, final List<String> customers) {
        return customers.stream().allMatch(c -> ledger.status("/orgs/" + ORG + "/balances/" + c) == 200);
    }

    /** What {@code ledger} answers for each customer: the number of balance events and the RUB balance. */
    private static Map<String, SignedPayLoad.Credits> credits(final ServiceProcessHandle ledger, final java.util.Set<String> customers) throws Exception {
        final Map<String, SignedPayLoad.Credits> credits = new HashMap<>();
        for (final String customer : customers) {
            final JsonNode balance = JSON.readTree(ledger.body("/orgs/" + ORG + "/balances/" + customer));
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

    private String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

package ledger.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import ledger.events.PaymentEvent;
import ledger.gateway.organizations.ConnectionStatus;
import ledger.gateway.organizations.Integration;
import ledger.gateway.organizations.SecretCipher;
import ledger.operator.audit.LedgerClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reconciliation against a local fake of CloudPayments' list API with 230 transactions (three pages): 25 the ledger
 * never received, 2 it holds differently, 2 CloudPayments does not know, 5 declined. {@code --inject} credits the
 * missing ones once, however often it runs, and the late webhook is a duplicate.
 */
class ReconcileTest {

    private static final String ORG = "org-r";
    private static final Instant DAY = Instant.parse("2026-11-21T00:00:00Z");
    private static final String KEY = SecretCipher.newKey();
    private static TestSystem system;
    private static FakeCloudPayments cloudPayments;
    private static Map<String, String> env;

    @BeforeAll
    static void start() throws Exception {
        system = TestSystem.shared();
        cloudPayments = new FakeCloudPayments("pk_org_r", "api-secret-r");
        env = new HashMap<>(system.env());
        env.put("GATEWAY_SECRET_KEY", KEY);
        env.put("CLOUDPAYMENTS_API_URL", cloudPayments.url());
        connect();
        for (long tx = 50_001; tx <= 50_200; tx++) {
            final long amount = 100 + tx - 50_000;
            final Instant at = DAY.plusSeconds(60 * (tx - 50_000));
            cloudPayments.add(tx, amount, "r" + tx % 7, "Completed", at, "club-r");
            final String customer = tx == 50_006 ? "someone-else" : "r" + tx % 7;
            system.send(PaymentEvent.newBuilder(Events.pay(ORG, customer, "club-r", tx, tx == 50_005 ? 999 : amount)).setOccurredAt(at).build());
        }
        for (long tx = 50_201; tx <= 50_225; tx++) {
            cloudPayments.add(tx, 1_000 + tx - 50_200, "m" + tx, "Completed", DAY.plusSeconds(60 * (tx - 50_000)), "club-r");
        }
        for (long tx = 50_226; tx <= 50_230; tx++) {
            cloudPayments.add(tx, 500, "d" + tx, "Declined", DAY.plusSeconds(60 * (tx - 50_000)), "club-r");
        }
        system.send(PaymentEvent.newBuilder(Events.pay(ORG, "u1", 50_301, 700)).setOccurredAt(DAY.plusSeconds(3600 * 20)).build(),
                PaymentEvent.newBuilder(Events.pay(ORG, "u2", 50_302, 800)).setOccurredAt(DAY.plusSeconds(3600 * 21)).build());
        system.awaitProcessed();
    }

    /** Stores the organization's integration as the gateway does: JSON in the compacted topic, secret encrypted. */
    private static void connect() throws Exception {
        final String topic = system.env().get("TOPIC_PREFIX") + "org-integrations";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, system.env().get("KAFKA_BOOTSTRAP_SERVERS")))) {
            if (!admin.listTopics().names().get().contains(topic)) {
                admin.createTopics(java.util.List.of(new NewTopic(topic, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
            }
        }
        final Integration integration = new Integration(ORG, "pk_org_r", new SecretCipher(KEY).encrypt(ORG, "api-secret-r"), null,
                ConnectionStatus.CONNECTED, "RUB", 100, 1_000_000, true, "utf-8", DAY, DAY);
        final String json = new ObjectMapper().registerModule(new JavaTimeModule()).disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .writeValueAsString(integration);
        system.send(topic, ORG, json.getBytes(java.nio.charset.StandardCharsets.UTF_8), System.currentTimeMillis());
    }

    @AfterAll
    static void stop() {
        cloudPayments.close();
    }

    @Test
    void findsMissingMismatchedAndUnknownThenInjectsTheMissingOnceAndOnlyOnce() {
        final TestSystem.Run report = TestSystem.opsWith(env, "", "reconcile", "--org", ORG, "--from", "2026-11-21", "--to", "2026-11-22T00:00:00Z");
        assertThat(report.exit()).as(report.toString()).isEqualTo(LedgerOps.FAILED);
        assertThat(report.out()).contains("CloudPayments listed 230 transaction(s), 230 payment(s), 203 matching; the ledger holds 202 payment(s) "
                + "of the window; 29 difference(s)", "25 of them can be repaired with --inject");
        assertThat(report.out().lines().filter(l -> l.startsWith("MISSING ")).count()).isEqualTo(25);
        assertThat(report.out()).containsPattern("MISMATCHED +50005 +amount: CloudPayments 1.05 RUB, the ledger 999")
                .containsPattern("MISMATCHED +50006 +account: CloudPayments r5, the ledger org-r:someone-else")
                .containsPattern("UNKNOWN +50301 +the ledger credited 700 RUB to org-r:u1")
                .containsPattern("UNKNOWN +50302 ");
        assertThat(cloudPayments.requests).extracting(r -> r.path("PageNumber").asInt()).containsExactly(1, 2, 3);
        assertThat(cloudPayments.requests.get(0).path("CreatedDateGte").asText()).isEqualTo("2026-11-21T00:00:00+00:00");

        final TestSystem.Run dryRun = TestSystem.opsWith(env, "", "reconcile", "--org", ORG, "--from", "2026-11-21", "--to", "2026-11-22", "--inject", "--dry-run");
        assertThat(dryRun.out()).contains("would inject org-r:PAY:50201: 1001 RUB to m50201", "dry run: 25 event(s) would be injected");

        for (int run = 1; run <= 2; run++) {
            final TestSystem.Run inject = TestSystem.opsWith(env, "", "reconcile", "--org", ORG, "--from", "2026-11-21", "--to", "2026-11-22", "--inject", "--yes");
            assertThat(inject.exit()).as(inject.toString()).isEqualTo(LedgerOps.FAILED); // the mismatched and unknown ones remain
            assertThat(inject.out()).contains(run == 1 ? "injected 25 reconciled payment event(s)" : "nothing to inject");
            system.awaitProcessed();
        }
        assertThat(system.balance(ORG, "m50201")).contains(new LedgerClient.Balances(Map.of("RUB", 1_001L), 1));

        // The webhook CloudPayments failed to deliver arrives after all: the same event id, a duplicate.
        final PaymentEvent webhook = PaymentEvent.newBuilder(Events.pay(ORG, "m50225", "club-r", 50_225, 1_025))
                .setOccurredAt(DAY.plusSeconds(60 * 225)).build();
        system.send(webhook);
        system.awaitProcessed();
        assertThat(system.balance(ORG, "m50225")).contains(new LedgerClient.Balances(Map.of("RUB", 1_025L), 1));

        final TestSystem.Run after = TestSystem.opsWith(env, "", "reconcile", "--org", ORG, "--from", "2026-11-21", "--to", "2026-11-22");
        assertThat(after.out()).contains("228 matching", "4 difference(s)").doesNotContain("MISSING ");
        final TestSystem.Run audit = system.ops("audit", "--only", "balances", "--org", ORG);
        assertThat(audit.exit()).as(audit.toString()).isZero();
    }

    @Test
    void withoutTheGatewayKeyItIsAUsageErrorNamingTheVariable() {
        final Map<String, String> noKey = new HashMap<>(env);
        noKey.remove("GATEWAY_SECRET_KEY");
        final TestSystem.Run run = TestSystem.opsWith(noKey, "", "reconcile", "--org", ORG, "--from", "2026-11-21", "--to", "2026-11-22");
        assertThat(run.exit()).isEqualTo(LedgerOps.USAGE);
        assertThat(run.err()).contains("GATEWAY_SECRET_KEY must be set");
    }

    @Test
    void anUnknownOrganizationFails() {
        final TestSystem.Run run = TestSystem.opsWith(env, "", "reconcile", "--org", "nobody", "--from", "2026-11-21", "--to", "2026-11-22");
        assertThat(run.exit()).isEqualTo(LedgerOps.FAILED);
        assertThat(run.err()).contains("organization nobody has no CloudPayments integration");
    }
}

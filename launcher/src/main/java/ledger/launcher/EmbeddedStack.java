package ledger.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import ledger.balance.app.LedgerConfig;
import ledger.balance.app.LedgerService;
import ledger.embedded.EmbeddedKafka;
import ledger.embedded.EmbeddedPostgres;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.report.app.ReportConfig;
import ledger.report.app.ReportService;
import ledger.schemas.registry.SchemaRegistryServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one process on embedded defaults: a real Kafka broker, the schema registry, a real
 * PostgreSQL, and the gateway, ledger and report services, each configured exactly as it would be from the
 * environment. Data lives under one directory, so stopping and starting again keeps every balance and report.
 * Closing stops everything in reverse order.
 */
public final class EmbeddedStack implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedStack.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, String> env = new HashMap<>();
    private GatewayService gateway;
    private LedgerService ledger;
    private ReportService report;
    private SchemaRegistryServer registry;

    /** The settings the embedded stack uses unless the environment says otherwise. */
    public record Ports(int kafka, int registry, int gateway, int ledger, int report, int postgres) {
        public static Ports defaults() {
            return new Ports(9092, 8081, 8080, 8082, 8083, 5432);
        }

        public static Ports anyFree() {
            return new Ports(0, 0, 0, 0, 0, 0);
        }
    }

    /**
     * Starts everything.
     *
     * @param dataDir where Kafka's log, PostgreSQL's cluster, the ledger's state and the secrets live
     * @param ports the ports to listen on; 0 for any free one
     * @param overrides environment settings that win over the embedded defaults (e.g. CLOUDPAYMENTS_API_URL)
     */
    public static EmbeddedStack start(final Path dataDir, final Ports ports, final Map<String, String> overrides) {
        final EmbeddedStack stack = new EmbeddedStack();
        try {
            stack.startAll(dataDir.toAbsolutePath(), ports, overrides);
            return stack;
        } catch (final RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(final Path dataDir, final Ports ports, final Map<String, String> overrides) {
        final StackSecrets secrets = StackSecrets.loadOrCreate(dataDir);
        final EmbeddedKafka kafka = remember(EmbeddedKafka.start(dataDir.resolve("kafka"), ports.kafka()));
        final EmbeddedPostgres postgres = remember(EmbeddedPostgres.start(dataDir.resolve("postgres"), ports.postgres()));
        registry = remember(SchemaRegistryServer.start(kafka.bootstrapServers(), SchemaRegistryServer.DEFAULT_TOPIC, ports.registry()));

        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", registry.url());
        env.put("DATABASE_URL", postgres.jdbcUrl());
        env.put("DATABASE_USER", postgres.user());
        env.put("DATABASE_PASSWORD", postgres.password());
        env.put("ADMIN_TOKEN", secrets.adminToken());
        env.put("FINANCE_TOKEN", secrets.financeToken());
        env.put("GATEWAY_SECRET_KEY", secrets.gatewaySecretKey());
        env.put("GATEWAY_PORT", Integer.toString(ports.gateway()));
        env.put("LEDGER_PORT", Integer.toString(ports.ledger()));
        env.put("REPORT_PORT", Integer.toString(ports.report()));
        env.put("LEDGER_STATE_DIR", dataDir.resolve("ledger-state").toString());
        env.putAll(overrides);

        report = remember(ReportService.start(ReportConfig.fromEnv(env)));
        ledger = remember(LedgerService.start(LedgerConfig.fromEnv(env)));
        gateway = remember(GatewayService.start(GatewayConfig.fromEnv(env)));
        ledger.awaitRunning(Duration.ofSeconds(60));
        log.info("embedded stack is up");
    }

    private <T extends AutoCloseable> T remember(final T resource) {
        started.push(resource);
        return resource;
    }

    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    public String ledgerUrl() {
        return "http://127.0.0.1:" + ledger.port();
    }

    public String reportUrl() {
        return "http://127.0.0.1:" + report.port();
    }

    public String registryUrl() {
        return registry.url();
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            final AutoCloseable resource = started.pop();
            try {
                resource.close();
            } catch (final Exception e) {
                log.warn("error while stopping {}: {}", resource.getClass().getSimpleName(), e.toString());
            }
        }
    }
}

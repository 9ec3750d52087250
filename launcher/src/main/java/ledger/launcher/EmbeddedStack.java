package ledger.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

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

    /** What {@code ./ledger up --only} can start; the services need Kafka and the registry (the report service PostgreSQL too). */
    public enum Component {
        KAFKA, REGISTRY, POSTGRES, GATEWAY, LEDGER, REPORT;

        public static final Set<Component> ALL = EnumSet.allOf(Component.class);
        public static final Set<Component> INFRASTRUCTURE = EnumSet.of(KAFKA, REGISTRY, POSTGRES);
    }

    /**
     * Starts everything.
     *
     * @param dataDir where Kafka's log, PostgreSQL's cluster, the ledger's state and the secrets live
     * @param ports the ports to listen on; 0 for any free one
     * @param overrides environment settings that win over the embedded defaults (e.g. CLOUDPAYMENTS_API_URL)
     */
    public static EmbeddedStack start(final Path dataDir, final Ports ports, final Map<String, String> overrides) {
        return start(dataDir, ports, overrides, Component.ALL, log::info);
    }

    /**
     * Starts {@code components} and waits for them, however long the ledger takes to restore its state after a crash,
     * telling {@code progress} every few seconds what it waits for.
     *
     * @throws IllegalArgumentException when a service is asked for without the infrastructure it runs on
     */
    public static EmbeddedStack start(final Path dataDir, final Ports ports, final Map<String, String> overrides,
                                      final Set<Component> components, final Consumer<String> progress) {
        final Set<Component> services = EnumSet.copyOf(components);
        services.removeAll(Component.INFRASTRUCTURE);
        if (!services.isEmpty() && !components.containsAll(EnumSet.of(Component.KAFKA, Component.REGISTRY))
                || components.contains(Component.REPORT) && !components.contains(Component.POSTGRES)
                || components.contains(Component.REGISTRY) && !components.contains(Component.KAFKA)) {
            throw new IllegalArgumentException("the services need kafka and registry (report also postgres) in the same 'up'; "
                    + "to run a service on its own, use './ledger run gateway|ledger|report' against a running 'up --only kafka,registry,postgres'");
        }
        final EmbeddedStack stack = new EmbeddedStack();
        try {
            stack.startAll(dataDir.toAbsolutePath(), ports, overrides, components, progress);
            return stack;
        } catch (final RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(final Path dataDir, final Ports ports, final Map<String, String> overrides, final Set<Component> components,
                          final Consumer<String> progress) {
        final StackSecrets secrets = StackSecrets.loadOrCreate(dataDir);
        if (components.contains(Component.KAFKA)) {
            final EmbeddedKafka kafka = remember(EmbeddedKafka.start(dataDir.resolve("kafka"), ports.kafka()));
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
            if (components.contains(Component.REGISTRY)) {
                registry = remember(SchemaRegistryServer.start(kafka.bootstrapServers(), SchemaRegistryServer.DEFAULT_TOPIC, ports.registry()));
                env.put("SCHEMA_REGISTRY_URL", registry.url());
            }
        }
        if (components.contains(Component.POSTGRES)) {
            final EmbeddedPostgres postgres = remember(EmbeddedPostgres.start(dataDir.resolve("postgres"), ports.postgres()));
            env.put("DATABASE_URL", postgres.jdbcUrl());
            env.put("DATABASE_USER", postgres.user());
            env.put("DATABASE_PASSWORD", postgres.password());
        }
        // What a service started on its own ('./ledger run') needs to find this stack.
        StackAddresses.write(dataDir, env);

        env.put("ADMIN_TOKEN", secrets.adminToken());
        env.put("FINANCE_TOKEN", secrets.financeToken());
        env.put("GATEWAY_SECRET_KEY", secrets.gatewaySecretKey());
        env.put("GATEWAY_PORT", Integer.toString(ports.gateway()));
        env.put("LEDGER_PORT", Integer.toString(ports.ledger()));
        env.put("REPORT_PORT", Integer.toString(ports.report()));
        env.put("LEDGER_STATE_DIR", dataDir.resolve("ledger-state").toString());
        env.putAll(overrides);

        if (components.contains(Component.REPORT)) {
            report = remember(ReportService.start(ReportConfig.fromEnv(env)));
        }
        if (components.contains(Component.LEDGER)) {
            ledger = remember(LedgerService.start(LedgerConfig.fromEnv(env)));
        }
        if (components.contains(Component.GATEWAY)) {
            gateway = remember(GatewayService.start(GatewayConfig.fromEnv(env)));
        }
        if (ledger != null) {
            // After a crash the ledger restores its state before it answers; that is worth waiting for, never a reason to give up.
            ledger.awaitReady(progress, Duration.ofSeconds(2));
        }
        log.info("embedded stack is up: {}", components);
    }

    private <T extends AutoCloseable> T remember(final T resource) {
        started.push(resource);
        return resource;
    }

    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    /** The gateway's URL, or null when this stack does not run it (the same for the other services). */
    public String gatewayUrl() {
        return gateway == null ? null : "http://127.0.0.1:" + gateway.port();
    }

    public String ledgerUrl() {
        return ledger == null ? null : "http://127.0.0.1:" + ledger.port();
    }

    public String reportUrl() {
        return report == null ? null : "http://127.0.0.1:" + report.port();
    }

    public String registryUrl() {
        return registry == null ? null : registry.url();
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

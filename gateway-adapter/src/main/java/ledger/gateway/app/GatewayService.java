package ledger.gateway.app;

import java.time.Clock;
import java.time.Duration;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ledger.gateway.http.GatewayHttp;
import ledger.gateway.http.IntegrationHandlers;
import ledger.gateway.http.WebhookHandler;
import ledger.gateway.organizations.Activity;
import ledger.gateway.organizations.CloudPaymentsApi;
import ledger.gateway.organizations.IntegrationStore;
import ledger.gateway.organizations.Integrations;
import ledger.gateway.organizations.SecretCipher;
import ledger.gateway.publish.KafkaPaymentPublisher;
import ledger.gateway.publish.PaymentPublisher;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One running gateway: the integration store, the Kafka publisher and the HTTP server. */
public final class GatewayService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayService.class);

    private final Javalin http;
    private final PaymentPublisher publisher;
    private final IntegrationStore store;
    private final Activity activity;
    private boolean closed;

    private GatewayService(final Javalin http, final PaymentPublisher publisher, final IntegrationStore store, final Activity activity) {
        this.http = http;
        this.publisher = publisher;
        this.store = store;
        this.activity = activity;
    }

    public static GatewayService start(final GatewayConfig config) {
        return start(config, Clock.systemUTC());
    }

    /**
     * Starts a gateway whose notion of now (receipt times, rotation windows, mode changes) is {@code clock}, so
     * tests can move time instead of waiting for it.
     */
    public static GatewayService start(final GatewayConfig config, final Clock clock) {
        final SecretCipher cipher = new SecretCipher(config.secretKey());
        final Topics topics = config.topics();
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            topics.ensureCreated(admin, Topics.DEFAULT_PARTITIONS, config.replication());
            // The integrations and activity topics are created here with the configured replication (their stores
            // would create them with the broker's defaults), and checked like the others.
            final java.util.List<String> compacted = java.util.List.of(config.integrationsTopic(), config.activityTopic());
            Topics.createMissing(admin, compacted.stream().map(name -> new org.apache.kafka.clients.admin.NewTopic(name, java.util.Optional.of(1),
                    java.util.Optional.of(config.replication().factor())).configs(java.util.Map.of("cleanup.policy", "compact",
                    "min.insync.replicas", Integer.toString(config.replication().minInsyncReplicas())))).toList(), Duration.ofSeconds(30));
            Topics.requireReplication(admin, compacted, config.replication());
        }
        final IntegrationStore store = IntegrationStore.open(config.bootstrapServers(), config.integrationsTopic(), Duration.ofSeconds(60));
        final PaymentPublisher publisher = new KafkaPaymentPublisher(config.bootstrapServers(), topics.payments());
        final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final Integrations integrations = new Integrations(store, cipher, new CloudPaymentsApi(config.cloudPaymentsApiUrl())::verify, clock,
                config.secretRotationWindow());
        final Activity activity = Activity.open(config.bootstrapServers(), config.activityTopic(), Duration.ofSeconds(60));
        final Javalin http = GatewayHttp.create(
                new WebhookHandler(integrations, publisher, activity, clock, Duration.ofMillis(config.publishTimeoutMs()), metrics),
                new IntegrationHandlers(integrations, activity, config.adminToken(), config.publicUrl()),
                metrics, publisher::reachable);
        http.start(config.listenHost(), config.port());
        log.info("gateway listening on {}:{}", config.listenHost(), http.port());
        return new GatewayService(http, publisher, store, activity);
    }

    public int port() {
        return http.port();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop();
        publisher.close();
        activity.close();
        store.close();
    }
}

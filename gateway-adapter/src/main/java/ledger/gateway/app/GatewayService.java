package ledger.gateway.app;

import java.time.Clock;
import java.time.Duration;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ledger.gateway.http.AdminPages;
import ledger.gateway.http.ApiKeyHandlers;
import ledger.gateway.http.GatewayHttp;
import ledger.gateway.http.IntegrationHandlers;
import ledger.gateway.http.WebhookHandler;
import ledger.gateway.organizations.Activity;
import ledger.gateway.organizations.CloudPaymentsApi;
import ledger.gateway.organizations.ConnectionChanges;
import ledger.gateway.organizations.IntegrationStore;
import ledger.gateway.organizations.Integrations;
import ledger.gateway.organizations.SecretCipher;
import ledger.gateway.organizations.UnverifiedConnections;
import ledger.gateway.publish.KafkaPaymentPublisher;
import ledger.gateway.publish.PaymentPublisher;
import ledger.platform.access.ServiceAccess;
import ledger.platform.audit.AuditLog;
import ledger.platform.kafka.CompactedTopic;
import ledger.platform.http.ClientRateLimiter;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway: the integration store, the API keys and audit log, the Kafka publisher, the background check
 * of unverified connections and the HTTP server. A failed start closes whatever had started.
 */
public final class GatewayService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayService.class);

    /** The admin pages' session cookie, and the audience their sessions are signed for. */
    static final String ADMIN_COOKIE = "admin_session";
    static final String ADMIN_AUDIENCE = "org-admin-pages";

    private final Javalin http;
    private final java.util.List<AutoCloseable> parts;
    private boolean closed;

    private GatewayService(final Javalin http, final java.util.List<AutoCloseable> parts) {
        this.http = http;
        this.parts = parts;
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
        }
        // The gateway's stores are created with the configured replication (they would get the broker's defaults), and checked.
        CompactedTopic.createAll(config.bootstrapServers(), java.util.List.of(config.integrationsTopic(), config.activityTopic(),
                config.topicPrefix() + AuditLog.TOPIC), config.replication());
        // Started parts, closed newest first if a later step fails, and on close.
        final java.util.Deque<AutoCloseable> started = new java.util.ArrayDeque<>();
        try {
            final Duration load = Duration.ofSeconds(60);
            final IntegrationStore store = IntegrationStore.open(config.bootstrapServers(), config.integrationsTopic(), load);
            started.push(store);
            final PaymentPublisher publisher = new KafkaPaymentPublisher(config.bootstrapServers(), topics.payments());
            started.push(publisher);
            final Activity activity = Activity.open(config.bootstrapServers(), config.activityTopic(), load);
            started.push(activity);
            final ServiceAccess access = ServiceAccess.open(config.bootstrapServers(), config.topicPrefix(), config.adminToken(),
                    java.util.Optional.ofNullable(config.financeToken()), ClientRateLimiter.defaults(clock), clock, config.replication());
            started.push(access);
            final AuditLog audit = AuditLog.open(config.bootstrapServers(), config.topicPrefix() + AuditLog.TOPIC, clock, load);
            started.push(audit);
            final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            final Integrations integrations = new Integrations(store, cipher, new CloudPaymentsApi(config.cloudPaymentsApiUrl())::verify, clock,
                    config.secretRotationWindow());
            final UnverifiedConnections unverified = UnverifiedConnections.start(integrations, audit, config.verifyInterval());
            started.push(unverified);
            final ConnectionChanges changes = new ConnectionChanges(integrations, audit);
            final IntegrationHandlers integrationHandlers = new IntegrationHandlers(integrations, changes, activity, config.publicUrl());
            final Javalin http = GatewayHttp.create(
                    new WebhookHandler(integrations, publisher, activity, clock, Duration.ofMillis(config.publishTimeoutMs()), metrics),
                    integrationHandlers, new ApiKeyHandlers(access.keys(), audit),
                    access.http(ADMIN_COOKIE, ADMIN_AUDIENCE), metrics, publisher::reachable,
                    new AdminPages(integrationHandlers, integrations, changes, audit, access.control(), access.sessions(), ADMIN_COOKIE, ADMIN_AUDIENCE));
            http.start(config.listenHost(), config.port());
            log.info("gateway listening on {}:{}", config.listenHost(), http.port());
            return new GatewayService(http, java.util.List.copyOf(started));
        } catch (final RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    private static void closeAll(final Iterable<AutoCloseable> parts) {
        for (final AutoCloseable part : parts) {
            try {
                part.close();
            } catch (final Exception e) {
                log.warn("closing {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
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
        closeAll(parts);
    }
}

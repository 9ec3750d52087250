package ledger.balance.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ledger.balance.http.BalanceQueries;
import ledger.balance.http.LedgerHttp;
import ledger.platform.access.ServiceAccess;
import ledger.platform.http.ClientRateLimiter;
import ledger.balance.topology.LedgerTopology;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running ledger instance: the Streams application and its HTTP API. Several instances with the same
 * application id share the work and answer each other's balance queries.
 */
public final class LedgerService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LedgerService.class);
    private static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(5);

    private final KafkaStreams streams;
    private final Javalin http;
    private final KafkaStreamsMetrics streamsMetrics;
    private final ScheduledExecutorService metricsRefresh;
    private final ServiceAccess access;
    private boolean closed;

    private LedgerService(final KafkaStreams streams, final Javalin http, final KafkaStreamsMetrics streamsMetrics,
                          final ScheduledExecutorService metricsRefresh, final ServiceAccess access) {
        this.access = access;
        this.streams = streams;
        this.http = http;
        this.streamsMetrics = streamsMetrics;
        this.metricsRefresh = metricsRefresh;
    }

    /** Creates missing topics, starts the HTTP API and the Streams application, and returns without waiting for RUNNING. */
    public static LedgerService start(final LedgerConfig config) {
        final Topics topics = config.topics();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            topics.ensureCreated(admin, Topics.DEFAULT_PARTITIONS);
        }
        final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final Topology topology = LedgerTopology.build(topics, config.serdeConfig(), new LedgerMetrics(metrics));

        // The HTTP port is advertised to the other instances, so it must be fixed before Streams starts.
        final int port = config.port() == 0 ? FreePort.find() : config.port();
        final KafkaStreams streams = new KafkaStreams(topology, config.toStreamsProperties(port));
        streams.setUncaughtExceptionHandler(e -> {
            log.error("ledger stream thread failed; replacing it", e);
            return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        // Kafka creates per-partition metrics such as records-lag only once partitions are assigned; the binder
        // picks up new metrics on each refresh, so a short interval makes lag visible soon after start.
        final ScheduledExecutorService metricsRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread thread = new Thread(r, "ledger-metrics-refresh");
            thread.setDaemon(true);
            return thread;
        });
        final KafkaStreamsMetrics streamsMetrics = new KafkaStreamsMetrics(streams, List.of(), metricsRefresh, KAFKA_METRICS_REFRESH);
        streamsMetrics.bindTo(metrics);
        final ServiceAccess access;
        final Javalin http;
        try {
            access = ServiceAccess.open(config.bootstrapServers(), config.topicPrefix(), config.adminToken(),
                    java.util.Optional.ofNullable(config.financeToken()), ClientRateLimiter.defaults(java.time.Clock.systemUTC()), java.time.Clock.systemUTC());
        } catch (final RuntimeException e) {
            streamsMetrics.close();
            metricsRefresh.shutdownNow();
            streams.close();
            throw e;
        }
        try {
            http = LedgerHttp.create(streams, new BalanceQueries(streams, new HostInfo(config.advertisedHost(), port)), access.http(), metrics);
            http.start(config.listenHost(), port);
        } catch (final RuntimeException e) {
            access.close();
            streamsMetrics.close();
            metricsRefresh.shutdownNow();
            streams.close();
            throw e;
        }
        streams.start();
        log.info("ledger {} started: HTTP on {}, application id {}, {}", config.advertisedHost(), port, config.applicationId(), config.processingGuarantee());
        return new LedgerService(streams, http, streamsMetrics, metricsRefresh, access);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public int port() {
        return http.port();
    }

    /** Waits until the Streams application is RUNNING, or fails after {@code timeout}. */
    public void awaitRunning(final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            if (System.nanoTime() > deadline || streams.state() == KafkaStreams.State.ERROR || streams.state() == KafkaStreams.State.NOT_RUNNING) {
                throw new IllegalStateException("ledger streams not running after " + timeout + ": " + streams.state());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.stop();
        // Leave the group on an orderly stop, so a restarted or surviving instance takes over at once instead of
        // waiting out the session timeout.
        streams.close(org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP).withTimeout(Duration.ofSeconds(30)));
        streamsMetrics.close();
        metricsRefresh.shutdownNow();
        access.close();
        log.info("ledger stopped");
    }
}

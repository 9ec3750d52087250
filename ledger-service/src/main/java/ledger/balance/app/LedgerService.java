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
    private final RestoreProgress restore;
    private final ServiceAccess access;
    private boolean closed;

    private LedgerService(final KafkaStreams streams, final Javalin http, final KafkaStreamsMetrics streamsMetrics,
                          final ScheduledExecutorService metricsRefresh, final RestoreProgress restore, final ServiceAccess access) {
        this.access = access;
        this.streams = streams;
        this.restore = restore;
        this.http = http;
        this.streamsMetrics = streamsMetrics;
        this.metricsRefresh = metricsRefresh;
    }

    /** Creates missing topics, starts the HTTP API and the Streams application, and returns without waiting for RUNNING. */
    public static LedgerService start(final LedgerConfig config) {
        final Topics topics = config.topics();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers()))) {
            topics.ensureCreated(admin, Topics.DEFAULT_PARTITIONS, config.replication());
            // Streams creates its changelogs and regroupings with the configured replication, but never checks ones that exist.
            Topics.requireReplication(admin, internalTopics(admin, config.applicationId()), config.replication());
        }
        final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final Topology topology = LedgerTopology.build(topics, config.serdeConfig(), new LedgerMetrics(metrics));

        // The HTTP port is advertised to the other instances, so it must be fixed before Streams starts.
        final int port = config.port() == 0 ? FreePort.find() : config.port();
        final String instanceId = InstanceId.resolve(config);
        final KafkaStreams streams = new KafkaStreams(topology, config.toStreamsProperties(port, instanceId));
        final RestoreProgress restore = new RestoreProgress();
        streams.setGlobalStateRestoreListener(restore);
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
                    java.util.Optional.ofNullable(config.financeToken()), ClientRateLimiter.defaults(java.time.Clock.systemUTC()), java.time.Clock.systemUTC(),
                    config.replication());
        } catch (final RuntimeException e) {
            streamsMetrics.close();
            metricsRefresh.shutdownNow();
            streams.close();
            throw e;
        }
        try {
            http = LedgerHttp.create(streams, new BalanceQueries(streams, new HostInfo(config.advertisedHost(), port)), access.http(), metrics,
                    restore::snapshot);
            http.start(config.listenHost(), port);
        } catch (final RuntimeException e) {
            access.close();
            streamsMetrics.close();
            metricsRefresh.shutdownNow();
            streams.close();
            throw e;
        }
        streams.start();
        log.info("ledger {} started: HTTP on {}, application id {}, instance {}, {}", config.advertisedHost(), port, config.applicationId(),
                instanceId, config.processingGuarantee());
        return new LedgerService(streams, http, streamsMetrics, metricsRefresh, restore, access);
    }

    /** The changelog and repartition topics Streams made for this application id so far. */
    private static List<String> internalTopics(final Admin admin, final String applicationId) {
        try {
            return admin.listTopics().names().get(30, java.util.concurrent.TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith(applicationId + "-") && (name.endsWith("-changelog") || name.endsWith("-repartition")))
                    .sorted().toList();
        } catch (final java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("cannot list the ledger's internal topics: " + e, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing the ledger's internal topics", e);
        }
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

    /**
     * Waits, however long it takes, until the Streams application is RUNNING, telling {@code progress} every
     * {@code every} what it waits for ("restoring state: 1.2 M of 3.4 M records", or the Streams state). Recovery
     * after a crash takes as long as the state takes to restore; giving up would only make it start over.
     *
     * @throws IllegalStateException when Streams fails (ERROR) or is stopped meanwhile
     */
    public void awaitReady(final java.util.function.Consumer<String> progress, final Duration every) {
        long nextReport = System.nanoTime() + every.toNanos();
        while (streams.state() != KafkaStreams.State.RUNNING) {
            final KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR || state == KafkaStreams.State.NOT_RUNNING
                    || state == KafkaStreams.State.PENDING_SHUTDOWN) {
                throw new IllegalStateException("ledger streams stopped while starting: " + state + " (see the log)");
            }
            if (System.nanoTime() >= nextReport) {
                progress.accept("ledger " + waitingFor());
                nextReport = System.nanoTime() + every.toNanos();
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** What the ledger is doing while not RUNNING: restoring its state (with progress), or what Streams is doing. */
    public String waitingFor() {
        final RestoreProgress.Snapshot snapshot = restore.snapshot();
        return snapshot.restoring() ? snapshot.describe() : "waiting for its work from Kafka (" + streams.state() + ")";
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

package ledger.report.app;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ledger.platform.access.ServiceAccess;
import ledger.platform.http.ClientRateLimiter;
import ledger.report.http.HealthChecks;
import ledger.report.http.HttpApi;
import ledger.report.persistence.Database;
import ledger.report.persistence.SinkStore;
import ledger.report.sink.ReportSink;
import ledger.report.sink.SinkStatus;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running report service: the migrated database, the Kafka sink thread and the HTTP API.
 *
 * <p>{@link #start} returns once all three are up (the sink may still be joining its group: see
 * {@code /health/ready}); if any part fails to start, the parts already started are closed again. {@link #close}
 * is idempotent and stops the HTTP server first (no new commands), then the sink (after its current batch), then
 * the producer and the connection pool.
 */
public final class ReportService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReportService.class);
    private static final Duration SHIFT_VISIBILITY_WAIT = Duration.ofSeconds(10);
    private static final Duration SINK_STALE_AFTER = Duration.ofSeconds(30);
    private static final Duration SINK_FIRST_BACKOFF = Duration.ofMillis(200);
    private static final Duration SINK_MAX_BACKOFF = Duration.ofSeconds(10);

    private final Javalin http;
    /** Everything to close, last started first. */
    private final Deque<AutoCloseable> resources;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ReportService(final Javalin http, final Deque<AutoCloseable> resources) {
        this.http = http;
        this.resources = resources;
    }

    /** Migrates the database, starts the sink and the HTTP server. */
    public static ReportService start(final ReportConfig config) {
        return start(config, Clock.systemUTC());
    }

    static ReportService start(final ReportConfig config, final Clock clock) {
        final Deque<AutoCloseable> started = new ArrayDeque<>();
        try {
            final Database database = Database.connect(config.databaseUrl(), config.databaseUser(),
                    config.databasePassword(), config.databaseSchema());
            started.push(database);
            final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            started.push(metrics::close);
            final Topics topics = Topics.create(config.topicPrefix(), config.serdeConfig());
            // Create missing topics now: a consumer subscribed to a missing topic only notices it at its next
            // metadata refresh, minutes later.
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafkaBootstrapServers()))) {
                topics.ensureCreated(admin, Topics.DEFAULT_PARTITIONS, config.replication());
            }

            final SinkStatus sinkStatus = new SinkStatus(clock);
            final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config.consumerProperties(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            started.push(ReportSink.start(consumer, topics, config.groupId(), SinkStore.jdbi(database.jdbi()),
                    metrics, sinkStatus, SINK_FIRST_BACKOFF, SINK_MAX_BACKOFF));

            final ShiftPublisher publisher = new KafkaShiftPublisher(config.producerProperties(), topics.shiftEvents());
            started.push(publisher);
            final ShiftCommands commands = new ShiftCommands(database.jdbi(), publisher, sinkStatus, clock, SHIFT_VISIBILITY_WAIT);
            final ReportQueries queries = new ReportQueries(database.jdbi());

            final ServiceAccess access = ServiceAccess.open(config.kafkaBootstrapServers(), config.topicPrefix(), config.adminToken(),
                    config.financeToken(), ClientRateLimiter.defaults(clock), clock, config.replication());
            started.push(access);
            final Javalin http = HttpApi.create(queries, commands, access.control(), access.sessions(),
                    new HealthChecks(database::isReachable, () -> sinkStatus.isActive(SINK_STALE_AFTER)),
                    metrics);
            http.start(config.port());
            started.push(http::stop);
            log.info("report service listening on port {} ({})", http.port(), config);
            return new ReportService(http, started);
        } catch (final RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    /** The HTTP port actually bound (useful with REPORT_PORT=0). */
    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closeAll(resources);
            log.info("report service stopped");
        }
    }

    private static void closeAll(final Deque<AutoCloseable> resources) {
        while (!resources.isEmpty()) {
            final AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (final Exception e) {
                // Keep closing the rest: a failed close of one part must not leak the others.
                log.warn("closing {} failed: {}", resource, e.toString());
            }
        }
    }
}

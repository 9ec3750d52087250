package ledger.operator;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import ledger.balance.app.LedgerConfig;
import ledger.balance.app.LedgerService;
import ledger.embedded.EmbeddedPostgres;
import ledger.embedded.SharedInfrastructure;
import ledger.events.PaymentEvent;
import ledger.events.ShiftEvent;
import ledger.operator.audit.LedgerClient;
import ledger.operator.db.ReportDatabase;
import ledger.operator.kafka.CatchUp;
import ledger.operator.kafka.Kafka;
import ledger.operator.kafka.TopicScan;
import ledger.report.app.ReportConfig;
import ledger.report.app.ReportService;
import ledger.report.persistence.StoredOffset;
import ledger.schemas.serde.MockSchemaRegistry;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;

/**
 * A real ledger (and, when asked, a real report service) on the JVM's shared broker and database, isolated by topic
 * prefix, application id, group id, schema and {@code mock://} registry scope; and the operator tool pointed at it.
 */
public final class TestSystem implements AutoCloseable {

    public static final String ADMIN_TOKEN = "admin-token-0123456789";

    private final String scope;
    private final Map<String, String> env = new HashMap<>();
    private final Topics topics;
    private final KafkaProducer<String, byte[]> producer;
    private LedgerService ledger;
    private ReportService report;

    private TestSystem(final String scope) {
        this.scope = scope;
        final EmbeddedPostgres postgres = SharedInfrastructure.postgres();
        env.put("KAFKA_BOOTSTRAP_SERVERS", SharedInfrastructure.kafka().bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", "mock://" + scope);
        env.put("TOPIC_PREFIX", scope + ".");
        env.put("DATABASE_URL", postgres.jdbcUrl());
        env.put("DATABASE_USER", postgres.user());
        env.put("DATABASE_PASSWORD", postgres.password());
        env.put("DATABASE_SCHEMA", scope.toLowerCase().replace('-', '_'));
        env.put("LEDGER_APPLICATION_ID", scope + "-ledger");
        env.put("LEDGER_PORT", "0");
        env.put("LEDGER_LISTEN_HOST", "127.0.0.1");
        env.put("LEDGER_STATE_DIR", SharedInfrastructure.tempDir(scope + "-state").toString());
        env.put("LEDGER_COMMIT_INTERVAL_MS", "50");
        env.put("LEDGER_SESSION_TIMEOUT_MS", "6000");
        env.put("REPORT_PORT", "0");
        env.put("REPORT_GROUP_ID", scope + "-report");
        env.put("ADMIN_TOKEN", ADMIN_TOKEN);
        topics = Topics.create(scope + ".", Map.of("schema.registry.url", "mock://" + scope));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("KAFKA_BOOTSTRAP_SERVERS")))) {
            topics.ensureCreated(admin, 3);
        }
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, env.get("KAFKA_BOOTSTRAP_SERVERS"),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    private static TestSystem shared;

    /**
     * The JVM's shared system: a running ledger and report service, started on first use and left running (a Streams
     * start costs seconds). Test classes share it and keep apart by organization.
     */
    public static synchronized TestSystem shared() {
        if (shared == null) {
            shared = create("ops").startReport().startLedger();
        }
        return shared;
    }

    /** A system with topics (3 partitions each) and nothing running yet. */
    public static TestSystem create(final String scope) {
        return new TestSystem(scope);
    }

    public TestSystem startLedger() {
        ledger = LedgerService.start(LedgerConfig.fromEnv(env));
        ledger.awaitRunning(Duration.ofSeconds(60));
        env.put("LEDGER_URL", "http://127.0.0.1:" + ledger.port());
        return this;
    }

    public void stopLedger() {
        ledger.close();
        ledger = null;
    }

    public TestSystem startReport() {
        report = ReportService.start(ReportConfig.fromEnv(env));
        return this;
    }

    public void stopReport() {
        report.close();
        report = null;
    }

    public Map<String, String> env() {
        return env;
    }

    public void env(final String name, final String value) {
        env.put(name, value);
    }

    public Topics topics() {
        return topics;
    }

    public OpsConfig config() {
        return OpsConfig.fromEnv(env);
    }

    public LedgerClient ledgerClient() {
        return new LedgerClient(env.get("LEDGER_URL"), Optional.of(ADMIN_TOKEN), Duration.ofSeconds(10));
    }

    public ReportDatabase reportDatabase() {
        return ReportDatabase.of(config());
    }

    public void send(final PaymentEvent... events) {
        for (final PaymentEvent e : events) {
            send(topics.payments().name(), e.getOrgId() + ":" + e.getCustomerId(),
                    topics.payments().valueSerde().serializer().serialize(topics.payments().name(), e), e.getOccurredAt().toEpochMilli());
        }
    }

    public void send(final ShiftEvent e) {
        send(topics.shiftEvents().name(), e.getOrgId() + ":" + e.getClubId(),
                topics.shiftEvents().valueSerde().serializer().serialize(topics.shiftEvents().name(), e), e.getOccurredAt().toEpochMilli());
    }

    public void send(final String topic, final String key, final byte[] value, final long timestamp) {
        try {
            producer.send(new ProducerRecord<>(topic, null, timestamp, key, value)).get();
        } catch (final InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the ledger (and the report sink, when running) processed everything on the topics now. */
    public void awaitProcessed() {
        try (Kafka kafka = new Kafka(config())) {
            final Map<TopicPartition, Long> paymentsEnd = TopicScan.all(kafka, topics.payments().name()).end();
            final Map<TopicPartition, Long> shiftsEnd = TopicScan.all(kafka, topics.shiftEvents().name()).end();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                final Map<TopicPartition, Long> targets = new HashMap<>(paymentsEnd);
                for (final String t : CatchUp.repartitionTopics(kafka, env.get("LEDGER_APPLICATION_ID"))) {
                    targets.putAll(kafka.endOffsets(kafka.partitions(t)));
                }
                return CatchUp.pending(kafka, kafka.committed(env.get("LEDGER_APPLICATION_ID")), targets) == 0;
            });
            if (report != null) {
                final Map<TopicPartition, Long> targets = new HashMap<>(paymentsEnd);
                targets.putAll(shiftsEnd);
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    final Map<TopicPartition, Long> stored = new HashMap<>();
                    for (final StoredOffset o : reportDatabase().storedOffsets(env.get("REPORT_GROUP_ID"))) {
                        stored.put(new TopicPartition(o.topic(), o.partition()), o.nextOffset());
                    }
                    return CatchUp.pending(kafka, stored, targets) == 0;
                });
            }
        }
    }

    /** Committed records on a topic (offsets also count transaction markers). */
    public long count(final String topic) {
        try (Kafka kafka = new Kafka(config())) {
            final java.util.concurrent.atomic.AtomicLong n = new java.util.concurrent.atomic.AtomicLong();
            TopicScan.read(kafka, TopicScan.all(kafka, topic), Progress.silent(), r -> n.incrementAndGet());
            return n.get();
        }
    }

    /** What a run of the tool printed and returned. */
    public record Run(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- out ---\n" + out + "--- err ---\n" + err;
        }
    }

    /** Runs {@code ledger-ops args} against this system, non-interactively; {@code input} answers prompts. */
    public Run ops(final String... args) {
        return opsWith(env, "", args);
    }

    public static Run opsWith(final Map<String, String> env, final String input, final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cmd = LedgerOps.commandLine(env, new BufferedReader(new StringReader(input)), !input.isEmpty());
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        final int exit = cmd.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    public Optional<LedgerClient.Balances> balance(final String org, final String customer) {
        return ledgerClient().balances(org, customer);
    }

    /** Closes a system of its own; the shared one stays up for the other test classes. */
    @Override
    public void close() {
        if (this == shared) {
            return;
        }
        if (report != null) {
            report.close();
        }
        if (ledger != null) {
            ledger.close();
        }
        producer.close();
        MockSchemaRegistry.dropScope(scope);
    }
}

package ledger.bench.report;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ledger.bench.common.BenchMain;
import ledger.bench.common.CpuUsage;
import ledger.bench.common.EmbeddedStack;
import ledger.bench.common.InputPublisher;
import ledger.bench.common.Options;
import ledger.events.PaymentEvent;
import ledger.events.ShiftEvent;
import ledger.report.app.ReportConfig;
import ledger.report.persistence.Database;
import ledger.report.persistence.PaymentRow;
import ledger.report.persistence.ShiftEventRow;
import ledger.report.persistence.SinkStore;
import ledger.report.persistence.StoredOffset;
import ledger.report.sink.ReportSink;
import ledger.report.sink.SinkStatus;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The report sink's throughput into PostgreSQL: from Kafka (Avro through the real schema registry) into the payments
 * and shift_events tables, exactly once (rows and offsets in one transaction per poll batch, {@code synchronous_commit}
 * on, fsync on).
 *
 * <p>Starts an embedded Kafka broker, the schema registry server on it and an embedded PostgreSQL, and publishes
 * {@code --events} payment notifications (default 300,000) of a {@link ClubWorkload} (20 clubs in 2 organizations,
 * two shifts a day, Pay/Confirm/Cancel/Fail/Refund, 3% redeliveries), with the clubs' shift events between them, to
 * the production topics (6 partitions each) the way the gateway and the report service publish them. Then starts the
 * production sink ({@link ReportSink} over {@link SinkStore#jdbi}, the consumer configured by
 * {@link ReportConfig#consumerProperties()}) on an empty store and measures from the first poll that returns records
 * until the offsets stored in PostgreSQL reach the topics' end offsets. Finally checks the tables hold every distinct
 * event exactly once.
 *
 * <p>Usage: {@code bench/run report-sink [--events N] [--orgs N] [--clubs N] [--days N] [--redeliveries PERCENT]
 * [--seed N] [--timeout SECONDS] [--set consumer.property=value ...]}; {@code --set} overrides the production
 * consumer settings (e.g. {@code --set max.poll.records=500}) to try a tuning. Everything stays on 127.0.0.1; data
 * lives in a fresh directory under {@code bench/target/tmp}, deleted at the end.
 */
public final class SinkThroughputBenchmark {

    private static final String USAGE = "[--events N] [--orgs N] [--clubs N] [--days N] [--redeliveries PERCENT] [--seed N] "
            + "[--timeout SECONDS] [--set consumer.property=value ...]";
    private static final double TARGET = 10_000;
    private static final LocalDate FIRST_DAY = LocalDate.parse("2026-06-01");

    private SinkThroughputBenchmark() {
    }

    public static void main(final String[] args) {
        BenchMain.run(args, SinkThroughputBenchmark::run);
    }

    private static void run(final String[] args) throws Exception {
        final Options options = new Options(args, Set.of("events", "orgs", "clubs", "days", "redeliveries", "seed", "timeout", "set"), USAGE);
        final long events = options.number("events", 300_000, 1_000, 10_000_000);
        final int orgs = (int) options.number("orgs", 2, 1, 100);
        final int clubs = (int) options.number("clubs", 20, orgs, 1_000);
        final int days = (int) options.number("days", 30, 1, 3_650);
        final int redeliveries = (int) options.number("redeliveries", 3, 0, 50);
        final long seed = options.number("seed", 20260601, Long.MIN_VALUE, Long.MAX_VALUE);
        final Duration timeout = Duration.ofSeconds(options.number("timeout", 180, 5, 600));

        System.out.printf(Locale.ROOT, "report sink benchmark: %s, load average %.1f; %,d payment events (%d%% redeliveries) of %d clubs "
                + "in %d organizations over %d days, with their shift events%n", BenchMain.machine(), CpuUsage.loadAverage(), events,
                redeliveries, clubs, orgs, days);
        System.out.println("starting PostgreSQL, Kafka and the schema registry (logs: " + BenchMain.logFile() + ")");
        try (EmbeddedStack stack = EmbeddedStack.startWithPostgres("report-sink")) {
            final ReportConfig config = ReportConfig.fromEnv(ReportServiceEnv.of(stack));
            final Topics topics = Topics.create(config.topicPrefix(), config.serdeConfig());
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
                topics.ensureCreated(admin, Topics.DEFAULT_PARTITIONS);
            }

            final ClubWorkload workload = new ClubWorkload(seed, orgs, clubs, FIRST_DAY, days, events, redeliveries / 100.0);
            System.out.printf(Locale.ROOT, "producing to %s and %s (%d partitions each) ...%n", topics.payments().name(),
                    topics.shiftEvents().name(), Topics.DEFAULT_PARTITIONS);
            final long bytes = produce(stack.bootstrapServers(), topics, workload);
            final long distinctPayments = workload.paymentsEmitted() - workload.redeliveriesEmitted();
            final Map<TopicPartition, Long> end = stack.endOffsets(List.of(topics.payments().name(), topics.shiftEvents().name()));
            final long records = end.values().stream().mapToLong(Long::longValue).sum();
            System.out.printf(Locale.ROOT, "input: %,d payment events (%,d redeliveries) and %,d shift events, %.0f bytes per record on average%n",
                    workload.paymentsEmitted(), workload.redeliveriesEmitted(), workload.shiftEventsEmitted(), (double) bytes / records);

            // zonky's embedded PostgreSQL starts with synchronous_commit=off; measure with PostgreSQL's default, on: a
            // commit returns only once its WAL is flushed to disk (fsync is on as well).
            org.jdbi.v3.core.Jdbi.create(config.databaseUrl(), config.databaseUser(), config.databasePassword())
                    .useHandle(h -> h.execute("ALTER DATABASE postgres SET synchronous_commit = on"));
            try (Database database = Database.connect(config.databaseUrl(), config.databaseUser(), config.databasePassword(), config.databaseSchema())) {
                final String durability = database.jdbi().withHandle(h -> "synchronous_commit=" + h.createQuery("SHOW synchronous_commit").mapTo(String.class).one()
                        + ", fsync=" + h.createQuery("SHOW fsync").mapTo(String.class).one());
                final Properties consumerProps = config.consumerProperties();
                consumerProps.putAll(options.overrides());
                System.out.printf(Locale.ROOT, "PostgreSQL %s; consumer max.poll.records=%s%s%n", durability,
                        consumerProps.getProperty("max.poll.records"), options.overrides().isEmpty() ? "" : ", overrides " + options.overrides());

                final MeasuringStore store = new MeasuringStore(SinkStore.jdbi(database.jdbi()), end);
                final TimedConsumer consumer = new TimedConsumer(consumerProps);
                final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
                System.out.println("starting the sink on the empty store ...");
                final CpuUsage.Mark cpuBefore = CpuUsage.mark(stack.postgresDir());
                final boolean complete;
                try (ReportSink sink = ReportSink.start(consumer, topics, config.groupId(), store, metrics, new SinkStatus(Clock.systemUTC()),
                        Duration.ofMillis(200), Duration.ofSeconds(10))) {
                    complete = store.done.await(timeout.toSeconds(), TimeUnit.SECONDS);
                }
                final CpuUsage cpu = CpuUsage.since(cpuBefore);
                if (store.failure.get() != null) {
                    System.out.println("a batch failed (the sink retried it): " + store.failure.get());
                }
                final long firstPoll = consumer.firstRecordsPollStartedAt.get();
                final long finished = complete ? store.completedAt.get() : System.nanoTime();
                final double seconds = (finished - firstPoll) / 1e9;
                final long stored = store.recordsCovered();
                final long paymentRows = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM payments").mapTo(Long.class).one());
                final long shiftRows = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM shift_events").mapTo(Long.class).one());

                System.out.println();
                System.out.printf(Locale.ROOT, "%s: %,d records (%,d payment events, %,d shift events) in %.2f s from the first poll with records "
                                + "to stored offsets = end offsets%n", complete ? "complete" : "INCOMPLETE after " + timeout.toSeconds() + " s",
                        stored, workload.paymentsEmitted(), workload.shiftEventsEmitted(), seconds);
                System.out.printf(Locale.ROOT, "sink throughput: %,.0f events/s%n", stored / seconds);
                System.out.printf(Locale.ROOT, "batches: %,d, %.0f records each on average; store time (rows + offsets, one transaction) "
                                + "p50 %.1f ms, p99 %.1f ms, max %.1f ms; %.0f%% of the wall time in the store%n",
                        store.batches.count(), (double) stored / store.batches.count(), store.batches.millis(0.5), store.batches.millis(0.99),
                        store.batches.millis(1.0), 100.0 * store.storeNanos.get() / (finished - firstPoll));
                System.out.println(cpu.describe("the run (group join included)"));
                final boolean verified = paymentRows == distinctPayments && shiftRows == workload.shiftEventsEmitted()
                        && store.paymentsNew.get() == distinctPayments && store.paymentDuplicates.get() == workload.redeliveriesEmitted();
                System.out.printf(Locale.ROOT, "store: %,d payment rows (%,d distinct event ids produced), %,d shift events (%,d produced); "
                                + "sink counted %,d new and %,d duplicate payments: %s%n", paymentRows, distinctPayments, shiftRows,
                        workload.shiftEventsEmitted(), store.paymentsNew.get(), store.paymentDuplicates.get(), verified ? "verified" : "NOT verified");
                System.out.printf(Locale.ROOT, "target: >= %,.0f events/s: %s%n", TARGET, complete && verified && stored / seconds >= TARGET ? "met" : "NOT met");
                metrics.close();
            }
        }
    }

    /**
     * Publishes the workload as the gateway (payments, key orgId:customerId) and the report service (shift events, key
     * orgId:clubId) do: Avro through the registry, record time = when it happened, idempotent with acks=all and lz4.
     */
    private static long produce(final String bootstrap, final Topics topics, final ClubWorkload workload) {
        final Serializer<PaymentEvent> payments = topics.payments().valueSerde().serializer();
        final Serializer<ShiftEvent> shifts = topics.shiftEvents().valueSerde().serializer();
        final long t0 = System.nanoTime();
        long bytes = 0;
        try (InputPublisher publisher = new InputPublisher(bootstrap, Map.of())) {
            for (Object event = workload.next(); event != null && !publisher.failed(); event = workload.next()) {
                if (event instanceof PaymentEvent payment) {
                    final byte[] value = payments.serialize(topics.payments().name(), payment);
                    publisher.send(topics.payments().name(), payment.getOccurredAt().toEpochMilli(), payment.getOrgId() + ":" + payment.getCustomerId(),
                            value);
                    bytes += value.length;
                } else {
                    final ShiftEvent shift = (ShiftEvent) event;
                    final byte[] value = shifts.serialize(topics.shiftEvents().name(), shift);
                    publisher.send(topics.shiftEvents().name(), shift.getOccurredAt().toEpochMilli(), shift.getOrgId() + ":" + shift.getClubId(), value);
                    bytes += value.length;
                }
            }
        }
        System.out.printf(Locale.ROOT, "produced in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        return bytes;
    }

    /** The production consumer, noting when the first poll that returned records started. */
    private static final class TimedConsumer extends KafkaConsumer<byte[], byte[]> {

        private final AtomicLong firstRecordsPollStartedAt = new AtomicLong();

        TimedConsumer(final Properties props) {
            super(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }

        @Override
        public ConsumerRecords<byte[], byte[]> poll(final Duration timeout) {
            final long started = System.nanoTime();
            final ConsumerRecords<byte[], byte[]> records = super.poll(timeout);
            if (!records.isEmpty()) {
                firstRecordsPollStartedAt.compareAndSet(0, started);
            }
            return records;
        }
    }

    /**
     * The production store, watched: times each batch, follows the stored offsets and signals when they reach
     * {@code end} on every partition.
     */
    private static final class MeasuringStore implements SinkStore {

        private final SinkStore store;
        private final Map<TopicPartition, Long> end;
        private final Map<TopicPartition, Long> stored = new ConcurrentHashMap<>();
        private final CountDownLatch done = new CountDownLatch(1);
        private final AtomicLong completedAt = new AtomicLong();
        private final AtomicLong storeNanos = new AtomicLong();
        private final AtomicLong paymentsNew = new AtomicLong();
        private final AtomicLong paymentDuplicates = new AtomicLong();
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final Latencies batches = new Latencies("store batch");

        MeasuringStore(final SinkStore store, final Map<TopicPartition, Long> end) {
            this.store = store;
            this.end = Map.copyOf(end);
        }

        @Override
        public List<StoredOffset> offsets(final String groupId) {
            return store.offsets(groupId);
        }

        @Override
        public BatchCounts storeBatch(final String groupId, final List<PaymentRow> payments, final List<ShiftEventRow> shiftEvents,
                                      final List<StoredOffset> offsets) {
            final long started = System.nanoTime();
            final BatchCounts counts;
            try {
                counts = store.storeBatch(groupId, payments, shiftEvents, offsets);
            } catch (final RuntimeException e) {
                failure.compareAndSet(null, e);
                throw e;
            }
            final long elapsed = System.nanoTime() - started;
            synchronized (batches) {
                batches.add(elapsed);
            }
            storeNanos.addAndGet(elapsed);
            paymentsNew.addAndGet(counts.paymentsStored());
            paymentDuplicates.addAndGet(counts.paymentDuplicates());
            for (final StoredOffset offset : offsets) {
                stored.put(new TopicPartition(offset.topic(), offset.partition()), offset.nextOffset());
            }
            if (done.getCount() > 0 && reachedEnd()) {
                completedAt.set(System.nanoTime());
                done.countDown();
            }
            return counts;
        }

        long recordsCovered() {
            return stored.values().stream().mapToLong(Long::longValue).sum();
        }

        private boolean reachedEnd() {
            final List<TopicPartition> behind = new ArrayList<>();
            end.forEach((partition, offset) -> {
                if (offset > 0 && stored.getOrDefault(partition, 0L) < offset) {
                    behind.add(partition);
                }
            });
            return behind.isEmpty();
        }
    }
}

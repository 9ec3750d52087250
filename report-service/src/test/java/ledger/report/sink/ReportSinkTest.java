package ledger.report.sink;

import static ledger.report.TestKit.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.report.TestKit;
import ledger.report.app.ReportConfig;
import ledger.report.persistence.Database;
import ledger.report.persistence.PaymentDao;
import ledger.report.persistence.PaymentRow;
import ledger.report.persistence.ShiftEventRow;
import ledger.report.persistence.SinkStore;
import ledger.report.persistence.StoredOffset;
import ledger.schemas.serde.MockSchemaRegistry;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sink on a real broker and database: it rides out an unavailable store without losing or doubling anything,
 * skips what it cannot read, and resumes from the offsets stored with the rows rather than from Kafka's.
 */
class ReportSinkTest {

    private static final String SCOPE = "sink_test";
    private static final String ORG = "org-sink";
    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
    private static Topics topics;
    private static ReportConfig config;
    private static Database database;

    @BeforeAll
    static void setUp() {
        config = ReportConfig.fromEnv(TestKit.env(SCOPE, Map.of()));
        topics = TestKit.topics(SCOPE);
        TestKit.createTopics(topics);
        database = Database.connect(config.databaseUrl(), config.databaseUser(), config.databasePassword(), config.databaseSchema());
    }

    @AfterAll
    static void tearDown() {
        database.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void ridesOutAnUnavailableStoreSkipsUnreadableRecordsAndResumesFromStoredOffsets() {
        try (KafkaProducer<String, PaymentEvent> producer = TestKit.paymentProducer(topics);
             KafkaProducer<byte[], byte[]> raw = TestKit.rawProducer()) {
            for (int i = 1; i <= 5; i++) {
                TestKit.publish(producer, topics, pay(i));
            }
            TestKit.publish(producer, topics, pay(3));
            raw.send(new ProducerRecord<>(topics.payments().name(), "org-sink:garbage".getBytes(StandardCharsets.UTF_8),
                    "not avro".getBytes(StandardCharsets.UTF_8)));
            raw.flush();
        }
        final Map<TopicPartition, Long> ends = TestKit.endOffsets(List.of(topics.payments().name(), topics.shiftEvents().name()));
        final FlakyStore flaky = new FlakyStore(SinkStore.jdbi(database.jdbi()), 1, 2);
        final SimpleMeterRegistry firstRun = new SimpleMeterRegistry();

        try (ReportSink sink = start(flaky, firstRun)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> TestKit.caughtUp(database.jdbi(), config.groupId(), ends));
        }

        assertThat(flaky.failedOffsetReads.get()).isEqualTo(1);
        assertThat(flaky.failedBatches.get()).isEqualTo(2);
        assertThat(database.jdbi().onDemand(PaymentDao.class).forOrg(ORG)).extracting(PaymentRow::transactionId)
                .containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(count(firstRun, "report.sink.events.stored")).isEqualTo(5);
        assertThat(count(firstRun, "report.sink.events.duplicates")).isEqualTo(1);
        assertThat(count(firstRun, "report.sink.events.undeserializable")).isEqualTo(1);
        assertThat(count(firstRun, "report.sink.retries")).isGreaterThanOrEqualTo(2);

        // Kafka's committed offsets are at the end now. Moving only the stored ones back must make the sink re-read
        // everything, and the re-read must change nothing.
        database.jdbi().useHandle(h -> h.execute("UPDATE consumer_offsets SET next_offset = 0"));
        final SimpleMeterRegistry secondRun = new SimpleMeterRegistry();
        try (ReportSink sink = start(SinkStore.jdbi(database.jdbi()), secondRun)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> count(secondRun, "report.sink.events.duplicates") == 6
                    && TestKit.caughtUp(database.jdbi(), config.groupId(), ends));
        }
        assertThat(count(secondRun, "report.sink.events.stored")).isZero();
        assertThat(database.jdbi().onDemand(PaymentDao.class).count()).isEqualTo(5);
    }

    private static ReportSink start(final SinkStore store, final SimpleMeterRegistry registry) {
        final KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config.consumerProperties(),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        return ReportSink.start(consumer, topics, config.groupId(), store, registry, new SinkStatus(Clock.systemUTC()),
                Duration.ofMillis(20), Duration.ofMillis(100));
    }

    private static double count(final SimpleMeterRegistry registry, final String name) {
        return registry.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static PaymentEvent pay(final int transactionId) {
        return payment(ORG, NotificationKind.PAY, transactionId, "cust-" + transactionId, "club-1", 10_000, "RUB",
                T0.plusSeconds(transactionId)).setStatus("Completed").build();
    }

    /** A store that is down for its first few calls, as PostgreSQL is during a restart. */
    private static final class FlakyStore implements SinkStore {
        private final SinkStore delegate;
        private final AtomicInteger offsetFailuresLeft;
        private final AtomicInteger batchFailuresLeft;
        final AtomicInteger failedOffsetReads = new AtomicInteger();
        final AtomicInteger failedBatches = new AtomicInteger();

        FlakyStore(final SinkStore delegate, final int offsetFailures, final int batchFailures) {
            this.delegate = delegate;
            this.offsetFailuresLeft = new AtomicInteger(offsetFailures);
            this.batchFailuresLeft = new AtomicInteger(batchFailures);
        }

        @Override
        public List<StoredOffset> offsets(final String groupId) {
            if (offsetFailuresLeft.getAndDecrement() > 0) {
                failedOffsetReads.incrementAndGet();
                throw new IllegalStateException("database is restarting");
            }
            return delegate.offsets(groupId);
        }

        @Override
        public BatchCounts storeBatch(final String groupId, final List<PaymentRow> payments,
                                      final List<ShiftEventRow> shiftEvents, final List<StoredOffset> offsets) {
            if (batchFailuresLeft.getAndDecrement() > 0) {
                failedBatches.incrementAndGet();
                throw new IllegalStateException("database is restarting");
            }
            return delegate.storeBatch(groupId, payments, shiftEvents, offsets);
        }
    }
}

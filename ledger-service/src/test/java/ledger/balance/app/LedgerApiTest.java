package ledger.balance.app;

import static ledger.balance.domain.Events.pay;
import static ledger.balance.domain.Events.refund;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ledger.balance.domain.Events;
import ledger.balance.http.BalanceQueries;
import ledger.balance.http.LedgerHttp;
import ledger.platform.access.ServiceAccess;
import ledger.platform.access.Throttle;
import ledger.balance.topology.LedgerListener;
import ledger.balance.topology.LedgerTopology;
import ledger.embedded.SharedInfrastructure;
import ledger.events.DeadLetter;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.schemas.serde.MockSchemaRegistry;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One ledger instance on the embedded broker, through its HTTP API as a backend service uses it: balances in
 * every currency, a customer's recent events newest first, 404 for an unknown customer, 400 for a bad limit,
 * 503 before the stores are ready, health, and the Prometheus series operators alert on (decisions, postings,
 * dead letters, consumer lag). Also that refused and unreadable records do reach the dead-letter topic.
 */
class LedgerApiTest {

    private static final String SCOPE = "LedgerApiTest";
    private static final String PREFIX = "api-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private static final String ORG = "org-api";

    private static LedgerService ledger;
    private static LedgerClient api;
    private static LedgerConfig config;
    private static Topics topics;
    private static KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void start() {
        final String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        config = LedgerConfig.fromEnv(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "SCHEMA_REGISTRY_URL", "mock://" + SCOPE,
                "LEDGER_PORT", "0",
                "LEDGER_LISTEN_HOST", "127.0.0.1",
                "LEDGER_STATE_DIR", SharedInfrastructure.tempDir("ledger-api").toString(),
                "LEDGER_APPLICATION_ID", PREFIX + "ledger",
                "TOPIC_PREFIX", PREFIX,
                "LEDGER_COMMIT_INTERVAL_MS", "50",
                "ADMIN_TOKEN", LedgerClient.ADMIN_TOKEN));
        topics = config.topics();
        ledger = LedgerService.start(config);
        ledger.awaitRunning(Duration.ofSeconds(60));
        api = new LedgerClient(ledger.port());
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (ledger != null) {
            ledger.close();
        }
        MockSchemaRegistry.dropScope(SCOPE);
    }

    private static void send(final PaymentEvent e) {
        send(e.getOrgId() + ":" + e.getCustomerId(), topics.payments().valueSerde().serializer().serialize(topics.payments().name(), e),
                e.getOccurredAt().toEpochMilli());
    }

    private static void send(final String key, final byte[] value, final long timestamp) {
        try {
            producer.send(new ProducerRecord<>(topics.payments().name(), null, timestamp, key, value)).get();
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static LedgerClient.Balance awaitSequence(final String customer, final long sequence) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> api.balance(ORG, customer), b -> b != null && b.sequence() == sequence);
    }

    @Test
    void balancesInEveryCurrencyAndTheRecentEventsNewestFirst() {
        send(pay(ORG, "c-events", 1001, 10_000));
        send(pay(ORG, "c-events", 1001, 10_000)); // a redelivery
        send(refund(ORG, "c-events", 1002, 1001, 3_000));
        awaitSequence("c-events", 2);
        send(Events.base(ORG, NotificationKind.PAY, 1003, "c-events", 2_550).setCurrency("USD").setStatus("Completed").setGatewayName("Tinkoff").build());
        awaitSequence("c-events", 3);

        final JsonNode balance = api.get("/orgs/" + ORG + "/balances/c-events").json();
        assertThat(balance.path("balances").toString()).isEqualTo(
                "[{\"currency\":\"RUB\",\"balanceMinor\":7000,\"balance\":\"70.00\"},{\"currency\":\"USD\",\"balanceMinor\":2550,\"balance\":\"25.50\"}]");

        final JsonNode recent = api.get("/orgs/" + ORG + "/balances/c-events/events").json();
        assertThat(recent.path("sequence").asLong()).isEqualTo(3);
        assertThat(sequences(recent)).containsExactly(3L, 2L, 1L);
        final JsonNode refundEntry = recent.path("events").get(1);
        assertThat(refundEntry.path("kind").asText()).isEqualTo("REFUND");
        assertThat(refundEntry.path("sourceTransactionId").asLong()).isEqualTo(1002);
        assertThat(refundEntry.path("sourceEventId").asText()).isEqualTo(ORG + ":REFUND:1002");
        assertThat(refundEntry.path("currency").asText()).isEqualTo("RUB");
        assertThat(refundEntry.path("amountMinor").asLong()).isEqualTo(-3_000);
        assertThat(refundEntry.path("amount").asText()).isEqualTo("-30.00");
        assertThat(refundEntry.path("balanceAfterMinor").asLong()).isEqualTo(7_000);
        assertThat(refundEntry.path("balanceAfter").asText()).isEqualTo("70.00");
        assertThat(refundEntry.path("testMode").asBoolean()).isFalse();
        assertThat(refundEntry.path("occurredAt").asText()).isEqualTo(Events.T0.plusSeconds(2).toString());

        assertThat(sequences(api.get("/orgs/" + ORG + "/balances/c-events/events?limit=2").json())).containsExactly(3L, 2L);
        assertThat(sequences(api.get("/orgs/" + ORG + "/balances/c-events/events?limit=200").json())).containsExactly(3L, 2L, 1L);
    }

    @Test
    void testMoneyIsShownApartFromLiveMoney() {
        send(pay(ORG, "c-modes", 3001, 50_000));
        send(PaymentEvent.newBuilder(pay(ORG, "c-modes", 3002, 1_000)).setTestMode(true).build());
        awaitSequence("c-modes", 2);
        final JsonNode balance = api.get("/orgs/" + ORG + "/balances/c-modes").json();
        assertThat(balance.path("balances").toString()).isEqualTo("[{\"currency\":\"RUB\",\"balanceMinor\":50000,\"balance\":\"500.00\"}]");
        assertThat(balance.path("testBalances").toString()).isEqualTo("[{\"currency\":\"RUB\",\"balanceMinor\":1000,\"balance\":\"10.00\"}]");
        final JsonNode testEntry = api.get("/orgs/" + ORG + "/balances/c-modes/events").json().path("events").get(0);
        assertThat(testEntry.path("testMode").asBoolean()).isTrue();
        assertThat(testEntry.path("balanceAfterMinor").asLong()).isEqualTo(1_000);
    }

    @Test
    void anUnknownCustomerIs404AndABadLimitIs400() {
        for (final String path : List.of("/balances/" + ORG + "/nobody", "/balances/" + ORG + "/nobody/events", "/balances/other-org/c-events")) {
            final LedgerClient.Reply reply = api.get(path);
            assertThat(reply.status()).as(path).isEqualTo(404);
            assertThat(reply.json().path("error").asText()).as(path).startsWith("no balance for customer");
        }
        for (final String limit : List.of("0", "201", "-1", "abc", "1.5", "")) {
            final LedgerClient.Reply reply = api.get("/orgs/" + ORG + "/balances/nobody/events?limit=" + limit);
            assertThat(reply.status()).as("limit=" + limit).isEqualTo(400);
            assertThat(reply.json().path("error").asText()).as("limit=" + limit).isEqualTo("limit must be a whole number from 1 to 200, got '" + limit + "'");
        }
        assertThat(api.get("/orgs/" + ORG + "/balances/" + "x".repeat(129)).status()).isEqualTo(400);
    }

    @Test
    void metricsCountDecisionsPostingsDeadLettersAndConsumerLag() {
        final double appliedBefore = api.metric("ledger_decisions_total{mode=\"live\",outcome=\"applied\"}");
        final double duplicatesBefore = api.metric("ledger_decisions_total{mode=\"live\",outcome=\"duplicate\"}");
        final double creditsBefore = api.metric("ledger_postings_total{direction=\"credit\",mode=\"live\"}");
        final double debitsBefore = api.metric("ledger_postings_total{direction=\"debit\",mode=\"live\"}");

        send(pay(ORG, "c-metrics", 2001, 10_000));
        send(pay(ORG, "c-metrics", 2001, 10_000));                  // duplicate
        send(pay(ORG, "c-metrics", 2001, 99_999));                  // same id, other amount: conflict
        send(refund(ORG, "c-metrics", 2002, 2001, 4_000));          // debit
        send(refund(ORG, "c-metrics", 2003, 2001, 7_000));          // more than is left: over-refund
        send(ORG + ":c-metrics", new byte[] {1, 2, 3}, Events.T0.toEpochMilli()); // unreadable
        awaitSequence("c-metrics", 2);

        final List<DeadLetter> letters = awaitDeadLetters(3);
        assertThat(letters).extracting(DeadLetter::getReason).containsExactlyInAnyOrder("CONFLICT", "OVER_REFUND", "UNDESERIALIZABLE");
        assertThat(letters).filteredOn(l -> l.getReason().equals("UNDESERIALIZABLE")).singleElement()
                .satisfies(l -> assertThat(l.getValue().array()).containsExactly(1, 2, 3));

        assertThat(api.metric("ledger_decisions_total{mode=\"live\",outcome=\"applied\"}") - appliedBefore).isEqualTo(2);
        assertThat(api.metric("ledger_decisions_total{mode=\"live\",outcome=\"duplicate\"}") - duplicatesBefore).isEqualTo(1);
        assertThat(api.metric("ledger_decisions_total{mode=\"live\",outcome=\"conflict\"}")).isEqualTo(1);
        assertThat(api.metric("ledger_decisions_total{mode=\"live\",outcome=\"over_refund\"}")).isEqualTo(1);
        assertThat(api.metric("ledger_postings_total{direction=\"credit\",mode=\"live\"}") - creditsBefore).isEqualTo(1);
        assertThat(api.metric("ledger_postings_total{direction=\"debit\",mode=\"live\"}") - debitsBefore).isEqualTo(1);
        assertThat(api.metric("ledger_dead_letters_total{mode=\"live\",reason=\"conflict\"}")).isEqualTo(1);
        assertThat(api.metric("ledger_dead_letters_total{mode=\"live\",reason=\"over_refund\"}")).isEqualTo(1);
        assertThat(api.metric("ledger_dead_letters_total{mode=\"test\",reason=\"invalid\"}")).isZero();
        // Kafka's own series, through the KafkaStreamsMetrics binder: per-partition consumer lag, and the
        // record the deserialization handler dead-lettered and skipped.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(api.get("/metrics").body()).contains("kafka_consumer_fetch_manager_records_lag{", "kafka_consumer_fetch_manager_records_lag_max{");
            assertThat(api.metricSum("kafka_stream_task_dropped_records_total")).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void healthSaysUpWhenRunning() {
        assertThat(api.get("/health/live").json().path("status").asText()).isEqualTo("UP");
        final LedgerClient.Reply ready = api.get("/health/ready");
        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("streams").asText()).isEqualTo("RUNNING");
    }

    @Test
    void beforeTheStoresAreReadyQueriesAnswer503() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        final LedgerConfig another = new LedgerConfig(config.bootstrapServers(), config.schemaRegistryUrl(), 0, "127.0.0.1", "127.0.0.1",
                SharedInfrastructure.tempDir("ledger-api-not-started"), config.applicationId(), config.topicPrefix(),
                config.processingGuarantee(), config.commitIntervalMs(), 1, config.sessionTimeoutMs(), "", config.replication(),
                config.adminToken(), null);
        final KafkaStreams notStarted = new KafkaStreams(LedgerTopology.build(topics, another.serdeConfig(), LedgerListener.NONE),
                another.toStreamsProperties(1));
        final ServiceAccess access = ServiceAccess.open(config.bootstrapServers(), config.topicPrefix(), config.adminToken(), Optional.empty(),
                Throttle.NONE, Clock.systemUTC());
        final Javalin http = LedgerHttp.create(notStarted, new BalanceQueries(notStarted, new HostInfo("127.0.0.1", 1)), access.http(), registry,
                () -> new RestoreProgress.Snapshot(1_200_000, 3_400_000, 4));
        try {
            http.start("127.0.0.1", 0);
            final LedgerClient starting = new LedgerClient(http.port());
            for (final String path : List.of("/balances/" + ORG + "/c-events", "/balances/" + ORG + "/c-events/events", "/health/ready")) {
                final LedgerClient.Reply reply = starting.get(path);
                assertThat(reply.status()).as(path).isEqualTo(503);
                assertThat(reply.body()).as(path).contains("CREATED");
            }
            // While restoring, readiness says how far: an orchestrator waits instead of restarting a recovering ledger.
            final JsonNode restoring = starting.get("/health/ready").json().path("restoring");
            assertThat(restoring.path("restoredRecords").asLong()).isEqualTo(1_200_000);
            assertThat(restoring.path("totalRecords").asLong()).isEqualTo(3_400_000);
            assertThat(restoring.path("message").asText()).isEqualTo("restoring state: 1.2 M of 3.4 M records (4 changelog partitions)");
        } finally {
            http.stop();
            access.close();
            notStarted.close(Duration.ofSeconds(5));
        }
    }

    private static List<Long> sequences(final JsonNode recent) {
        final List<Long> sequences = new ArrayList<>();
        recent.path("events").forEach(e -> sequences.add(e.path("sequence").asLong()));
        return sequences;
    }

    private static List<DeadLetter> awaitDeadLetters(final int count) {
        final List<DeadLetter> letters = new ArrayList<>();
        try (KafkaConsumer<String, DeadLetter> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, PREFIX + "dead-letter-reader-" + UUID.randomUUID()),
                new StringDeserializer(), topics.deadLetters().valueSerde().deserializer())) {
            consumer.subscribe(List.of(topics.deadLetters().name()));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> letters.add(r.value()));
                return letters.size() >= count;
            });
        }
        return letters;
    }
}

package ledger.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import ledger.embedded.EmbeddedKafka;
import ledger.embedded.SharedInfrastructure;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.gateway.notification.Signature;
import ledger.schemas.serde.MockSchemaRegistry;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's promise under a broker outage: {@code {"code":0}} only for what Kafka has, an HTTP 503 JSON
 * error well inside CloudPayments' 30 s for the rest, and business as usual once the broker is back.
 *
 * <p>Several client threads send signed Pay notifications with unique TransactionIds while this test stops its
 * own broker and later starts it again on the same data directory and port (so the gateway's bootstrap address
 * stays valid). Refused notifications are then re-sent, as CloudPayments retries them. Finally the payments
 * topic is read (read_committed): every accepted notification is there exactly once and exactly as sent.
 */
class BrokerOutageTest {

    private static final Logger log = LoggerFactory.getLogger(BrokerOutageTest.class);

    private static final String PREFIX = "outage-";
    private static final String SCOPE = "BrokerOutageTest";
    private static final String ADMIN = "admin-token-0123456789";
    private static final String ORG = "org-outage";
    private static final String SECRET = "outage-secret";
    private static final int CLIENTS = 8;
    private static final int TOTAL = 600;
    private static final long FIRST_TXN = 7_000_001L;
    private static final long CHECK_TXN = 8_000_001L;
    private static final int CHECKS = 20;
    /** Sent before the broker is stopped: the first stage lets this many through. */
    private static final int BEFORE_STOP = 200;
    /** Released right after the broker has stopped: these meet the outage. */
    private static final int DURING_OUTAGE = 150;
    private static final Duration MAX_LATENCY = Duration.ofSeconds(15);
    private static final Duration CHECK_LATENCY = Duration.ofSeconds(2);
    private static final DateTimeFormatter CLOUDPAYMENTS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Instant BASE_TIME = Instant.parse("2026-11-20T06:00:00Z");

    /** One answered webhook. */
    private record Answer(long txn, int status, String body, Duration latency) {
        boolean accepted() {
            return status == 200 && "{\"code\":0}".equals(body);
        }
    }

    @Test
    void acceptedWebhooksSurviveABrokerOutageAndRefusedOnesAreAnsweredInTime() throws Exception {
        final Path dataDir = SharedInfrastructure.tempDir("kafka-outage");
        final int port = portOutsideTheEphemeralRange();
        EmbeddedKafka kafka = EmbeddedKafka.start(dataDir, port);
        final String bootstrap = kafka.bootstrapServers();
        final FakeCloudPaymentsApi cloudPayments = new FakeCloudPaymentsApi();
        GatewayService gateway = null;
        final List<Thread> clients = new ArrayList<>();
        try {
            // GATEWAY_PUBLISH_TIMEOUT_MS stays at its production default (10 s).
            gateway = GatewayService.start(GatewayConfig.fromEnv(TestGateways.env(bootstrap, SCOPE, PREFIX, ADMIN, cloudPayments)));
            final String url = "http://127.0.0.1:" + gateway.port();
            final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
            cloudPayments.accept("pk_outage", SECRET);
            final HttpResponse<String> connected = http.send(HttpRequest.newBuilder(URI.create(url + "/organizations/" + ORG + "/integrations/cloudpayments"))
                    .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"publicId\":\"pk_outage\",\"apiSecret\":\"" + SECRET
                            + "\",\"currency\":\"RUB\",\"minTopUp\":\"1.00\",\"maxTopUp\":\"100000.00\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(connected.statusCode()).as(connected.body()).isEqualTo(200);

            // Clients take one permit per webhook; the test releases permits in stages around the outage.
            final Semaphore permits = new Semaphore(0);
            final AtomicLong nextTxn = new AtomicLong(FIRST_TXN);
            final Queue<Answer> answers = new ConcurrentLinkedQueue<>();
            final Queue<Throwable> clientFailures = new ConcurrentLinkedQueue<>();
            final AtomicInteger accepted = new AtomicInteger();
            final AtomicInteger refused = new AtomicInteger();
            for (int c = 0; c < CLIENTS; c++) {
                final Thread client = new Thread(() -> {
                    try {
                        while (permits.tryAcquire(60, TimeUnit.SECONDS)) {
                            final long txn = nextTxn.getAndIncrement();
                            if (txn >= FIRST_TXN + TOTAL) {
                                return;
                            }
                            final Answer answer = send(http, url, txn);
                            answers.add(answer);
                            (answer.accepted() ? accepted : refused).incrementAndGet();
                        }
                        clientFailures.add(new AssertionError("client starved of permits for 60 s"));
                    } catch (final Throwable e) {
                        clientFailures.add(e);
                    }
                }, "webhook-client-" + c);
                client.start();
                clients.add(client);
            }

            final long started = System.nanoTime();
            permits.release(BEFORE_STOP);
            await().atMost(Duration.ofSeconds(30)).until(() -> accepted.get() >= BEFORE_STOP * 3 / 4);
            // Stop the broker while the rest of the first stage is still being sent.
            final int acceptedBeforeStop = accepted.get();
            kafka.close();
            final long stoppedAt = System.nanoTime();
            final int acceptedWhileStopping = accepted.get() - acceptedBeforeStop;
            log.info("broker stopped; {} webhooks accepted before the stop, {} while it was stopping", acceptedBeforeStop, acceptedWhileStopping);

            permits.release(DURING_OUTAGE);
            // An admin changing the integration meanwhile is told it did not take, not given a stack trace.
            final long putSentAt = System.nanoTime();
            final CompletableFuture<HttpResponse<String>> putDuringOutage = http.sendAsync(
                    HttpRequest.newBuilder(URI.create(url + "/organizations/" + ORG + "/integrations/cloudpayments"))
                            .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"publicId\":\"pk_outage\",\"apiSecret\":\"" + SECRET
                                    + "\",\"currency\":\"RUB\",\"minTopUp\":\"1.00\",\"maxTopUp\":\"100000.00\"}"))
                            .build(), HttpResponse.BodyHandlers.ofString());
            // Every client is now waiting on a dead broker: each must get an error within the publish timeout.
            await().atMost(Duration.ofSeconds(30)).until(() -> refused.get() >= CLIENTS);
            final int refusedDuringOutage = refused.get();
            // Check does not wait for Kafka: CloudPayments does not retry it and declines a payment whose Check is late.
            for (long txn = CHECK_TXN; txn < CHECK_TXN + CHECKS; txn++) {
                final Answer check = send(http, url, "check", txn);
                assertThat(check.accepted()).as("Check %d during the outage: %d %s", txn, check.status(), check.body()).isTrue();
                // Waiting for Kafka would take the publish timeout (10 s) or at least max.block.ms (5 s); 2 s tells the two
                // apart, where the former 500 ms was within reach of one scheduling or GC pause on a machine busy with
                // other builds.
                assertThat(check.latency()).as("Check %d during the outage", txn).isLessThan(CHECK_LATENCY);
            }
            final HttpResponse<String> put = putDuringOutage.get(30, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - putSentAt)).isLessThan(Duration.ofSeconds(25));
            assertThat(put.statusCode()).as(put.body()).isEqualTo(503);
            assertThat(put.body()).startsWith("{").contains("retry");

            kafka = EmbeddedKafka.start(dataDir, port);
            assertThat(kafka.bootstrapServers()).isEqualTo(bootstrap);
            final long restartedAt = System.nanoTime();
            log.info("broker restarted on {} after {} ms down", bootstrap, TimeUnit.NANOSECONDS.toMillis(restartedAt - stoppedAt));

            permits.release(TOTAL - BEFORE_STOP - DURING_OUTAGE + CLIENTS);
            for (final Thread client : clients) {
                client.join(Duration.ofSeconds(60).toMillis());
                assertThat(client.isAlive()).as(client.getName() + " finished").isFalse();
            }
            assertThat(clientFailures).isEmpty();
            assertThat(answers).hasSize(TOTAL);

            // Every answer, accepted or refused, came well inside CloudPayments' 30 s, and every error is JSON.
            for (final Answer answer : answers) {
                assertThat(answer.latency()).as("latency of TransactionId %d", answer.txn()).isLessThan(MAX_LATENCY);
                if (!answer.accepted()) {
                    assertThat(answer.status()).as("status of refused TransactionId %d: %s", answer.txn(), answer.body()).isEqualTo(503);
                    assertThat(answer.body()).startsWith("{").contains("\"error\"");
                }
            }
            final Duration slowest = answers.stream().map(Answer::latency).max(Duration::compareTo).orElseThrow();
            // Accepted after waiting: sent while the broker was down, acknowledged once it was back.
            final long heldOverRestart = answers.stream().filter(a -> a.accepted() && a.latency().compareTo(Duration.ofSeconds(1)) > 0).count();

            // CloudPayments retries what was refused; the broker is back, so each retry is accepted.
            final Map<Long, Answer> acceptedByTxn = new HashMap<>();
            final List<Long> refusedTxns = new ArrayList<>();
            for (final Answer answer : answers) {
                if (answer.accepted()) {
                    acceptedByTxn.put(answer.txn(), answer);
                } else {
                    refusedTxns.add(answer.txn());
                }
            }
            for (final long txn : refusedTxns) {
                final Answer retry = send(http, url, txn);
                assertThat(retry.accepted()).as("retry of TransactionId %d: %d %s", txn, retry.status(), retry.body()).isTrue();
            }
            log.info("outage result: {} webhooks sent by {} clients in {} ms: {} accepted ({} of them while the broker was stopping, "
                            + "{} sent while it was down and acknowledged after the restart), {} refused with 503 during the outage "
                            + "({} refused in total); slowest answer {} ms; the {} refused webhooks were retried and accepted",
                    TOTAL, CLIENTS, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                    acceptedByTxn.size(), acceptedWhileStopping, heldOverRestart, refusedDuringOutage, refusedTxns.size(),
                    slowest.toMillis(), refusedTxns.size());
            assertThat(refusedTxns).as("some webhooks met the outage").isNotEmpty();

            // What the ledger will read.
            final Map<Long, List<ConsumerRecord<String, PaymentEvent>>> inTopic = readPayments(bootstrap, NotificationKind.PAY);
            for (final long txn : acceptedByTxn.keySet()) {
                assertThat(inTopic.get(txn)).as("records of accepted TransactionId %d", txn).hasSize(1);
                assertAsSent(inTopic.get(txn).get(0), txn);
            }
            int refusedButWritten = 0;
            for (final long txn : refusedTxns) {
                // Refused and retried: at least the retry is there; the refused attempt may have landed too
                // (Kafka acknowledged after the gateway gave up), which the ledger deduplicates by event id.
                assertThat(inTopic.get(txn)).as("records of refused, then retried TransactionId %d", txn).hasSizeBetween(1, 2);
                inTopic.get(txn).forEach(r -> assertAsSent(r, txn));
                refusedButWritten += inTopic.get(txn).size() - 1;
            }
            assertThat(inTopic.keySet()).as("nothing but what was sent").hasSize(TOTAL);
            log.info("payments topic: {} distinct transactions; {} refused attempts were written anyway (duplicates by event id)",
                    inTopic.size(), refusedButWritten);
            // Checks answered during the outage are recorded when Kafka is back, as far as the producer still held them.
            final Map<Long, List<ConsumerRecord<String, PaymentEvent>>> checks = readPayments(bootstrap, NotificationKind.CHECK);
            assertThat(checks.keySet()).allMatch(txn -> txn >= CHECK_TXN && txn < CHECK_TXN + CHECKS);
            assertThat(checks.values()).allSatisfy(records -> assertThat(records).hasSize(1));
            log.info("payments topic: {} of the {} Checks answered during the outage were recorded after it", checks.size(), CHECKS);
        } finally {
            for (final Thread client : clients) {
                client.interrupt();
            }
            if (gateway != null) {
                gateway.close();
            }
            cloudPayments.close();
            kafka.close();
            MockSchemaRegistry.dropScope(SCOPE);
        }
    }

    /** A unique, verifiable Pay notification per TransactionId. */
    private static String body(final long txn) {
        final String amount = amountMinor(txn) / 100 + "." + String.format("%02d", amountMinor(txn) % 100);
        return "TransactionId=" + txn + "&Amount=" + amount + "&Currency=RUB&PaymentAmount=" + amount + "&PaymentCurrency=RUB"
                + "&OperationType=Payment&InvoiceId=inv-" + txn + "&AccountId=" + customer(txn)
                + "&DateTime=" + URLEncoder.encode(CLOUDPAYMENTS_TIME.format(occurredAt(txn)), StandardCharsets.UTF_8)
                + "&CardFirstSix=424242&CardLastFour=" + String.format("%04d", txn % 10_000) + "&CardType=Visa&CardExpDate=12%2f30"
                + "&TestMode=1&Status=Completed&GatewayName=Test&Data=%7b%22clubId%22%3a%22club-" + txn % 5 + "%22%7d&TotalFee=0.00";
    }

    private static long amountMinor(final long txn) {
        return 100 + (txn * 7919) % 500_000;
    }

    private static String customer(final long txn) {
        return "cust-" + txn % 37;
    }

    private static Instant occurredAt(final long txn) {
        return BASE_TIME.plusSeconds(txn - FIRST_TXN);
    }

    private static Answer send(final HttpClient http, final String url, final long txn) throws IOException, InterruptedException {
        return send(http, url, "pay", txn);
    }

    private static Answer send(final HttpClient http, final String url, final String type, final long txn) throws IOException, InterruptedException {
        // A Check carries no acquiring bank or fee yet: with them it would be a Pay's body on the Check URL, and declined.
        final String body = "check".equals(type) ? body(txn).replace("&GatewayName=Test", "").replace("&TotalFee=0.00", "") : body(txn);
        final HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/cloudpayments/" + ORG + "/" + type))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Content-HMAC", Signature.sign(SECRET, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        final long start = System.nanoTime();
        final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(txn, response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
    }

    private static void assertAsSent(final ConsumerRecord<String, PaymentEvent> record, final long txn) {
        final PaymentEvent e = record.value();
        assertThat(record.key()).isEqualTo(ORG + ":" + customer(txn));
        assertThat(record.timestamp()).isEqualTo(occurredAt(txn).toEpochMilli());
        assertThat(e.getEventId()).isEqualTo(ORG + ":PAY:" + txn);
        assertThat(e.getOrgId()).isEqualTo(ORG);
        assertThat(e.getKind()).isEqualTo(NotificationKind.PAY);
        assertThat(e.getTransactionId()).isEqualTo(txn);
        assertThat(e.getAmountMinor()).isEqualTo(amountMinor(txn));
        assertThat(e.getCurrency()).isEqualTo("RUB");
        assertThat(e.getPaymentAmountMinor()).isEqualTo(amountMinor(txn));
        assertThat(e.getCustomerId()).isEqualTo(customer(txn));
        assertThat(e.getOccurredAt()).isEqualTo(occurredAt(txn));
        assertThat(e.getInvoiceId()).isEqualTo("inv-" + txn);
        assertThat(e.getClubId()).isEqualTo("club-" + txn % 5);
        assertThat(e.getCard().getLastFour()).isEqualTo(String.format("%04d", txn % 10_000));
        assertThat(e.getTestMode()).isTrue();
        assertThat(e.getStatus()).isEqualTo("Completed");
        assertThat(e.getReconciled()).isFalse();
    }

    /** Reads the whole payments topic, read_committed, grouped by TransactionId. */
    private static Map<Long, List<ConsumerRecord<String, PaymentEvent>>> readPayments(final String bootstrap, final NotificationKind kind) {
        final Topics topics = Topics.create(PREFIX, Map.of("schema.registry.url", "mock://" + SCOPE));
        final Map<Long, List<ConsumerRecord<String, PaymentEvent>>> byTxn = new ConcurrentHashMap<>();
        try (KafkaConsumer<String, PaymentEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), topics.payments().valueSerde().deserializer())) {
            final List<TopicPartition> partitions = new ArrayList<>();
            for (final PartitionInfo p : consumer.partitionsFor(topics.payments().name(), Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            await().pollInSameThread().atMost(Duration.ofSeconds(20)).until(() -> {
                for (final ConsumerRecord<String, PaymentEvent> r : consumer.poll(Duration.ofMillis(100))) {
                    if (r.value().getKind() != kind) {
                        continue;
                    }
                    byTxn.computeIfAbsent(r.value().getTransactionId(), t -> new ArrayList<>()).add(r);
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return byTxn;
    }

    /**
     * A free port below the range the operating system hands out for port 0 and outgoing connections. The broker's
     * port is released while it is stopped and bound again on restart: a port from the ephemeral range can be given
     * to any socket of any process in that gap (the Kafka clients of other builds on the machine open many), and the
     * restart then fails to bind. The busier the machine, the likelier; below the range nothing takes it unasked.
     */
    private static int portOutsideTheEphemeralRange() {
        int ephemeralStart = 32_768;
        try {
            // Line by line: /proc reports a size of 0, and Files.readString then returns only the first byte.
            ephemeralStart = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim().split("\\s+")[0]);
        } catch (final IOException | RuntimeException notLinux) {
            // Keep Linux's default range start.
        }
        final int from = Math.max(10_000, ephemeralStart - 10_000);
        for (int attempt = 0; attempt < 100; attempt++) {
            final int port = from + ThreadLocalRandom.current().nextInt(Math.max(1, ephemeralStart - from));
            try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (final IOException taken) {
                // Try another.
            }
        }
        throw new IllegalStateException("no free port between " + from + " and " + ephemeralStart);
    }
}

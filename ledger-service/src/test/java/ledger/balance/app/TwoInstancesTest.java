package ledger.balance.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import ledger.balance.domain.Replay;
import ledger.balance.topology.LedgerTopology;
import ledger.embedded.SharedInfrastructure;
import ledger.events.BalanceEvent;
import ledger.events.CustomerBalances;
import ledger.events.PaymentEvent;
import ledger.events.Posting;
import ledger.schemas.registry.SchemaRegistryServer;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two ledger instances (one application id, one broker) share the customers, answer for each other, and
 * when one is killed mid-stream the other takes over without losing or repeating a cent.
 *
 * <p>Instance A runs in this JVM; instance B runs {@link LedgerMain} in a JVM of its own, so that killing it
 * is a real crash (SIGKILL): no final commit, an open transaction left for the broker to abort, no goodbye to
 * the consumer group. Closing B in-process, even with {@code close(Duration.ZERO)}, would let its threads
 * commit and shut down cleanly in the background, which is the easy case. Both use a real schema registry,
 * as a mock one cannot be shared between JVMs, and a 6 s session timeout so the group notices the crash
 * quickly.
 *
 * <p>The load is 3,000 deliveries over 200 customers: one- and two-stage payments, cancels, declines, partial
 * refunds, a few over-refunds and about 5% redeliveries, keyed {@code orgId:customerId} with the business
 * time as record timestamp. While both run, every answer through either instance must be one the ledger
 * has reached (a customer's sequence never goes back) and, once the first part is processed, both instances
 * answer exactly the balances a pure recomputation ({@link Replay}) gives. B is killed while it is working;
 * A must end with the recomputed balances for every customer, and the balance-events topic
 * (read_committed) must hold exactly one event per posting with gap-free sequences per customer.
 */
class TwoInstancesTest {

    private static final Logger log = LoggerFactory.getLogger(TwoInstancesTest.class);

    private static final String PREFIX = "two-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private static final int DELIVERIES = 3_000;
    private static final int CUSTOMERS_PER_ORG = 100;
    /** Delivered while both instances run. */
    private static final int BOTH_RUNNING = 1_200;
    /** Delivered while B is killed, mid-stream; the rest after. */
    private static final int UNTIL_KILLED = 1_800;
    private static final int CHUNK = 100;

    private static SchemaRegistryServer registry;
    private static LedgerService survivor;
    private static Process victim;
    private static KafkaProducer<String, PaymentEvent> producer;

    @AfterAll
    static void stop() {
        if (producer != null) {
            producer.close();
        }
        if (victim != null) {
            victim.destroyForcibly();
        }
        if (survivor != null) {
            survivor.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void theSurvivorOfAKilledInstanceEndsWithTheRecomputedBalances() throws Exception {
        final String bootstrap = SharedInfrastructure.kafka().bootstrapServers();
        registry = SchemaRegistryServer.start(bootstrap, PREFIX + "_schemas", 0);
        final Map<String, String> common = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "SCHEMA_REGISTRY_URL", registry.url(),
                "LEDGER_APPLICATION_ID", PREFIX + "ledger",
                "TOPIC_PREFIX", PREFIX,
                "LEDGER_PROCESSING_GUARANTEE", StreamsConfig.EXACTLY_ONCE_V2,
                "LEDGER_COMMIT_INTERVAL_MS", "50",
                "LEDGER_SESSION_TIMEOUT_MS", "6000",
                "LEDGER_LISTEN_HOST", "127.0.0.1",
                "ADMIN_TOKEN", LedgerClient.ADMIN_TOKEN);
        // Ports are chosen here, not with LEDGER_PORT=0, so that A cannot pick the port B is still booting to bind.
        final int portA = FreePort.find();
        int freePort = FreePort.find();
        while (freePort == portA) {
            freePort = FreePort.find();
        }
        final int portB = freePort;
        final LedgerConfig configA = LedgerConfig.fromEnv(with(common, "LEDGER_PORT", Integer.toString(portA),
                "LEDGER_STATE_DIR", SharedInfrastructure.tempDir("ledger-a").toString()));
        final Path logB = SharedInfrastructure.tempDir("ledger-b-log").resolve("instance-b.log");

        // B's JVM boots while A starts; both join the group together.
        victim = startOwnJvm(with(common, "LEDGER_PORT", Integer.toString(portB),
                "LEDGER_STATE_DIR", SharedInfrastructure.tempDir("ledger-b").toString()), logB);
        survivor = LedgerService.start(configA);
        final LedgerClient a = new LedgerClient(survivor.port());
        final LedgerClient b = new LedgerClient(portB);
        await("both instances running (B logs to " + logB + ")").atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .failFast("instance B exited; see " + logB, () -> !victim.isAlive())
                .until(() -> a.get("/health/ready").status() == 200 && b.get("/health/ready").status() == 200);
        log.info("both instances running: A on {}, B on {}", survivor.port(), portB);

        final List<PaymentEvent> load = PaymentLoad.generate(20_261_125L, DELIVERIES, CUSTOMERS_PER_ORG, Instant.now().minus(Duration.ofHours(2)));
        final List<String> customers = load.stream().map(TwoInstancesTest::customerKey).distinct().sorted().toList();
        final long redeliveries = load.size() - load.stream().map(PaymentEvent::getEventId).distinct().count();
        log.info("load: {} deliveries ({} redeliveries) over {} customers, by kind {}", load.size(), redeliveries, customers.size(),
                load.stream().collect(Collectors.groupingBy(PaymentEvent::getKind, TreeMap::new, Collectors.counting())));
        assertThat(redeliveries).as("about 5% redeliveries").isBetween(130L, 180L);
        final Topics topics = configA.topics();
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true, ProducerConfig.LINGER_MS_CONFIG, 5),
                topics.payments().keySerde().serializer(), topics.payments().valueSerde().serializer());
        final Random sampler = new Random(7);

        // Both running: every answer, through either instance, is a state the customer has been in.
        final Map<String, Long> highestSequence = new HashMap<>();
        for (int from = 0; from < BOTH_RUNNING; from += CHUNK) {
            send(topics, load.subList(from, from + CHUNK));
            for (int i = 0; i < 20; i++) {
                final String customer = customers.get(sampler.nextInt(customers.size()));
                observeMonotonic(a, customer, highestSequence);
                observeMonotonic(b, customer, highestSequence);
            }
        }
        producer.flush();
        log.info("first {} deliveries sent while both ran; {} customers answered so far", BOTH_RUNNING, highestSequence.size());
        final Map<String, LedgerClient.Balance> firstPart = expected(load.subList(0, BOTH_RUNNING));
        await("both instances answer the recomputed balances").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> {
                    assertThat(balances(a, customers)).isEqualTo(firstPart);
                    assertThat(balances(b, customers)).isEqualTo(firstPart);
                });
        final Map<HostInfo, Long> owners = customers.stream().collect(Collectors.groupingBy(c -> survivor.streams()
                .queryMetadataForKey(LedgerTopology.BALANCES_STORE, c, Serdes.String().serializer()).activeHost(), Collectors.counting()));
        log.info("both instances answer the recomputed balances; customers by owning instance: {}", owners);
        assertThat(owners).as("each instance owns customers, so half the answers were routed").hasSize(2);

        // Kill B while it is working on the next part.
        final double decidedByB = b.metricSum("ledger_decisions_total");
        send(topics, load.subList(BOTH_RUNNING, UNTIL_KILLED));
        producer.flush();
        final double decidedByBAtKill = await("B processing").atMost(Duration.ofSeconds(30))
                .until(() -> b.metricSum("ledger_decisions_total"), decided -> decided > decidedByB);
        victim.destroyForcibly().waitFor();
        final long killedAt = System.nanoTime();
        log.info("instance B killed after deciding at least {} of the events sent since", decidedByBAtKill - decidedByB);

        for (int from = UNTIL_KILLED; from < DELIVERIES; from += CHUNK) {
            send(topics, load.subList(from, Math.min(from + CHUNK, DELIVERIES)));
            for (int i = 0; i < 20; i++) {
                assertThat(a.get("/orgs/" + customers.get(sampler.nextInt(customers.size())).replace(":", "/balances/")).status()).isIn(200, 404, 503);
            }
        }
        producer.flush();
        log.info("all {} deliveries sent", DELIVERIES);

        final Replay.Result replay = Replay.of(load);
        final Map<String, LedgerClient.Balance> all = expected(load);
        await("the survivor answers the recomputed balances").atMost(Duration.ofSeconds(75)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(balances(a, customers)).isEqualTo(all));
        log.info("survivor caught up {} ms after the kill; outcomes {}", (System.nanoTime() - killedAt) / 1_000_000, replay.outcomes());

        assertBalanceEventsAreOnePerPostingAndGapFree(configA, topics, replay);
        assertRecentEventsMatchTheTopic(a, customers.get(0), replay);
    }

    /** Records the answer's sequence and fails if a customer's sequence ever goes back or a known customer disappears. */
    private static void observeMonotonic(final LedgerClient instance, final String customer, final Map<String, Long> highest) {
        final LedgerClient.Reply reply = instance.get("/orgs/" + customer.replace(":", "/balances/"));
        assertThat(reply.status()).as(customer).isIn(200, 404, 503);
        final long before = highest.getOrDefault(customer, 0L);
        if (reply.status() == 200) {
            final long sequence = reply.json().path("sequence").asLong();
            assertThat(sequence).as("sequence of " + customer).isGreaterThanOrEqualTo(before);
            highest.put(customer, sequence);
        } else if (reply.status() == 404 && before > 0) {
            fail(customer + " had sequence " + before + " and is now unknown");
        }
    }

    private static Map<String, LedgerClient.Balance> balances(final LedgerClient instance, final List<String> customers) {
        final Map<String, LedgerClient.Balance> answers = new TreeMap<>();
        for (final String customer : customers) {
            final int colon = customer.indexOf(':');
            final LedgerClient.Balance balance = instance.balance(customer.substring(0, colon), customer.substring(colon + 1));
            if (balance != null) {
                answers.put(customer, balance);
            }
        }
        return answers;
    }

    /** The balances the API must answer after {@code deliveries}: the pure recomputation, customers without postings absent (404). */
    private static Map<String, LedgerClient.Balance> expected(final List<PaymentEvent> deliveries) {
        final Map<String, LedgerClient.Balance> expected = new TreeMap<>();
        for (final Map.Entry<String, CustomerBalances> e : Replay.of(deliveries).balances().entrySet()) {
            expected.put(e.getKey(), new LedgerClient.Balance(new TreeMap<>(e.getValue().getBalances()), e.getValue().getSequence()));
        }
        return expected;
    }

    private static void assertBalanceEventsAreOnePerPostingAndGapFree(final LedgerConfig config, final Topics topics, final Replay.Result replay) {
        final List<ConsumerRecord<String, BalanceEvent>> records = readAll(config, topics, replay.postings().size());
        assertThat(records).hasSize(replay.postings().size());
        final Map<String, List<BalanceEvent>> byCustomer = new TreeMap<>();
        for (final ConsumerRecord<String, BalanceEvent> r : records) {
            assertThat(r.key()).isEqualTo(r.value().getOrgId() + ":" + r.value().getCustomerId());
            assertThat(r.timestamp()).isEqualTo(r.value().getOccurredAt().toEpochMilli());
            byCustomer.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r.value());
        }
        final Map<String, Set<String>> expectedSources = new TreeMap<>();
        for (final Posting p : replay.postings()) {
            expectedSources.computeIfAbsent(p.getOrgId() + ":" + p.getCustomerId(), k -> new TreeSet<>())
                    .add(p.getSourceEventId() + " " + p.getCurrency() + " " + p.getAmountMinor());
        }
        assertThat(byCustomer.keySet()).isEqualTo(expectedSources.keySet());
        byCustomer.forEach((customer, events) -> {
            // In partition order, the customer's events are numbered 1, 2, 3, ... and each balance follows from the last.
            final Map<String, Long> running = new TreeMap<>();
            for (int i = 0; i < events.size(); i++) {
                final BalanceEvent e = events.get(i);
                assertThat(e.getSequence()).as(customer + " event " + i).isEqualTo(i + 1L);
                assertThat(e.getEventId()).isEqualTo(customer + ":" + (i + 1));
                final long after = running.merge(e.getCurrency(), e.getAmountMinor(), Long::sum);
                assertThat(e.getBalanceAfterMinor()).as(customer + " balance after event " + (i + 1)).isEqualTo(after);
            }
            final Set<String> sources = events.stream().map(e -> e.getSourceEventId() + " " + e.getCurrency() + " " + e.getAmountMinor())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertThat(sources).as(customer + " postings").hasSize(events.size()).isEqualTo(expectedSources.get(customer));
            assertThat(running).as(customer + " final balances").isEqualTo(new TreeMap<>(replay.balances().get(customer).getBalances()));
        });
    }

    /** The events API through the survivor shows the customer's newest events as the topic has them. */
    private static void assertRecentEventsMatchTheTopic(final LedgerClient a, final String customer, final Replay.Result replay) {
        final long sequence = replay.balances().get(customer).getSequence();
        final LedgerClient.Reply reply = a.get("/orgs/" + customer.replace(":", "/balances/") + "/events?limit=5");
        assertThat(reply.status()).isEqualTo(200);
        final List<Long> sequences = new ArrayList<>();
        reply.json().path("events").forEach(e -> sequences.add(e.path("sequence").asLong()));
        final List<Long> newest = new ArrayList<>();
        for (long s = sequence; s > Math.max(0, sequence - 5); s--) {
            newest.add(s);
        }
        assertThat(sequences).isEqualTo(newest);
    }

    private static List<ConsumerRecord<String, BalanceEvent>> readAll(final LedgerConfig config, final Topics topics, final int expected) {
        final List<ConsumerRecord<String, BalanceEvent>> records = new ArrayList<>();
        try (KafkaConsumer<String, BalanceEvent> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                topics.balanceEvents().keySerde().deserializer(), topics.balanceEvents().valueSerde().deserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topics.balanceEvents().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await("balance events committed").atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(records::add);
                final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                return records.size() >= expected && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
        }
        return records;
    }

    private static void send(final Topics topics, final List<PaymentEvent> events) {
        for (final PaymentEvent e : events) {
            producer.send(new ProducerRecord<>(topics.payments().name(), null, e.getOccurredAt().toEpochMilli(), customerKey(e), e));
        }
    }

    private static String customerKey(final PaymentEvent e) {
        return e.getOrgId() + ":" + e.getCustomerId();
    }

    /** Runs {@link LedgerMain} with {@code env} in a JVM of its own, on this test's class path. */
    private static Process startOwnJvm(final Map<String, String> env, final Path logFile) throws IOException {
        Files.createDirectories(logFile.getParent());
        final String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        final ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                // Quick to start and light on a busy machine: C1 only, one GC thread.
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=ledger.events",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                "-cp", classPath,
                LedgerMain.class.getName());
        builder.environment().keySet().removeAll(LedgerConfig.VARIABLES);
        builder.environment().putAll(env);
        builder.redirectErrorStream(true).redirectOutput(logFile.toFile());
        return builder.start();
    }

    private static Map<String, String> with(final Map<String, String> base, final String... keysAndValues) {
        final Map<String, String> env = new HashMap<>(base);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            env.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return env;
    }
}

package ledger.bench.ledger;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import javax.crypto.Mac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.balance.app.LedgerConfig;
import ledger.balance.app.LedgerService;
import ledger.bench.common.BenchGateway;
import ledger.bench.common.BenchMain;
import ledger.bench.common.CpuUsage;
import ledger.bench.common.KeepAliveClient;
import ledger.bench.common.Options;
import ledger.bench.common.PayNotifications;
import ledger.bench.common.Percentiles;
import ledger.events.BalanceEvent;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * End to end: a webhook answered {@code {"code":0}} by the gateway until the balance it credits is readable.
 *
 * <p>Starts the embedded broker and schema registry, a fake CloudPayments {@code POST /test}, the gateway (listening on
 * 127.0.0.1 only) with one organization connected through its admin API, and a {@code LedgerService} with production
 * settings (exactly_once_v2, the default commit interval unless {@code --commit-ms}). Then sends signed one-stage Pay notifications open-loop at a fixed rate (each at its
 * scheduled time, whatever the previous answers took) over keep-alive connections, to a rotating set of customers,
 * for a warm-up and then a measured period. For every measured webhook it takes the time from the gateway's answer
 * to the moment a {@code read_committed} consumer in this JVM (same clock) receives the balance event whose source
 * transaction is the webhook's: that event is committed together with the new balance. Besides:
 * <ul>
 *   <li>one webhook in {@code --probe-every} goes to a customer of its own, whose balance a prober asks the ledger's
 *       HTTP API for every 5 ms from the answer on, until it is there (404 before): the latency a client polling the
 *       balance API sees;</li>
 *   <li>one received balance event in {@code --check-every} is checked against the HTTP balance API at once: the
 *       balance answered must be at least as new (its sequence) as the event.</li>
 * </ul>
 *
 * <p>Usage: {@code bench/run ledger-e2e [--rate N] [--warmup SECONDS] [--seconds SECONDS] [--connections N]
 * [--customers N] [--commit-ms N]}.
 */
public final class LedgerEndToEndBenchmark {

    private static final String ORG = BenchGateway.ORG;
    private static final String PATH = BenchGateway.path("pay");
    private static final long FIRST_TXN = 3_000_000_001L;
    private static final double TARGET_P99_MS = 500;
    private static final String USAGE = "[--rate N] [--warmup SECONDS] [--seconds SECONDS] [--connections N] [--customers N] "
            + "[--probe-every N] [--check-every N] [--commit-ms N]";

    private LedgerEndToEndBenchmark() {
    }

    public static void main(final String[] args) {
        BenchMain.run(args, LedgerEndToEndBenchmark::run);
    }

    private static void run(final String[] args) throws Exception {
        final Options options = new Options(args, Set.of("rate", "warmup", "seconds", "connections", "customers", "probe-every",
                "check-every", "commit-ms", "set"), USAGE);
        final int rate = (int) options.number("rate", 1_000, 1, 20_000);
        final int warmup = (int) options.number("warmup", 20, 0, 120);
        final int seconds = (int) options.number("seconds", 30, 1, 120);
        final int connections = (int) options.number("connections", 16, 1, 256);
        final int customers = (int) options.number("customers", 2_000, 1, 1_000_000);
        final int probeEvery = (int) options.number("probe-every", 100, 1, 1_000_000);
        final int checkEvery = (int) options.number("check-every", 20, 1, 1_000_000);
        final long commitMs = options.number("commit-ms", 0, 0, 60_000);
        if (!options.overrides().isEmpty()) {
            throw new IllegalArgumentException("--set is not supported here: the ledger runs as LedgerService with its environment");
        }

        System.out.printf(Locale.ROOT, "ledger end-to-end benchmark: %s; %,d webhooks/s open loop over %d keep-alive connections, "
                        + "%d s warm-up + %d s measured, %,d rotating customers; ledger commit interval %s%n", BenchMain.machine(),
                rate, connections, warmup, seconds, customers, commitMs == 0 ? LedgerConfig.DEFAULT_COMMIT_INTERVAL_MS + " ms (production default)" : commitMs + " ms");
        System.out.println("starting Kafka, the schema registry, the gateway and the ledger (logs: " + BenchMain.logFile() + ")");
        try (BenchStack stack = BenchStack.start();
             BenchGateway gateway = BenchGateway.start(stack.bootstrap(), stack.registryUrl())) {

            final Map<String, String> env = new HashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrap());
            env.put("SCHEMA_REGISTRY_URL", stack.registryUrl());
            env.put("LEDGER_PORT", "0");
            env.put("LEDGER_HOST", "127.0.0.1");
            env.put("LEDGER_LISTEN_HOST", "127.0.0.1");
            env.put("LEDGER_STATE_DIR", stack.dir().resolve("ledger-state").toString());
            env.put("ADMIN_TOKEN", BenchGateway.ADMIN_TOKEN);
            if (commitMs > 0) {
                env.put("LEDGER_COMMIT_INTERVAL_MS", Long.toString(commitMs));
            }
            final LedgerService ledger = LedgerService.start(LedgerConfig.fromEnv(env));
            ledger.awaitRunning(Duration.ofSeconds(60));
            final Topics topics = Topics.create("", Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, stack.registryUrl()));

            final int total = rate * (warmup + seconds);
            final int firstMeasured = rate * warmup;
            final Run run = new Run(total);
            final Watcher watcher = new Watcher(stack.bootstrap(), topics, ledger.port(), checkEvery, run);
            watcher.start();
            final Prober prober = new Prober(ledger.port());
            prober.start();

            System.out.println("sending ...");
            final long intervalNanos = 1_000_000_000L / rate;
            final long t0 = System.nanoTime() + 200_000_000L;
            final long measuredStart = t0 + firstMeasured * intervalNanos;
            final AtomicLong next = new AtomicLong();
            final ThreadLocal<Mac> macs = ThreadLocal.withInitial(PayNotifications::signer);
            final List<Thread> senders = new ArrayList<>();
            final CpuUsage.Mark[] cpuAtMeasuredStart = new CpuUsage.Mark[1];
            final Thread cpuMarker = new Thread(() -> {
                LockSupport.parkNanos(Math.max(0, measuredStart - System.nanoTime()));
                cpuAtMeasuredStart[0] = CpuUsage.mark();
            });
            cpuMarker.start();
            for (int c = 0; c < connections; c++) {
                final Thread sender = new Thread(() -> {
                    try (KeepAliveClient client = new KeepAliveClient(gateway.port())) {
                        while (true) {
                            final int i = (int) next.getAndIncrement();
                            if (i >= total) {
                                return;
                            }
                            final long txn = FIRST_TXN + i;
                            final boolean probe = i >= firstMeasured && i % probeEvery == 0;
                            final String customer = probe ? "probe-" + txn : "cust-" + (i % customers);
                            final byte[] request = request(gateway.port(), macs.get(), txn, customer);
                            final long intended = t0 + i * intervalNanos;
                            for (long wait = intended - System.nanoTime(); wait > 0; wait = intended - System.nanoTime()) {
                                LockSupport.parkNanos(wait);
                            }
                            boolean ok;
                            try {
                                final KeepAliveClient.Response response = client.exchange(request);
                                ok = PayNotifications.accepted(response);
                            } catch (final IOException e) {
                                ok = false;
                            }
                            final long answered = System.nanoTime();
                            run.intended[i] = intended;
                            run.answered[i] = answered;
                            run.ok[i] = ok;
                            if (probe && ok) {
                                prober.add(customer, answered);
                            }
                        }
                    } catch (final IOException e) {
                        System.out.println("sender failed: " + e);
                    }
                }, "webhook-sender-" + c);
                sender.start();
                senders.add(sender);
            }
            for (final Thread sender : senders) {
                sender.join();
            }
            cpuMarker.join();
            final CpuUsage cpu = CpuUsage.since(cpuAtMeasuredStart[0]);
            final long sendingEnded = System.nanoTime();

            // Wait for the balance events of every accepted measured webhook, at most 20 s.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && run.missing(firstMeasured) > 0) {
                Thread.sleep(50);
            }
            prober.finish(Duration.ofSeconds(5));
            watcher.finish();

            report(run, prober, watcher, firstMeasured, total, rate, seconds, measuredStart, sendingEnded, cpu);

            ledger.close();
        }
    }

    private static void report(final Run run, final Prober prober, final Watcher watcher, final int firstMeasured, final int total,
                               final int rate, final int seconds, final long measuredStart, final long sendingEnded, final CpuUsage cpu) {
        final List<Long> answerLatency = new ArrayList<>();
        final List<Long> lateness = new ArrayList<>();
        final List<Long> endToEnd = new ArrayList<>();
        long accepted = 0;
        long failed = 0;
        long beforeAnswer = 0;
        long lastAnswered = measuredStart;
        for (int i = firstMeasured; i < total; i++) {
            if (!run.ok[i]) {
                failed++;
                continue;
            }
            accepted++;
            answerLatency.add(run.answered[i] - run.intended[i]);
            lastAnswered = Math.max(lastAnswered, run.answered[i]);
            final Long received = run.received.get(FIRST_TXN + i);
            if (received != null) {
                final long latency = received - run.answered[i];
                if (latency < 0) {
                    beforeAnswer++;
                }
                endToEnd.add(Math.max(0, latency));
            }
        }
        final int measured = total - firstMeasured;
        System.out.println();
        System.out.printf(Locale.ROOT, "webhooks: %,d sent in the measured %d s (%,.0f/s scheduled), %,d answered {\"code\":0}, %,d failed; "
                        + "achieved %,.0f accepted webhooks/s (last answer %.2f s after the measured period began)%n",
                measured, seconds, (double) rate, accepted, failed, accepted * 1e9 / Math.max(1, lastAnswered - measuredStart),
                (lastAnswered - measuredStart) / 1e9);
        System.out.println("  gateway answer latency, from each webhook's scheduled send time: " + percentiles(answerLatency));
        System.out.println("answered -> balance event readable (read_committed consumer, same JVM clock): " + percentiles(endToEnd));
        System.out.printf(Locale.ROOT, "  %,d of %,d accepted webhooks' balance events received%s%s%n", endToEnd.size(), accepted,
                accepted == endToEnd.size() ? "" : "  <-- " + (accepted - endToEnd.size()) + " MISSING after 20 s",
                beforeAnswer == 0 ? "" : "; " + beforeAnswer + " received before the client read the answer (counted as 0 ms)");
        System.out.println("answered -> balance readable over the HTTP API (probe customers, polled every 5 ms): "
                + percentiles(prober.latencies()) + (prober.unfinished() > 0 ? "  <-- " + prober.unfinished() + " never readable" : ""));
        System.out.printf(Locale.ROOT, "spot checks of the HTTP balance API when a balance event arrived: %,d checked, %,d as new or newer, "
                        + "%,d older, %,d errors%n", watcher.checked.get(), watcher.fresh.get(), watcher.stale.get(), watcher.errors.get());
        System.out.println("during the measured period: " + cpu.summary());
        cpu.othersNote("the measured period", "latencies are inflated").ifPresent(System.out::println);
        final double p99 = percentile(endToEnd, 0.99) / 1e6;
        final boolean met = failed == 0 && accepted == endToEnd.size() && p99 < TARGET_P99_MS
                && accepted * 1e9 / Math.max(1, lastAnswered - measuredStart) >= 0.98 * rate;
        System.out.printf(Locale.ROOT, "target: webhook answered -> balance readable p99 < %.0f ms at %,d webhooks/s: %s (p99 %.0f ms)%n",
                TARGET_P99_MS, rate, met ? "met" : "NOT met", p99);
        if (sendingEnded - measuredStart > (seconds + 5) * 1_000_000_000L) {
            System.out.println("NOTE: sending fell behind schedule: the senders could not keep the rate");
        }
    }

    /** Webhooks of one run, by index: when each was due, when it was answered and whether {"code":0}; when its balance event came. */
    private static final class Run {
        final long[] intended;
        final long[] answered;
        final boolean[] ok;
        final Map<Long, Long> received = new ConcurrentHashMap<>();

        Run(final int total) {
            intended = new long[total];
            answered = new long[total];
            ok = new boolean[total];
        }

        long missing(final int from) {
            long missing = 0;
            for (int i = from; i < ok.length; i++) {
                if (ok[i] && !received.containsKey(FIRST_TXN + i)) {
                    missing++;
                }
            }
            return missing;
        }
    }

    /** Consumes balance-events read_committed, noting when each source transaction's event arrives; spot-checks the HTTP API. */
    private static final class Watcher {
        private final Thread consumerThread;
        private final Thread checkerThread;
        private final AtomicBoolean stop = new AtomicBoolean();
        private final BlockingQueue<long[]> checks = new LinkedBlockingQueue<>(10_000);
        private final Map<Long, String> checkCustomers = new ConcurrentHashMap<>();
        final AtomicLong checked = new AtomicLong();
        final AtomicLong fresh = new AtomicLong();
        final AtomicLong stale = new AtomicLong();
        final AtomicLong errors = new AtomicLong();

        Watcher(final String bootstrap, final Topics topics, final int ledgerPort, final int checkEvery, final Run run) {
            final Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50);
            final KafkaConsumer<String, BalanceEvent> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                    topics.balanceEvents().valueSerde().deserializer());
            final List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < Topics.DEFAULT_PARTITIONS; p++) {
                partitions.add(new TopicPartition(topics.balanceEvents().name(), p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            consumer.poll(Duration.ZERO);
            consumerThread = new Thread(() -> {
                long n = 0;
                try (consumer) {
                    while (!stop.get()) {
                        final ConsumerRecords<String, BalanceEvent> records = consumer.poll(Duration.ofMillis(100));
                        final long now = System.nanoTime();
                        for (final var record : records) {
                            final BalanceEvent event = record.value();
                            run.received.putIfAbsent(event.getSourceTransactionId(), now);
                            if (++n % checkEvery == 0 && !event.getCustomerId().startsWith("probe-")) {
                                final long id = n;
                                checkCustomers.put(id, event.getCustomerId());
                                if (!checks.offer(new long[] {id, event.getSequence()})) {
                                    checkCustomers.remove(id);
                                }
                            }
                        }
                    }
                }
            }, "balance-events-watcher");
            checkerThread = new Thread(() -> {
                final ObjectMapper json = new ObjectMapper();
                try (KeepAliveClient http = new KeepAliveClient(ledgerPort)) {
                    while (!stop.get() || !checks.isEmpty()) {
                        final long[] check = checks.poll(100, TimeUnit.MILLISECONDS);
                        if (check == null) {
                            continue;
                        }
                        final String customer = checkCustomers.remove(check[0]);
                        try {
                            final KeepAliveClient.Response response =
                                    http.exchange(KeepAliveClient.get(ledgerPort, "/orgs/" + ORG + "/balances/" + customer, BenchGateway.ADMIN_TOKEN));
                            checked.incrementAndGet();
                            if (response.status() != 200) {
                                errors.incrementAndGet();
                                continue;
                            }
                            final JsonNode body = json.readTree(response.body());
                            (body.path("sequence").asLong() >= check[1] ? fresh : stale).incrementAndGet();
                        } catch (final IOException e) {
                            errors.incrementAndGet();
                        }
                    }
                } catch (final IOException | InterruptedException e) {
                    System.out.println("balance checker failed: " + e);
                }
            }, "balance-api-checker");
        }

        void start() {
            consumerThread.start();
            checkerThread.start();
        }

        void finish() throws InterruptedException {
            stop.set(true);
            consumerThread.join();
            checkerThread.join();
        }
    }

    /** Polls the ledger's HTTP API for probe customers (one webhook each) from the answer until their balance exists. */
    private static final class Prober {
        private record Probe(String customer, long answered) {
        }

        private final ConcurrentLinkedQueue<Probe> incoming = new ConcurrentLinkedQueue<>();
        private final List<Probe> pending = new ArrayList<>();
        private final List<Long> latencies = new ArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();
        private final Thread thread;

        Prober(final int ledgerPort) {
            thread = new Thread(() -> {
                try (KeepAliveClient http = new KeepAliveClient(ledgerPort)) {
                    while (!stop.get()) {
                        for (Probe p = incoming.poll(); p != null; p = incoming.poll()) {
                            pending.add(p);
                        }
                        for (int i = pending.size() - 1; i >= 0; i--) {
                            final Probe p = pending.get(i);
                            final KeepAliveClient.Response response;
                            try {
                                response = http.exchange(KeepAliveClient.get(ledgerPort, "/orgs/" + ORG + "/balances/" + p.customer(), BenchGateway.ADMIN_TOKEN));
                            } catch (final IOException e) {
                                continue; // e.g. the server closed the idle connection; exchange() reconnected, ask again
                            }
                            if (response.status() == 200) {
                                synchronized (latencies) {
                                    latencies.add(System.nanoTime() - p.answered());
                                }
                                pending.remove(i);
                                outstanding.decrementAndGet();
                            }
                        }
                        LockSupport.parkNanos(5_000_000L);
                    }
                } catch (final IOException e) {
                    System.out.println("prober failed: " + e);
                }
            }, "balance-api-prober");
        }

        void start() {
            thread.start();
        }

        void add(final String customer, final long answered) {
            outstanding.incrementAndGet();
            incoming.add(new Probe(customer, answered));
        }

        void finish(final Duration grace) throws InterruptedException {
            final long deadline = System.nanoTime() + grace.toNanos();
            while (System.nanoTime() < deadline && outstanding.get() > 0) {
                Thread.sleep(20);
            }
            stop.set(true);
            thread.join();
        }

        int unfinished() {
            return outstanding.get();
        }

        List<Long> latencies() {
            synchronized (latencies) {
                return new ArrayList<>(latencies);
            }
        }
    }

    /** A signed Pay notification for one customer, dated now. */
    private static byte[] request(final int port, final Mac signer, final long txn, final String customer) {
        return PayNotifications.signedPost(port, PATH, signer, PayNotifications.form(txn, customer, customer, Instant.now()));
    }

    static String percentiles(final List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "no samples";
        }
        final long[] sorted = Percentiles.sorted(nanos);
        return String.format(Locale.ROOT, "p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms (%,d samples)",
                Percentiles.nearestRank(sorted, 0.50) / 1e6, Percentiles.nearestRank(sorted, 0.90) / 1e6,
                Percentiles.nearestRank(sorted, 0.99) / 1e6, Percentiles.nearestRank(sorted, 1.0) / 1e6, nanos.size());
    }

    static double percentile(final List<Long> nanos, final double p) {
        return Percentiles.nearestRank(Percentiles.sorted(nanos), p);
    }
}

package ledger.bench.ledger;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.crypto.Mac;

import ledger.bench.common.BenchGateway;
import ledger.bench.common.BenchMain;
import ledger.bench.common.KeepAliveClient;
import ledger.bench.common.Options;
import ledger.bench.common.PayNotifications;
import ledger.events.CustomerBalances;

/**
 * The crash test as a benchmark: a ledger with the state of {@code --events} deliveries (default 800,000: 106,577
 * customers) runs in a process of its own while signed Pay webhooks arrive at the real gateway, each retried until it
 * is answered {@code {"code":0}}, as CloudPayments does.
 *
 * <ol>
 *   <li><b>restart</b>: the ledger process is killed with SIGKILL mid-load and started again on the same state
 *       directory, {@code --restarts} times (default 3); each timed from the kill until its {@code /health/ready}
 *       answers 200, and the median reported;</li>
 *   <li><b>failover</b>: a second ledger process joins (standby replicas), the first is killed and not restarted;
 *       timed from the kill until the survivor answers the balance of every webhook customer;</li>
 *   <li><b>money</b>: once the load stops and the survivor has caught up, each webhook customer's balance event count
 *       and balance must equal what the accepted webhooks credit (lost and doubled credits are counted), and a sample
 *       of the preloaded customers must equal a pure recomputation.</li>
 * </ol>
 * Exits 1 if any credit was lost or doubled or a balance differs. Extra ledger settings: {@code --set NAME=VALUE}
 * (e.g. {@code --set LEDGER_SESSION_TIMEOUT_MS=45000}).
 */
public final class ChaosBenchmark {

    private static final String USAGE = "[--events N] [--orgs N] [--customers PER_ORG] [--seed N] [--rate WEBHOOKS_PER_S] [--restarts N] [--set LEDGER_X=value ...]";
    private static final int WEBHOOK_CUSTOMERS = 500;
    private static final Pattern SEQUENCE = Pattern.compile("\"sequence\":(\\d+)");
    private static final Pattern RUB = Pattern.compile("\"currency\":\"RUB\",\"balanceMinor\":(-?\\d+)");

    private ChaosBenchmark() {
    }

    public static void main(final String[] args) {
        BenchMain.run(args, ChaosBenchmark::run);
    }

    private static void run(final String[] args) throws Exception {
        final Options options = new Options(args, java.util.Set.of("events", "orgs", "customers", "seed", "rate", "restarts", "set"), USAGE);
        final long events = options.number("events", 800_000, 0, 10_000_000);
        final int orgs = (int) options.number("orgs", 6, 1, 100);
        final int customersPerOrg = (int) options.number("customers", 20_000, 1, 1_000_000);
        final long seed = options.number("seed", 42, 0, Long.MAX_VALUE);
        final int rate = (int) options.number("rate", 200, 1, 5_000);
        final int restarts = (int) options.number("restarts", 3, 1, 20);
        System.out.printf(Locale.ROOT, "chaos benchmark: %s; ledger settings %s%n", BenchMain.machine(), options.overrides());
        try (BenchStack stack = BenchStack.start()) {
            final BenchStack.Input input = stack.produce("payments", events, orgs, customersPerOrg, seed);
            System.out.println("preloaded: " + input.describe());
            try (BenchGateway gateway = BenchGateway.start(stack.bootstrap(), stack.registryUrl())) {
                final Map<String, String> common = new HashMap<>(Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", stack.bootstrap(),
                        "SCHEMA_REGISTRY_URL", stack.registryUrl(),
                        "LEDGER_LISTEN_HOST", "127.0.0.1",
                        "ADMIN_TOKEN", BenchGateway.ADMIN_TOKEN));
                common.putAll(options.overrides());
                final Path dir = stack.dir();
                final Map<String, String> envA = LedgerProcess.with(common, "LEDGER_PORT", Integer.toString(freePort()),
                        "LEDGER_STATE_DIR", dir.resolve("ledger-a").toString(), "LEDGER_INSTANCE_ID", "ledger-a");
                final Map<String, String> envB = LedgerProcess.with(common, "LEDGER_PORT", Integer.toString(freePort()),
                        "LEDGER_STATE_DIR", dir.resolve("ledger-b").toString(), "LEDGER_INSTANCE_ID", "ledger-b");
                run(input, gateway, envA, envB, dir, rate, restarts);
            }
        }
    }

    private static void run(final BenchStack.Input input, final BenchGateway gateway, final Map<String, String> envA,
                            final Map<String, String> envB, final Path dir, final int rate, final int restarts) throws Exception {
        final long t0 = System.nanoTime();
        LedgerProcess a = LedgerProcess.start(envA, dir.resolve("ledger-a.log"));
        waitFor("ledger A ready after the preload (log " + a.log() + ")", 900, a::ready);
        final List<Map.Entry<String, CustomerBalances>> sample = sample(input.expected().balances(), 300);
        waitFor("ledger A caught up with the preload", 900, () -> sampleMatches(a, sample) == 0);
        System.out.printf(Locale.ROOT, "ledger A caught up with %,d preloaded deliveries in %.1f s%n", input.count(), (System.nanoTime() - t0) / 1e9);

        final WebhookLoad load = new WebhookLoad(gateway.port(), rate);
        final Thread loadThread = new Thread(load::run, "chaos-webhooks");
        loadThread.start();

        // 1. Restart: SIGKILL mid-load, start again on the same state directory; several times, as timings are noisy here.
        final List<Double> restartTimes = new ArrayList<>();
        LedgerProcess restarted = a;
        for (int i = 1; i <= restarts; i++) {
            final long acceptedBefore = load.accepted();
            waitFor("300 more webhooks accepted", 120, () -> load.accepted() >= acceptedBefore + 300);
            restarted.kill();
            final long killed = System.nanoTime();
            System.out.printf(Locale.ROOT, "ledger A killed (SIGKILL) with %,d webhooks accepted%n", load.accepted());
            restarted = LedgerProcess.start(envA, dir.resolve("ledger-a-restarted-" + i + ".log"));
            final LedgerProcess starting = restarted;
            waitFor("restarted ledger A answering HTTP", 600, () -> starting.get("/health/live").status() == 200);
            final double liveSeconds = (System.nanoTime() - killed) / 1e9;
            waitFor("restarted ledger A ready", 600, restarted::ready);
            restartTimes.add((System.nanoTime() - killed) / 1e9);
            System.out.printf(Locale.ROOT, "RESTART %d: ready %.1f s after SIGKILL (process answering HTTP after %.1f s)%s%n", i,
                    restartTimes.get(i - 1), liveSeconds, restoreNote(restarted));
        }
        final LedgerProcess survivorOfRestarts = restarted;
        final double restartSeconds = restartTimes.stream().sorted().toList().get(restartTimes.size() / 2);

        // 2. Failover: B joins, A is killed for good.
        final LedgerProcess b = LedgerProcess.start(envB, dir.resolve("ledger-b.log"));
        waitFor("ledger B ready", 600, b::ready);
        final long acceptedAtB = load.accepted();
        waitFor("500 more webhooks with both running", 120, () -> load.accepted() >= acceptedAtB + 500);
        final List<String> customers = load.customers();
        waitFor("both instances answer every webhook customer", 120, () -> answering(survivorOfRestarts, customers) && answering(b, customers));
        survivorOfRestarts.kill();
        final long killedRestarted = System.nanoTime();
        waitFor("survivor B answers every webhook customer", 600, () -> answering(b, customers));
        final double failoverSeconds = (System.nanoTime() - killedRestarted) / 1e9;
        System.out.printf(Locale.ROOT, "FAILOVER: survivor answers every webhook customer %.1f s after the other was killed%n", failoverSeconds);
        final long acceptedAtFailover = load.accepted();
        waitFor("500 more webhooks on the survivor", 120, () -> load.accepted() >= acceptedAtFailover + 500);
        load.stop();
        loadThread.join();

        // 3. Money: every accepted webhook credited exactly once.
        final Map<String, Long> expectedCount = load.countByCustomer();
        final Map<String, Long> expectedMinor = load.minorByCustomer();
        waitFor("survivor caught up", 300, () -> credits(b, expectedCount, expectedMinor)[0] == 0 && credits(b, expectedCount, expectedMinor)[1] == 0);
        final long[] result = credits(b, expectedCount, expectedMinor);
        final long preloadDifferences = sampleMatches(b, sample);
        b.kill();
        final long webhooks = expectedCount.values().stream().mapToLong(Long::longValue).sum();
        System.out.println();
        System.out.printf(Locale.ROOT, "state: %,d preloaded deliveries, %,d customers; %,d webhooks accepted (%,d retries) over %d customers%n",
                input.count(), input.expected().balances().size(), webhooks, load.retries(), expectedCount.size());
        System.out.printf(Locale.ROOT, "restart after SIGKILL: median %.1f s of %s (target 15 s); failover to the survivor: %.1f s%n", restartSeconds,
                restartTimes.stream().map(t -> String.format(Locale.ROOT, "%.1f", t)).toList(), failoverSeconds);
        System.out.printf(Locale.ROOT, "lost credits: %d, doubled credits: %d, balances differing: %d, preloaded sample differing: %d of %d%n",
                result[0], result[1], result[2], preloadDifferences, sample.size());
        if (result[0] + result[1] + result[2] + preloadDifferences > 0) {
            throw new IllegalStateException("money differs after the crashes: see above");
        }
    }

    /** {lost credits, doubled credits, customers whose balance differs}, read from {@code ledger}'s API. */
    private static long[] credits(final LedgerProcess ledger, final Map<String, Long> expectedCount, final Map<String, Long> expectedMinor) {
        long lost = 0;
        long doubled = 0;
        long differing = 0;
        for (final Map.Entry<String, Long> e : expectedCount.entrySet()) {
            final LedgerProcess.Reply reply = ledger.get("/orgs/" + BenchGateway.ORG + "/balances/" + e.getKey());
            final long sequence = reply.status() == 200 ? number(SEQUENCE, reply.body()) : 0;
            final long minor = reply.status() == 200 ? number(RUB, reply.body()) : 0;
            lost += Math.max(0, e.getValue() - sequence);
            doubled += Math.max(0, sequence - e.getValue());
            if (minor != expectedMinor.get(e.getKey())) {
                differing++;
            }
        }
        return new long[] {lost, doubled, differing};
    }

    private static boolean answering(final LedgerProcess ledger, final List<String> customers) {
        for (final String customer : customers) {
            if (ledger.get("/orgs/" + BenchGateway.ORG + "/balances/" + customer).status() != 200) {
                return false;
            }
        }
        return true;
    }

    /** How many of the sampled preloaded customers {@code ledger} answers otherwise than the recomputation. */
    private static long sampleMatches(final LedgerProcess ledger, final List<Map.Entry<String, CustomerBalances>> sample) {
        long differing = 0;
        for (final Map.Entry<String, CustomerBalances> e : sample) {
            final LedgerProcess.Reply reply = ledger.get("/orgs/" + e.getKey().replace(":", "/balances/"));
            if (reply.status() != 200 || number(SEQUENCE, reply.body()) != e.getValue().getSequence()
                    || e.getValue().getBalances().containsKey("RUB") && number(RUB, reply.body()) != e.getValue().getBalances().get("RUB")) {
                differing++;
            }
        }
        return differing;
    }

    private static List<Map.Entry<String, CustomerBalances>> sample(final Map<String, CustomerBalances> all, final int size) {
        final List<Map.Entry<String, CustomerBalances>> entries = new ArrayList<>(all.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        java.util.Collections.shuffle(entries, new Random(5));
        return entries.subList(0, Math.min(size, entries.size()));
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static long number(final Pattern pattern, final String body) {
        final Matcher m = pattern.matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** What the restarted ledger's log says about restoring its state. */
    private static String restoreNote(final LedgerProcess ledger) {
        try {
            final List<String> lines = java.nio.file.Files.readAllLines(ledger.log());
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).contains("restored")) {
                    return " (" + lines.get(i).replaceFirst("^.*?(restored)", "$1") + ")";
                }
            }
        } catch (final java.io.IOException e) {
            return "";
        }
        return "";
    }

    private static void waitFor(final String what, final int seconds, final BooleanSupplier condition) {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not within " + seconds + " s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
    }

    /**
     * Signed one-stage Pays for {@value #WEBHOOK_CUSTOMERS} customers at a steady rate, one at a time; each is sent
     * again until it is answered {@code {"code":0}}, as CloudPayments retries.
     */
    private static final class WebhookLoad {
        private final int port;
        private final long nanosPerWebhook;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final AtomicLong accepted = new AtomicLong();
        private final AtomicLong retries = new AtomicLong();
        private final Map<String, Long> countByCustomer = new ConcurrentHashMap<>();
        private final Map<String, Long> minorByCustomer = new ConcurrentHashMap<>();

        WebhookLoad(final int port, final int rate) {
            this.port = port;
            this.nanosPerWebhook = TimeUnit.SECONDS.toNanos(1) / rate;
        }

        void run() {
            final Mac signer = PayNotifications.signer();
            long next = System.nanoTime();
            long txn = 7_000_000_000L;
            KeepAliveClient client = null;
            while (!stopped.get()) {
                txn++;
                final String customer = "chaos-" + txn % WEBHOOK_CUSTOMERS;
                final byte[] request = PayNotifications.signedPost(port, BenchGateway.path("pay"), signer,
                        PayNotifications.form(txn, customer, customer, Instant.now()));
                while (true) {
                    try {
                        if (client == null) {
                            client = new KeepAliveClient(port);
                        }
                        if (PayNotifications.accepted(client.exchange(request))) {
                            break;
                        }
                    } catch (final java.io.IOException e) {
                        client = null;
                    }
                    retries.incrementAndGet();
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
                countByCustomer.merge(customer, 1L, Long::sum);
                minorByCustomer.merge(customer, 10_000 + (txn * 7919) % 490_000, Long::sum);
                accepted.incrementAndGet();
                next += nanosPerWebhook;
                LockSupport.parkNanos(next - System.nanoTime());
            }
        }

        void stop() {
            stopped.set(true);
        }

        long accepted() {
            return accepted.get();
        }

        long retries() {
            return retries.get();
        }

        List<String> customers() {
            return countByCustomer.keySet().stream().sorted().toList();
        }

        Map<String, Long> countByCustomer() {
            return Map.copyOf(countByCustomer);
        }

        Map<String, Long> minorByCustomer() {
            return Map.copyOf(minorByCustomer);
        }
    }
}

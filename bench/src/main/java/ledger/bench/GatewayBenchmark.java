package ledger.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.Predicate;

import javax.crypto.Mac;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import ledger.bench.common.BenchGateway;
import ledger.bench.common.BenchMain;
import ledger.bench.common.EmbeddedStack;
import ledger.bench.common.KeepAliveClient;
import ledger.bench.common.Options;
import ledger.bench.common.PayNotifications;
import ledger.gateway.http.WebhookHandler;

/**
 * The gateway's webhook path under load, next to a bare endpoint, in one run on this machine.
 *
 * <p>Starts an embedded Kafka broker (data under {@code bench/target}), the schema registry server on it, a fake
 * CloudPayments API, the gateway ({@code acks=all}, as configured for production) with one organization connected
 * through the admin API, and a bare Javalin endpoint that reads the same POST and answers {@code {"code":0}}.
 * Then drives signed Pay notifications with unique TransactionIds over loopback keep-alive connections: a warm-up
 * of each endpoint, then a measured run of each, and prints throughput and latency percentiles of both. Then it
 * measures Check notifications over a few more connections while the same Pay load runs again, since CloudPayments
 * declines a payment whose Check is answered late. Finally it checks that the payments topic holds a record for
 * every webhook the gateway answered {@code {"code":0}}.
 *
 * <p>Usage: {@code bench/run gateway [--connections N] [--warmup SECONDS] [--seconds SECONDS] [--max-requests N]}.
 * Everything listens on and talks to 127.0.0.1 only; every phase is bounded in time and count.
 */
public final class GatewayBenchmark {

    private static final String USAGE = "[--connections N] [--warmup SECONDS] [--seconds SECONDS] [--max-requests N]";
    private static final String PAY = BenchGateway.path("pay");
    private static final String CHECK = BenchGateway.path("check");
    private static final int CHECK_CONNECTIONS = 4;
    private static final Instant BASE_TIME = Instant.parse("2026-11-20T06:00:00Z");

    private GatewayBenchmark() {
    }

    public static void main(final String[] args) {
        BenchMain.run(args, GatewayBenchmark::run);
    }

    private static void run(final String[] args) throws Exception {
        final Options options = new Options(args, Set.of("connections", "warmup", "seconds", "max-requests"), USAGE);
        final int connections = (int) options.number("connections", 32, 1, 512);
        final Duration warmup = Duration.ofSeconds(options.number("warmup", 10, 0, 300));
        final Duration measured = Duration.ofSeconds(options.number("seconds", 20, 1, 300));
        final long maxRequests = options.number("max-requests", 2_000_000, 1, Long.MAX_VALUE);

        System.out.printf(Locale.ROOT, "gateway benchmark: %s, %d keep-alive connections, warm-up %d s and measured %d s per endpoint "
                        + "(at most %d webhooks per phase)%n", BenchMain.machine(), connections, warmup.toSeconds(), measured.toSeconds(), maxRequests);
        System.out.println("starting Kafka, the schema registry, the gateway and the bare endpoint (logs: " + BenchMain.logFile() + ")");

        Javalin bare = null;
        try (EmbeddedStack stack = EmbeddedStack.start("gateway-bench");
             BenchGateway gateway = BenchGateway.start(stack.bootstrapServers(), stack.registryUrl())) {
            bare = bareEndpoint();

            final AtomicLong sequence = new AtomicLong(1_000_000_001L);
            final int gatewayPort = gateway.port();
            final int barePort = bare.port();
            final ThreadLocal<Mac> macs = ThreadLocal.withInitial(PayNotifications::signer);
            final LongFunction<byte[]> toGateway = txn -> request(gatewayPort, PAY, macs.get(), txn);
            final LongFunction<byte[]> checkToGateway = txn -> PayNotifications.signedPost(gatewayPort, CHECK, macs.get(), checkBody(txn));
            final LongFunction<byte[]> toBare = txn -> request(barePort, PAY, macs.get(), txn);
            final Predicate<KeepAliveClient.Response> zero = PayNotifications::accepted;

            System.out.println("measuring the CPU cost of the gateway's own steps ...");
            final WebhookPathCost.Cost pathCost = WebhookPathCost.measure(stack.registryUrl(), BenchGateway.SECRET, 5_000, 16);

            System.out.println("warming up ...");
            final ClosedLoopLoad.Result gatewayWarmup = ClosedLoopLoad.run("gateway warm-up", gatewayPort, connections, warmup, maxRequests,
                    sequence, toGateway, zero);
            ClosedLoopLoad.run("bare warm-up", barePort, connections, warmup.dividedBy(2), maxRequests, sequence, toBare, zero);

            System.out.println("measuring ...");
            final ClosedLoopLoad.Result bareRun = ClosedLoopLoad.run("bare Javalin {\"code\":0}", barePort, connections, measured,
                    maxRequests, sequence, toBare, zero);
            final ClosedLoopLoad.Result gatewayRun = ClosedLoopLoad.run("gateway (acks=all)", gatewayPort, connections, measured,
                    maxRequests, sequence, toGateway, zero);
            System.out.println("measuring Check while the same Pay load runs ...");
            final CompletableFuture<ClosedLoopLoad.Result> payBesideCheck = CompletableFuture.supplyAsync(() -> {
                try {
                    return ClosedLoopLoad.run("pay, beside check", gatewayPort, connections, measured, maxRequests, sequence, toGateway, zero);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            final ClosedLoopLoad.Result checkRun = ClosedLoopLoad.run("check, beside pay", gatewayPort, CHECK_CONNECTIONS, measured,
                    maxRequests, sequence, checkToGateway, zero);
            final ClosedLoopLoad.Result payBesideCheckRun = payBesideCheck.get();

            System.out.println();
            System.out.println(ClosedLoopLoad.Result.header());
            System.out.println(bareRun.row());
            System.out.println(gatewayRun.row());
            System.out.println(payBesideCheckRun.row());
            System.out.println(checkRun.row());
            System.out.println("(cpu us/req: CPU time of this JVM per webhook, load generator and broker included; this jvm / others: "
                    + "share of all cores used by this JVM / by other processes during the phase)");
            for (final ClosedLoopLoad.Result r : List.of(bareRun, gatewayRun, checkRun)) {
                r.cpu().othersNote("the " + r.label() + " phase", "its numbers are depressed").ifPresent(System.out::println);
            }
            System.out.println(pathCost.line());
            System.out.printf(Locale.ROOT, "gateway/bare: throughput %.2f, p50 %.1fx, p99 %.1fx%n",
                    gatewayRun.perSecond() / bareRun.perSecond(),
                    gatewayRun.percentileMillis(0.5) / bareRun.percentileMillis(0.5),
                    gatewayRun.percentileMillis(0.99) / bareRun.percentileMillis(0.99));
            for (final ClosedLoopLoad.Result r : List.of(gatewayWarmup, bareRun, gatewayRun, payBesideCheckRun, checkRun)) {
                if (r.errors() > 0 || r.reconnects() > 0) {
                    System.out.printf(Locale.ROOT, "%s: %d errors, %d reconnects, first error: %s%n", r.label(), r.errors(), r.reconnects(), r.firstError());
                }
            }
            final long accepted = gatewayWarmup.requests() - gatewayWarmup.errors() + gatewayRun.requests() - gatewayRun.errors()
                    + payBesideCheckRun.requests() - payBesideCheckRun.errors();
            final long checks = checkRun.requests() - checkRun.errors();
            final long inTopic = awaitRecords(stack, "payments", accepted + checks, Duration.ofSeconds(30));
            System.out.printf(Locale.ROOT, "payments topic: %d records for %d Pay webhooks answered {\"code\":0} and %d Checks "
                            + "(published without waiting)%s%n", inTopic, accepted, checks, inTopic >= accepted + checks ? "" : "  <-- MISSING RECORDS");
            System.out.printf(Locale.ROOT, "target: >= 3000 webhooks/s with p99 < 50 ms: %s%n",
                    gatewayRun.perSecond() >= 3000 && gatewayRun.percentileMillis(0.99) < 50 && gatewayRun.errors() == 0 ? "met" : "NOT met");
            System.out.printf(Locale.ROOT, "target: Check p99 < 100 ms (%d connections of Check beside %d of Pay): %s%n", CHECK_CONNECTIONS,
                    connections, checkRun.percentileMillis(0.99) < 100 && checkRun.errors() == 0 ? "met" : "NOT met");
        } finally {
            if (bare != null) {
                bare.stop();
            }
        }
    }

    /** A Pay notification unique per TransactionId, from one of 5,000 customers, dated within one day. */
    static byte[] payBody(final long txn) {
        return PayNotifications.form(txn, "cust-" + txn % 5_000, "client" + txn % 5_000, BASE_TIME.plusMillis(txn % 86_400_000));
    }

    /** The Check before {@link #payBody}'s payment. */
    static byte[] checkBody(final long txn) {
        return PayNotifications.checkForm(txn, "cust-" + txn % 5_000, "client" + txn % 5_000, BASE_TIME.plusMillis(txn % 86_400_000));
    }

    private static byte[] request(final int port, final String path, final Mac signer, final long txn) {
        return PayNotifications.signedPost(port, path, signer, payBody(txn));
    }

    /** The baseline: the same server stack (Javalin on Jetty, Jackson), reading the body and answering {"code":0}. */
    private static Javalin bareEndpoint() {
        return Javalin.create(config -> {
            config.jsonMapper(new JavalinJackson(new ObjectMapper(), false));
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.http.maxRequestSize = WebhookHandler.MAX_BODY_BYTES;
            config.routes.post("/cloudpayments/{orgId}/{type}", ctx -> {
                ctx.bodyAsBytes();
                ctx.json(Map.of("code", 0));
            });
        }).start("127.0.0.1", 0);
    }

    /** The records in {@code topic}, once there are {@code expected} or {@code timeout} has passed. */
    private static long awaitRecords(final EmbeddedStack stack, final String topic, final long expected, final Duration timeout) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        long found = recordsIn(stack, topic);
        while (found < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = recordsIn(stack, topic);
        }
        return found;
    }

    private static long recordsIn(final EmbeddedStack stack, final String topic) throws Exception {
        return stack.endOffsets(List.of(topic)).values().stream().mapToLong(Long::longValue).sum();
    }
}

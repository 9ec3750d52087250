package ledger.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ledger.gateway.notification.Signature;

/**
 * CloudPayments as it behaves towards our gateway: signed one-stage Pays, one after another at a steady pace, each sent
 * again until it is answered {@code {"code":0}} (CloudPayments retries an unanswered or refused notification). What
 * was answered {@code {"code":0}} is what the ledger must credit exactly once: {@link #expected()}.
 *
 * <p>Amounts differ per transaction, so a lost or doubled credit shows in the balance as well as in the count.
 */
final class SignedPayLoad implements AutoCloseable {

    private static final DateTimeFormatter CLOUDPAYMENTS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    /** What the ledger must hold for one customer: how many credits, and their sum. */
    record Credits(long count, long minor) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String url;
    private final String apiSecret;
    private final int customers;
    private final long nanosPerWebhook;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refusals = new AtomicLong();
    private final Map<Integer, Long> refusalsByStatus = new ConcurrentHashMap<>();
    private final Map<String, Credits> expected = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile long firstTransactionId;

    /**
     * @param payUrl the organization's Pay webhook URL
     * @param customers how many customers ({@code c-0} ..) the payments go to, round robin
     */
    SignedPayLoad(final String payUrl, final String apiSecret, final int customers, final int perSecond, final long firstTransactionId) {
        this.url = payUrl;
        this.apiSecret = apiSecret;
        this.customers = customers;
        this.nanosPerWebhook = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.firstTransactionId = firstTransactionId;
        this.thread = new Thread(this::run, "signed-pay-load");
    }

    SignedPayLoad start() {
        thread.start();
        return this;
    }

    private void run() {
        long next = System.nanoTime();
        for (long txn = firstTransactionId; !stopped.get(); txn++) {
            final String customer = "c-" + txn % customers;
            final long amountMinor = 1_000 + txn % 97 * 100;
            final String body = FormEncoding.encode(pay(txn, customer, amountMinor));
            final String signature = Signature.sign(apiSecret, body.getBytes(StandardCharsets.UTF_8));
            while (!answeredZero(body, signature)) {
                refusals.incrementAndGet();
                // CloudPayments waits longer between retries; the test cannot afford minutes, and sooner is harder on us.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
            expected.merge(customer, new Credits(1, amountMinor), (a, b) -> new Credits(a.count() + b.count(), a.minor() + b.minor()));
            accepted.incrementAndGet();
            next += nanosPerWebhook;
            LockSupport.parkNanos(next - System.nanoTime());
        }
    }

    private boolean answeredZero(final String body, final String signature) {
        try {
            final HttpResponse<String> reply = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Content-HMAC", signature)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (reply.statusCode() == 200 && reply.body().replace(" ", "").equals("{\"code\":0}")) {
                return true;
            }
            refusalsByStatus.merge(reply.statusCode(), 1L, Long::sum);
            return false;
        } catch (final IOException e) {
            refusalsByStatus.merge(0, 1L, Long::sum);
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped.set(true);
            return true;
        }
    }

    private static Map<String, String> pay(final long transactionId, final String customer, final long amountMinor) {
        final String amount = amountMinor / 100 + "." + String.format("%02d", amountMinor % 100);
        final Map<String, String> p = new LinkedHashMap<>();
        p.put("TransactionId", Long.toString(transactionId));
        p.put("Amount", amount);
        p.put("Currency", "RUB");
        p.put("PaymentAmount", amount);
        p.put("PaymentCurrency", "RUB");
        p.put("OperationType", "Payment");
        p.put("InvoiceId", "app-" + transactionId);
        p.put("AccountId", customer);
        p.put("DateTime", CLOUDPAYMENTS_TIME.format(Instant.now()));
        p.put("CardFirstSix", "220220");
        p.put("CardLastFour", "3055");
        p.put("CardType", "MIR");
        p.put("AuthCode", "A1B2C3");
        p.put("TestMode", "0");
        p.put("Status", "Completed");
        p.put("GatewayName", "Tbank");
        p.put("Data", "{\"clubId\":\"club-1\"}");
        return p;
    }

    long accepted() {
        return accepted.get();
    }

    /** Answers other than {@code {"code":0}} (each retried), by HTTP status; 0 for no answer. */
    Map<Integer, Long> refusals() {
        return Map.copyOf(refusalsByStatus);
    }

    /** Customers that have at least one accepted payment. */
    List<String> customers() {
        return expected.keySet().stream().sorted().toList();
    }

    /** Stops after the webhook in flight is answered {@code {"code":0}}, and returns what was accepted. */
    Map<String, Credits> stop() throws InterruptedException {
        stopped.set(true);
        thread.join(TimeUnit.MINUTES.toMillis(2));
        return Map.copyOf(expected);
    }

    @Override
    public void close() throws InterruptedException {
        stopped.set(true);
        thread.interrupt();
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}

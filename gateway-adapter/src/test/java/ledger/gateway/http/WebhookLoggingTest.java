package ledger.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import ledger.embedded.SharedInfrastructure;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.gateway.notification.Signature;
import ledger.schemas.serde.MockSchemaRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The webhook's log lines carry the organization, the notification type and the TransactionId in the MDC
 * (for structured logs), never the secret or the body, and the MDC is cleared when the request is done.
 */
class WebhookLoggingTest {

    private static final String SCOPE = "WebhookLoggingTest";
    private static final String ADMIN = "admin-token-0123456789";
    private static final String ORG = "org-log";
    private static final String SECRET = "log-secret-7f3a9c";
    private static final String WRONG_SECRET = "forged-secret-51be";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static FakeCloudPaymentsApi cloudPayments;
    private static GatewayService gateway;
    private static String url;
    private static ListAppender<ILoggingEvent> appender;
    private static Logger root;

    @BeforeAll
    static void start() throws Exception {
        cloudPayments = new FakeCloudPaymentsApi();
        gateway = GatewayService.start(GatewayConfig.fromEnv(
                TestGateways.env(SharedInfrastructure.kafka().bootstrapServers(), SCOPE, "gw-log-", ADMIN, cloudPayments)));
        url = "http://127.0.0.1:" + gateway.port();
        cloudPayments.accept("pk_log", SECRET);
        assertThat(connect().statusCode()).isEqualTo(200);

        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        appender = new ListAppender<>();
        appender.start();
        root.addAppender(appender);
    }

    @AfterAll
    static void stop() {
        root.detachAppender(appender);
        gateway.close();
        cloudPayments.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @BeforeEach
    void clearLog() {
        synchronized (appender) {
            appender.list.clear();
        }
    }

    private static HttpResponse<String> connect() throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/organizations/" + ORG + "/integrations/cloudpayments"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"publicId\":\"pk_log\",\"apiSecret\":\"" + SECRET + "\",\"currency\":\"RUB\",\"force\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String pay(final long txn, final String amount) {
        return "TransactionId=" + txn + "&Amount=" + amount + "&Currency=RUB&OperationType=Payment&AccountId=cust-private-42"
                + "&DateTime=2026-11-20+10%3a15%3a00&CardFirstSix=424242&CardLastFour=4242&Email=someone%40example.org"
                + "&TestMode=1&Status=Completed";
    }

    private static HttpResponse<String> webhook(final String body, final String secret) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + "/cloudpayments/" + ORG + "/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Content-HMAC", Signature.sign(secret, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<ILoggingEvent> logged() {
        synchronized (appender) {
            return new ArrayList<>(appender.list);
        }
    }

    /** Everything a log line carries as text: message, arguments, MDC and exception. */
    private static String everything(final ILoggingEvent e) {
        return e.getFormattedMessage() + " " + e.getMDCPropertyMap()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage());
    }

    @Test
    void aRefusedSignatureIsLoggedWithTheTransactionIdButNeverTheSecretOrTheBody() throws Exception {
        final String body = pay(9501, "150.00");
        assertThat(webhook(body, WRONG_SECRET).statusCode()).isEqualTo(401);

        await().atMost(Duration.ofSeconds(5)).until(() -> logged().stream().anyMatch(e -> e.getLevel() == Level.WARN
                && e.getLoggerName().equals(WebhookHandler.class.getName())));
        final ILoggingEvent warn = logged().stream()
                .filter(e -> e.getLevel() == Level.WARN && e.getLoggerName().equals(WebhookHandler.class.getName()))
                .findFirst().orElseThrow();
        assertThat(warn.getFormattedMessage()).contains("9501").contains("signature MISMATCH").contains(ORG);
        assertThat(warn.getMDCPropertyMap())
                .containsEntry(WebhookHandler.MDC_ORG_ID, ORG)
                .containsEntry(WebhookHandler.MDC_KIND, "PAY")
                .containsEntry(WebhookHandler.MDC_TRANSACTION_ID, "9501");

        final String signature = Signature.sign(WRONG_SECRET, body.getBytes(StandardCharsets.UTF_8));
        for (final ILoggingEvent e : logged()) {
            assertThat(everything(e)).as("log line %s", e)
                    .doesNotContain(SECRET).doesNotContain(WRONG_SECRET).doesNotContain(signature)
                    .doesNotContain("cust-private-42").doesNotContain("someone").doesNotContain("424242");
        }
    }

    @Test
    void aRejectedBodyIsLoggedWithTheRequestInTheMdc() throws Exception {
        assertThat(webhook(pay(9502, "12,50"), SECRET).statusCode()).isEqualTo(400);
        // The handler's own line: the root logger also collects other threads' warnings (Kafka clients under load).
        final Predicate<ILoggingEvent> refusal = e -> e.getLevel() == Level.WARN
                && e.getLoggerName().equals(WebhookHandler.class.getName());
        await().atMost(Duration.ofSeconds(5)).until(() -> logged().stream().anyMatch(refusal));
        final ILoggingEvent warn = logged().stream().filter(refusal).findFirst().orElseThrow();
        assertThat(warn.getMDCPropertyMap())
                .containsEntry(WebhookHandler.MDC_ORG_ID, ORG)
                .containsEntry(WebhookHandler.MDC_KIND, "PAY")
                .containsEntry(WebhookHandler.MDC_TRANSACTION_ID, "9502");
        for (final ILoggingEvent e : logged()) {
            assertThat(everything(e)).doesNotContain(SECRET).doesNotContain("someone");
        }
    }

    @Test
    void theMdcIsClearedWhenTheWebhookIsDone() throws Exception {
        // Webhooks leave their MDC on the server's request threads only if it is not cleared; an admin request
        // served afterwards by the same pool then logs with it. Jetty reuses its few idle threads, so a few rounds
        // usually put the admin request on a thread that served a webhook; which thread serves which request is
        // Jetty's choice, though, and on a busy machine it can take more, so rounds go on until it happened (at most 50).
        cloudPayments.down(true);
        try {
            for (int round = 0; round < 50 && !anAdminLineOnAWebhookThread(); round++) {
                assertThat(webhook(pay(9600 + round, "10.00"), WRONG_SECRET).statusCode()).isEqualTo(401);
                assertThat(webhook(pay(9700 + round, "10.00"), SECRET).statusCode()).isEqualTo(200);
                assertThat(connect().statusCode()).isEqualTo(200);
            }
        } finally {
            cloudPayments.down(false);
            assertThat(connect().statusCode()).isEqualTo(200);
        }
        final List<ILoggingEvent> adminLines = adminLines();
        assertThat(adminLines).isNotEmpty();
        assertThat(anAdminLineOnAWebhookThread()).as("an admin request served by a thread that had served a webhook").isTrue();
        assertThat(adminLines).allSatisfy(e -> assertThat(e.getMDCPropertyMap())
                .doesNotContainKeys(WebhookHandler.MDC_ORG_ID, WebhookHandler.MDC_KIND, WebhookHandler.MDC_TRANSACTION_ID));
    }

    private static List<ILoggingEvent> adminLines() {
        return logged().stream().filter(e -> e.getLoggerName().endsWith("CloudPaymentsApi")).toList();
    }

    private static boolean anAdminLineOnAWebhookThread() {
        final Set<String> webhookThreads = new HashSet<>();
        logged().stream().filter(e -> e.getLoggerName().equals(WebhookHandler.class.getName())).forEach(e -> webhookThreads.add(e.getThreadName()));
        return adminLines().stream().anyMatch(e -> webhookThreads.contains(e.getThreadName()));
    }

    @Test
    void theTransactionIdForLogsIsTheParameterItselfNeverASimilarOne() {
        assertThat(WebhookHandler.transactionIdForLog(bytes("TransactionId=123&Amount=1"))).isEqualTo("123");
        assertThat(WebhookHandler.transactionIdForLog(bytes("PaymentTransactionId=5&TransactionId=77"))).isEqualTo("77");
        assertThat(WebhookHandler.transactionIdForLog(bytes("FallBackScenarioDeclinedTransactionId=5"))).isEqualTo("?");
        assertThat(WebhookHandler.transactionIdForLog(bytes("{\"PaymentTransactionId\":5,\"TransactionId\": 88}"))).isEqualTo("88");
        assertThat(WebhookHandler.transactionIdForLog(bytes("{\"TransactionId\":\"99\"}"))).isEqualTo("99");
        assertThat(WebhookHandler.transactionIdForLog(bytes("TransactionId=abc"))).isEqualTo("?");
        assertThat(WebhookHandler.transactionIdForLog(bytes("TransactionId=" + "9".repeat(40)))).isEqualTo("9".repeat(20));
        assertThat(WebhookHandler.transactionIdForLog(bytes("TransactionId"))).isEqualTo("?");
        assertThat(WebhookHandler.transactionIdForLog(new byte[0])).isEqualTo("?");
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}

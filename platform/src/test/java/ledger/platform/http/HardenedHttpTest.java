package ledger.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.javalin.Javalin;
import ledger.platform.http.RawHttp.Answer;
import ledger.platform.http.RawHttp.Dribbler;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real Javalin server with the hardening on, on an ephemeral port, spoken to over raw sockets: slow clients are
 * dropped at their deadlines without taking threads, and Jetty's own protocol errors answer JSON.
 */
class HardenedHttpTest {

    /** Short deadlines so the tests are quick; the defaults have their own test. */
    private static final HardenedHttp.Settings FAST = HardenedHttp.Settings.defaults()
            .withDeadlines(Duration.ofSeconds(2), Duration.ofSeconds(3));

    private final AtomicInteger bodiesHandled = new AtomicInteger();
    private final AtomicInteger unexpectedErrors = new AtomicInteger();
    private Javalin app;

    private int start(final HardenedHttp.Settings settings) {
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            HardenedHttp.apply(config, settings);
            config.routes.get("/hello", ctx -> ctx.json(Map.of("hello", "world")));
            config.routes.post("/echo", ctx -> {
                bodiesHandled.incrementAndGet();
                ctx.result(ctx.body());
            });
            // What each service has: a catch-all that logs a stack trace as a bug.
            config.routes.exception(Exception.class, (e, ctx) -> {
                unexpectedErrors.incrementAndGet();
                ctx.status(500).json(Map.of("error", "internal error"));
            });
        }).start("127.0.0.1", 0);
        return app.port();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void aClientDribblingItsHeadersIsDisconnectedAtTheHeaderDeadline() throws IOException {
        final int port = start(FAST);
        try (Dribbler slow = new Dribbler(port, "GET /hello HTTP/1.1\r\n", "X-Slow: 1\r\n")) {
            // Each byte would reset an idle timeout; only a deadline on the whole header block stops this.
            assertThat(slow.timeUntilClosed(Duration.ofSeconds(15))).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(4));
        }
    }

    @Test
    void aClientThatConnectsAndSendsNothingIsDisconnectedAtTheHeaderDeadline() throws IOException {
        final int port = start(FAST);
        try (Dribbler silent = new Dribbler(port, "", "")) {
            assertThat(silent.timeUntilClosed(Duration.ofSeconds(15))).isBetween(Duration.ofMillis(1_900), Duration.ofSeconds(4));
        }
    }

    @Test
    void aClientDribblingItsBodyIsDisconnectedAtTheRequestDeadlineWithoutTakingAThread() throws IOException {
        final int port = start(FAST);
        try (Dribbler slow = new Dribbler(port,
                "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{", " ")) {
            // The body is read before the handler runs, so no handler (and no thread) waits for a body still coming.
            await().during(Duration.ofMillis(2_500)).atMost(Duration.ofSeconds(3)).untilAtomic(bodiesHandled, equalTo(0));
            assertThat(slow.timeUntilClosed(Duration.ofSeconds(15))).isBetween(Duration.ofMillis(2_900), Duration.ofSeconds(5));
        }
        final Answer echoed = RawHttp.exchange(port,
                "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
        assertThat(echoed.status()).isEqualTo(200);
        assertThat(echoed.body()).isEqualTo("hello");
    }

    @Test
    void aClientLeavingMidBodyIsNotAnUnexpectedError() throws IOException {
        final int port = start(FAST);
        try (Dribbler leaving = new Dribbler(port, "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n{", "")) {
            assertThat(bodiesHandled).hasValue(0);
        }
        // The handler sees the failed body read, and it is mapped as the client's doing, not a bug.
        await().atMost(Duration.ofSeconds(5)).untilAtomic(bodiesHandled, equalTo(1));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(1)).untilAtomic(unexpectedErrors, equalTo(0));
    }

    @Test
    void threeHundredSlowClientsDoNotDelayANormalRequest() throws Exception {
        // Few threads, so that slow clients holding one each would starve the normal request at once.
        final int port = start(HardenedHttp.Settings.defaults().withThreads(4, 16));
        final List<Dribbler> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 150; i++) {
                slow.add(new Dribbler(port, "GET /hello HTTP/1.1\r\n", "X-Slow: 1\r\n"));
                slow.add(new Dribbler(port, "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n", "x"));
            }
            final long startNanos = System.nanoTime();
            final Answer answer = RawHttp.exchange(port, "GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(answer.status()).isEqualTo(200);
            // Were the slow clients holding the 16 threads, the answer would wait for their 10 s deadline. The margin
            // is for a busy test machine.
            assertThat(Duration.ofNanos(System.nanoTime() - startNanos)).isLessThan(Duration.ofSeconds(5));
            assertThat(bodiesHandled).hasValue(0);
        } finally {
            for (final Dribbler dribbler : slow) {
                dribbler.close();
            }
        }
    }

    @Test
    void aTenThousandCharacterPathIs414Json() throws IOException {
        final int port = start(FAST);
        final Answer answer = RawHttp.exchange(port, "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertJsonError(answer, 414, "uri too long");
    }

    @Test
    void aNulInTheRequestLineIs400Json() throws IOException {
        final int port = start(FAST);
        final Answer answer = RawHttp.exchange(port, "GET /hel\0lo HTTP/1.1\r\nHost: localhost\r\n\r\n");
        assertJsonError(answer, 400, "bad request");
    }

    @Test
    void anOversizedHeaderIs431Json() throws IOException {
        final int port = start(FAST);
        final Answer answer = RawHttp.exchange(port,
                "GET /hello HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "b".repeat(9 * 1024) + "\r\n\r\n");
        assertJsonError(answer, 431, "request header fields too large");
    }

    @Test
    void theDefaultsAreTheDocumentedOnesAndReachJetty() {
        final HardenedHttp.Settings defaults = HardenedHttp.Settings.defaults();
        assertThat(defaults.headerDeadline()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.requestDeadline()).isEqualTo(Duration.ofSeconds(12));
        // Every slow client gone within 15 s, even when the sweep comes late.
        assertThat(defaults.requestDeadline().plus(defaults.sweepPeriod())).isLessThan(Duration.ofSeconds(15));
        assertThat(defaults.idleTimeout()).isEqualTo(Duration.ofSeconds(30));

        start(defaults);
        final Server server = app.jettyServer().server();
        assertThat(((QueuedThreadPool) server.getThreadPool()).getMaxThreads()).isEqualTo(200);
        final AbstractConnector connector = (AbstractConnector) server.getConnectors()[0];
        assertThat(connector.getIdleTimeout()).isEqualTo(30_000);
        assertThat(connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration().getRequestHeaderSize())
                .isEqualTo(8 * 1024);
        assertThat(server.getErrorHandler()).isInstanceOf(JsonErrorHandler.class);
    }

    private static void assertJsonError(final Answer answer, final int status, final String error) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.body()).isEqualTo("{\"error\":\"" + error + "\"}");
    }
}

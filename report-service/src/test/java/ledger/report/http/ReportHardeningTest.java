package ledger.report.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ledger.events.ShiftEvent;
import ledger.platform.http.RawHttp;
import ledger.platform.http.RawHttp.Answer;
import ledger.platform.http.RawHttp.Dribbler;
import ledger.report.TestKit;
import ledger.platform.access.Sessions;
import ledger.report.app.ReportQueries;
import ledger.report.app.ShiftCommands;
import ledger.report.app.ShiftPublisher;
import ledger.report.sink.SinkStatus;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report service's real HTTP app keeps the platform's hardening: Jetty's own errors are JSON, slow clients are
 * dropped. Neither reaches a route, so the database behind it is one nothing listens on.
 */
class ReportHardeningTest {

    private static Javalin app;

    @BeforeAll
    static void start() {
        final Jdbi nowhere = Jdbi.create("jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=1", "postgres", "postgres");
        final Clock clock = Clock.systemUTC();
        app = HttpApi.create(new ReportQueries(nowhere),
                new ShiftCommands(nowhere, new NoPublisher(), new SinkStatus(clock), clock, Duration.ofMillis(100)),
                TestKit.accessControl(), Sessions.inMemory(TestKit.accessControl().sessionKey(), Clock.systemUTC()),
                new HealthChecks(() -> false, () -> false),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    /** No test here reaches a route that publishes. */
    private static final class NoPublisher implements ShiftPublisher {
        @Override
        public void publish(final ShiftEvent event) {
            throw new AssertionError("no shift is published in these tests");
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aTenThousandCharacterPathIs414Json() throws IOException {
        final Answer answer = RawHttp.exchange(app.port(), "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(answer.status()).isEqualTo(414);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.body()).isEqualTo("{\"error\":\"uri too long\"}");
    }

    @Test
    void aClientSendingItsHeadersAByteASecondIsDroppedWithin15Seconds() throws IOException {
        try (Dribbler slow = new Dribbler(app.port(), "POST /login HTTP/1.1\r\n", "X-Slow: 1\r\n")) {
            assertThat(slow.timeUntilClosed(Duration.ofSeconds(20))).isLessThan(Duration.ofSeconds(15));
        }
    }
}

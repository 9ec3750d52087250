package ledger.report.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ledger.embedded.EmbeddedPostgres;
import ledger.events.ShiftEvent;
import ledger.report.TestKit;
import ledger.report.TestKit.Reply;
import ledger.platform.access.Sessions;
import ledger.report.app.ReportQueries;
import ledger.report.app.ShiftCommands;
import ledger.report.app.ShiftPublisher;
import ledger.report.persistence.Database;
import ledger.report.sink.SinkStatus;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The API built by its factory with failing collaborators: an unreachable database, Kafka refusing the shift event,
 * a bug. Each must come out as a JSON error with the right status and nothing internal in it.
 */
class HttpApiFailureTest {

    private static Database database;
    private static Javalin app;

    @BeforeAll
    static void start() {
        final EmbeddedPostgres postgres = TestKit.postgres();
        database = Database.connect(postgres.jdbcUrl(), postgres.user(), postgres.password(), "http_failures");
        // Nothing listens on port 1: every query fails to get a connection.
        final Jdbi unreachable = Jdbi.create("jdbc:postgresql://127.0.0.1:1/postgres?connectTimeout=1", "postgres", "postgres");
        final ShiftCommands commands = new ShiftCommands(database.jdbi(), new FailingPublisher(),
                new SinkStatus(Clock.systemUTC()), Clock.systemUTC(), Duration.ofMillis(100));
        app = HttpApi.create(new ReportQueries(unreachable), commands,
                TestKit.accessControl(), Sessions.inMemory(TestKit.accessControl().sessionKey(), Clock.systemUTC()),
                new HealthChecks(() -> false, () -> true),
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)).start(0);
    }

    @AfterAll
    static void stop() {
        app.stop();
        database.close();
    }

    @Test
    void anUnreachableDatabaseIs503() {
        final Reply reply = TestKit.get(app.port(), "/orgs/o/shifts/s/report", TestKit.ADMIN_TOKEN);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().get("error").asText()).isEqualTo("the report database is unavailable, try again");
    }

    @Test
    void kafkaRefusingTheShiftEventIs503AndNothingIsStored() {
        final Reply reply = TestKit.post(app.port(), "/orgs/o/clubs/kafka-down/shifts/open", TestKit.ADMIN_TOKEN, "{\"shiftId\":\"k1\"}");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().get("error").asText()).contains("Kafka is unavailable");
        final long stored = database.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM shift_events").mapTo(Long.class).one());
        assertThat(stored).isZero();
    }

    @Test
    void aBugIs500WithoutDetails() {
        final Reply reply = TestKit.post(app.port(), "/orgs/o/clubs/bug/shifts/open", TestKit.ADMIN_TOKEN, null);

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.contentType()).startsWith("application/json");
        assertThat(reply.body()).isEqualTo("{\"error\":\"internal error\"}");
    }

    @Test
    void notReadyIs503WithTheReason() {
        final Reply reply = TestKit.get(app.port(), "/health/ready", null);

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.json().get("error").asText()).isEqualTo("not ready");
        assertThat(reply.json().get("database").asBoolean()).isFalse();
        assertThat(reply.json().get("sink").asBoolean()).isTrue();
    }

    /** Kafka is down for club "kafka-down"; for club "bug" the publisher has a bug. */
    private static final class FailingPublisher implements ShiftPublisher {
        @Override
        public void publish(final ShiftEvent event) {
            if (event.getClubId().equals("bug")) {
                throw new IllegalStateException("secret internal detail");
            }
            throw new PublishFailedException("broker unreachable", null);
        }

        @Override
        public void close() {
        }
    }
}

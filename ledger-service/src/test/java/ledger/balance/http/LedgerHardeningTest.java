package ledger.balance.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.javalin.Javalin;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import ledger.balance.app.RestoreProgress;
import ledger.embedded.SharedInfrastructure;
import ledger.platform.access.AccessControl;
import ledger.platform.access.HttpAccess;
import ledger.platform.access.Throttle;
import ledger.platform.http.RawHttp;
import ledger.platform.http.RawHttp.Answer;
import ledger.platform.http.RawHttp.Dribbler;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ledger's real HTTP app keeps the platform's hardening: Jetty's own errors are JSON, slow clients are dropped.
 * Neither reaches a route, so the streams behind it are built but never started.
 */
class LedgerHardeningTest {

    private static KafkaStreams streams;
    private static Javalin app;

    @BeforeAll
    static void start() {
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream("ledger-hardening-in").to("ledger-hardening-out");
        final Properties properties = new Properties();
        properties.putAll(Map.of(
                StreamsConfig.APPLICATION_ID_CONFIG, "ledger-hardening-test",
                StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                StreamsConfig.STATE_DIR_CONFIG, SharedInfrastructure.tempDir("ledger-hardening").toString()));
        streams = new KafkaStreams(builder.build(), properties);
        // No route is reached here, so no key store is needed behind the guard.
        final HttpAccess access = new HttpAccess(new AccessControl("operator-token-0123456789", Optional.empty(), null, Throttle.NONE), Optional.empty());
        app = LedgerHttp.create(streams, new BalanceQueries(streams, new HostInfo("127.0.0.1", 0)), access,
                new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), () -> new RestoreProgress.Snapshot(0, 0, 0)).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
        streams.close();
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
        try (Dribbler slow = new Dribbler(app.port(), "GET /balances/org/customer HTTP/1.1\r\n", "X-Slow: 1\r\n")) {
            assertThat(slow.timeUntilClosed(Duration.ofSeconds(20))).isLessThan(Duration.ofSeconds(15));
        }
    }
}

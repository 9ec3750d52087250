package ledger.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import ledger.embedded.SharedInfrastructure;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.platform.http.RawHttp;
import ledger.platform.http.RawHttp.Answer;
import ledger.platform.http.RawHttp.Dribbler;
import ledger.schemas.serde.MockSchemaRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real gateway keeps the platform's HTTP hardening: Jetty's own errors are JSON, slow clients are dropped. */
class GatewayHardeningTest {

    private static final String SCOPE = "GatewayHardeningTest";

    private static FakeCloudPaymentsApi cloudPayments;
    private static GatewayService gateway;

    @BeforeAll
    static void start() {
        cloudPayments = new FakeCloudPaymentsApi();
        gateway = GatewayService.start(GatewayConfig.fromEnv(TestGateways.env(SharedInfrastructure.kafka().bootstrapServers(),
                SCOPE, "gw-hardening-", "admin-token-0123456789", cloudPayments)));
    }

    @AfterAll
    static void stop() {
        gateway.close();
        cloudPayments.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void aTenThousandCharacterPathIs414Json() throws IOException {
        final Answer answer = RawHttp.exchange(gateway.port(), "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n");

        assertThat(answer.status()).isEqualTo(414);
        assertThat(answer.contentType()).startsWith("application/json");
        assertThat(answer.body()).isEqualTo("{\"error\":\"uri too long\"}");
    }

    @Test
    void aClientSendingItsHeadersAByteASecondIsDroppedWithin15Seconds() throws IOException {
        try (Dribbler slow = new Dribbler(gateway.port(), "POST /cloudpayments/org/pay HTTP/1.1\r\n", "X-Slow: 1\r\n")) {
            assertThat(slow.timeUntilClosed(Duration.ofSeconds(20))).isLessThan(Duration.ofSeconds(15));
        }
    }
}

package ledger.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.embedded.SharedInfrastructure;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.app.GatewayService;
import ledger.gateway.notification.Signature;
import ledger.platform.MutableClock;
import ledger.schemas.serde.MockSchemaRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secret rotation as an admin and CloudPayments see it over HTTP, with the gateway's clock in the test's hand: the
 * previous API Secret verifies webhooks for the default 72-hour window and is refused from its end on, or at once
 * after the admin ends the rotation; the integration shows which.
 */
class SecretRotationTest {

    private static final String PREFIX = "gw-rotation-";
    private static final String SCOPE = "SecretRotationTest";
    private static final String ADMIN = "admin-token-rotation-0123";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static FakeCloudPaymentsApi cloudPayments;
    private static GatewayService gateway;

    @BeforeAll
    static void start() {
        cloudPayments = new FakeCloudPaymentsApi();
        gateway = GatewayService.start(GatewayConfig.fromEnv(
                TestGateways.env(SharedInfrastructure.kafka().bootstrapServers(), SCOPE, PREFIX, ADMIN, cloudPayments)), clock);
    }

    @AfterAll
    static void stop() {
        gateway.close();
        cloudPayments.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    void thePreviousSecretIsAcceptedForSeventyTwoHoursAfterTheChangeAndRefusedFromThenOn() throws Exception {
        rotate("org-window", "pk_window", "old-secret");
        assertThat(shown("org-window").path("previousSecret").path("accepted").asBoolean()).isFalse();
        assertThat(shown("org-window").path("previousSecret").path("until").isNull()).isTrue();
        final Instant changedAt = clock.instant();
        final JsonNode rotated = rotate("org-window", "pk_window", "new-secret");

        final Instant end = changedAt.plus(Duration.ofHours(72));
        assertThat(rotated.path("previousSecret").path("accepted").asBoolean()).isTrue();
        assertThat(rotated.path("previousSecret").path("until").asText()).isEqualTo(end.toString());
        assertThat(webhook("org-window", 9801, "old-secret").statusCode()).isEqualTo(200);

        clock.advance(Duration.ofHours(72).minusSeconds(1));
        assertThat(webhook("org-window", 9802, "old-secret").statusCode()).as("a retry in the window's last second").isEqualTo(200);

        clock.advance(Duration.ofSeconds(1));
        final HttpResponse<String> late = webhook("org-window", 9803, "old-secret");
        assertThat(late.statusCode()).as(late.body()).isEqualTo(401);
        assertThat(webhook("org-window", 9804, "new-secret").statusCode()).isEqualTo(200);
        final JsonNode previous = shown("org-window").path("previousSecret");
        assertThat(previous.path("accepted").asBoolean()).isFalse();
        assertThat(previous.path("until").asText()).as("when it stopped").isEqualTo(end.toString());
    }

    @Test
    void theAdminEndsTheRotationAtOnce() throws Exception {
        rotate("org-end", "pk_end", "old-secret");
        rotate("org-end", "pk_end", "new-secret");
        assertThat(webhook("org-end", 9811, "old-secret").statusCode()).isEqualTo(200);

        final HttpResponse<String> ended = call("DELETE", "/organizations/org-end/integrations/cloudpayments/previous-secret", ADMIN);
        assertThat(ended.statusCode()).as(ended.body()).isEqualTo(200);
        final JsonNode view = JSON.readTree(ended.body());
        assertThat(view.path("orgId").asText()).isEqualTo("org-end");
        assertThat(view.path("previousSecret").path("accepted").asBoolean()).isFalse();
        assertThat(view.path("previousSecret").path("until").isNull()).isTrue();
        assertThat(webhook("org-end", 9812, "old-secret").statusCode()).isEqualTo(401);
        assertThat(webhook("org-end", 9813, "new-secret").statusCode()).isEqualTo(200);

        final HttpResponse<String> again = call("DELETE", "/organizations/org-end/integrations/cloudpayments/previous-secret", ADMIN);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(again.body()).path("error").asText()).contains("no previous API secret");
        final HttpResponse<String> unknown = call("DELETE", "/organizations/org-nobody/integrations/cloudpayments/previous-secret", ADMIN);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("error").asText()).contains("no CloudPayments integration");
        assertThat(call("DELETE", "/organizations/org-end/integrations/cloudpayments/previous-secret", "not-the-admin").statusCode())
                .isEqualTo(401);
    }

    @Test
    void aWindowThatEndedByItselfCannotBeEndedAgain() throws Exception {
        rotate("org-over", "pk_over", "old-secret");
        rotate("org-over", "pk_over", "new-secret");
        clock.advance(Duration.ofHours(73));

        assertThat(call("DELETE", "/organizations/org-over/integrations/cloudpayments/previous-secret", ADMIN).statusCode()).isEqualTo(404);
    }

    /** Makes {@code secret} the organization's valid secret at CloudPayments and saves it, as an admin rotating it would. */
    private static JsonNode rotate(final String org, final String publicId, final String secret) throws Exception {
        cloudPayments.accept(publicId, secret);
        final HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(uri("/organizations/" + org + "/integrations/cloudpayments"))
                .header("Authorization", "Bearer " + ADMIN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"publicId\":\"" + publicId + "\",\"apiSecret\":\"" + secret + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        assertThat(JSON.readTree(reply.body()).path("status").asText()).isEqualTo("CONNECTED");
        return JSON.readTree(reply.body());
    }

    private static JsonNode shown(final String org) throws IOException, InterruptedException {
        final HttpResponse<String> reply = call("GET", "/organizations/" + org + "/integrations/cloudpayments", ADMIN);
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    private static HttpResponse<String> call(final String method, final String path, final String token) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> webhook(final String org, final long txn, final String secret) throws IOException, InterruptedException {
        final String body = "TransactionId=" + txn + "&Amount=100.00&Currency=RUB&OperationType=Payment&AccountId=cust-1"
                + "&DateTime=2026-11-20+10%3a15%3a00&TestMode=1&Status=Completed";
        return HTTP.send(HttpRequest.newBuilder(uri("/cloudpayments/" + org + "/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Content-HMAC", Signature.sign(secret, body.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(final String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}

package ledger.gateway.organizations;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CloudPayments API calls the gateway makes: {@code POST {base}/test} with HTTP Basic (Public ID / API
 * Secret) to verify credentials. The base URL is configuration, so tests point it at a local fake.
 */
public final class CloudPaymentsApi {

    private static final Logger log = LoggerFactory.getLogger(CloudPaymentsApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http;

    public CloudPaymentsApi(final String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Asks CloudPayments whether these credentials are valid. Never throws for network trouble: that is UNREACHABLE. */
    public ConnectionStatus verify(final String publicId, final String apiSecret) {
        final String basic = Base64.getEncoder().encodeToString((publicId + ":" + apiSecret).getBytes(StandardCharsets.UTF_8));
        final HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/test"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        try {
            final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 401 || response.statusCode() == 403) {
                return ConnectionStatus.INVALID_CREDENTIALS;
            }
            if (response.statusCode() != 200) {
                log.warn("CloudPayments /test answered HTTP {} for public id {}", response.statusCode(), publicId);
                return ConnectionStatus.UNREACHABLE;
            }
            final JsonNode body = JSON.readTree(response.body());
            return body.path("Success").asBoolean(false) ? ConnectionStatus.CONNECTED : ConnectionStatus.INVALID_CREDENTIALS;
        } catch (final IOException e) {
            log.warn("CloudPayments API at {} unreachable: {}", baseUrl, e.toString());
            return ConnectionStatus.UNREACHABLE;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return ConnectionStatus.UNREACHABLE;
        }
    }
}

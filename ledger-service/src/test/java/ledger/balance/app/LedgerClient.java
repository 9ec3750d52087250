package ledger.balance.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Talks to one ledger instance's HTTP API on the loopback interface, as a backend service would. */
final class LedgerClient {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The operator credential every test ledger is started with ({@code ADMIN_TOKEN}). */
    static final String ADMIN_TOKEN = "ledger-test-operator-token";

    private final int port;
    private final String authorization;

    /** A client with the operator credential. */
    LedgerClient(final int port) {
        this(port, "Bearer " + ADMIN_TOKEN);
    }

    /** A client that sends {@code authorization} as its Authorization header, or none when it is null. */
    LedgerClient(final int port, final String authorization) {
        this.port = port;
        this.authorization = authorization;
    }

    /** A status and, for JSON replies, the parsed body. */
    record Reply(int status, JsonNode json, String body) {
    }

    /**
     * A customer's balance as the API states it: minor units by currency and the sequence, or null when the
     * answer is not 200.
     */
    record Balance(Map<String, Long> balancesMinor, long sequence) {
    }

    Reply get(final String path) {
        try {
            final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).GET();
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            final HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            final String type = response.headers().firstValue("Content-Type").orElse("");
            return new Reply(response.statusCode(), type.startsWith("application/json") ? JSON.readTree(response.body()) : null, response.body());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Balance balance(final String orgId, final String customerId) {
        final Reply reply = get("/orgs/" + orgId + "/balances/" + customerId);
        return reply.status() == 200 ? toBalance(reply.json()) : null;
    }

    static Balance toBalance(final JsonNode json) {
        final Map<String, Long> minor = new TreeMap<>();
        json.path("balances").forEach(b -> minor.put(b.path("currency").asText(), b.path("balanceMinor").asLong()));
        return new Balance(minor, json.path("sequence").asLong());
    }

    /** The value of one Prometheus series, e.g. {@code ledger_decisions_total{mode="live",outcome="applied"}}, or NaN if absent. */
    double metric(final String series) {
        for (final String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    /** The sum over every series of {@code name} (any labels), 0 when there is none. */
    double metricSum(final String name) {
        double sum = 0;
        for (final String line : get("/metrics").body().split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}

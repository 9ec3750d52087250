package ledger.operator.audit;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.operator.OpsException;
import ledger.operator.kafka.CatchUp;

/**
 * The ledger's balance API as a client: {@code GET /orgs/{orgId}/balances/{customerId}}, with the operator's credential. A 503 (the ledger is
 * rebalancing) is retried for a while; a 404 means the ledger holds no balance for the customer.
 */
public final class LedgerClient {

    /** A customer's balances as the ledger answers them. */
    /**
     * @param byCurrency live balances by currency, and test balances by {@link BalanceAudit#balanceKey} ("RUB test"),
     *                   so the two can never be compared with each other
     */
    public record Balances(Map<String, Long> byCurrency, long sequence) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Optional<String> token;
    private final Duration unavailableFor;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param token the operator credential the ledger's balance API requires (FINANCE_TOKEN or ADMIN_TOKEN) */
    public LedgerClient(final String baseUrl, final Optional<String> token, final Duration unavailableFor) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.token = token;
        this.unavailableFor = unavailableFor;
    }

    public Optional<Balances> balances(final String orgId, final String customerId) {
        final URI uri = URI.create(baseUrl + "/orgs/" + enc(orgId) + "/balances/" + enc(customerId));
        final long deadline = System.nanoTime() + unavailableFor.toNanos();
        while (true) {
            final HttpResponse<String> response;
            try {
                final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET();
                token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            } catch (final IOException e) {
                throw new OpsException("cannot reach the ledger at " + baseUrl + " (" + e + "); is it running? is LEDGER_URL right?", e);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OpsException("interrupted");
            }
            switch (response.statusCode()) {
                case 200 -> {
                    return Optional.of(parse(response.body()));
                }
                case 401, 403 -> throw new OpsException("the ledger refused the balance query (HTTP " + response.statusCode()
                        + "): set FINANCE_TOKEN (or ADMIN_TOKEN) to the operator's credential");
                case 404 -> {
                    return Optional.empty();
                }
                case 503 -> {
                    if (System.nanoTime() > deadline) {
                        throw new OpsException("the ledger at " + baseUrl + " stayed unavailable (503: " + response.body() + ")");
                    }
                    CatchUp.pause(Duration.ofMillis(200));
                }
                default -> throw new OpsException("the ledger answered HTTP " + response.statusCode() + " for " + uri + ": " + response.body());
            }
        }
    }

    private static Balances parse(final String body) {
        try {
            final JsonNode json = JSON.readTree(body);
            final Map<String, Long> byCurrency = new TreeMap<>();
            for (final JsonNode amount : json.path("balances")) {
                byCurrency.put(BalanceAudit.balanceKey(amount.path("currency").asText(), false), amount.path("balanceMinor").asLong());
            }
            for (final JsonNode amount : json.path("testBalances")) {
                byCurrency.put(BalanceAudit.balanceKey(amount.path("currency").asText(), true), amount.path("balanceMinor").asLong());
            }
            return new Balances(byCurrency, json.path("sequence").asLong());
        } catch (final IOException e) {
            throw new OpsException("the ledger's balance answer is not JSON: " + body, e);
        }
    }


    private static String enc(final String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

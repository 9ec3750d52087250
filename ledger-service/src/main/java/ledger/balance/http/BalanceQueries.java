package ledger.balance.http;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import ledger.balance.topology.LedgerTopology;
import ledger.events.CustomerBalances;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers balance queries from the Streams store that owns the customer: locally when this instance is the
 * active host for the key, otherwise by asking the owner over HTTP. 404 for a customer the ledger has never
 * credited, 503 while stores are (re)balancing or restoring, so callers retry instead of seeing stale zeros.
 */
public final class BalanceQueries {

    /** Set on forwarded requests so an instance never forwards twice (no loops during a rebalance). */
    static final String FORWARDED_HEADER = "X-Ledger-Forwarded";

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public BalanceQueries(final KafkaStreams streams, final HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** {@code GET /balances/{orgId}/{customerId}}. */
    public void balance(final Context ctx) throws IOException, InterruptedException {
        final String orgId = PathParams.id(ctx, "orgId");
        final String customerId = PathParams.id(ctx, "customerId");
        final String key = orgId + ":" + customerId;
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "ledger is " + streams.state() + "; retry shortly");
        }
        final KeyQueryMetadata owner = streams.queryMetadataForKey(LedgerTopology.BALANCES_STORE, key, Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE) || owner.activeHost() == null) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "balance store is rebalancing; retry shortly");
        }
        if (!owner.activeHost().equals(self)) {
            forward(ctx, owner.activeHost(), orgId, customerId);
            return;
        }
        final CustomerBalances balances;
        try {
            final ReadOnlyKeyValueStore<String, CustomerBalances> store = streams.store(StoreQueryParameters
                    .fromNameAndType(LedgerTopology.BALANCES_STORE, QueryableStoreTypes.<String, CustomerBalances>keyValueStore())
                    .withPartition(owner.partition()));
            balances = store.get(key);
        } catch (final InvalidStateStoreException e) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "balance store is rebalancing; retry shortly");
        }
        if (balances == null) {
            throw new ApiError(HttpStatus.NOT_FOUND, "no balance for customer " + customerId + " of organization " + orgId);
        }
        ctx.json(toResponse(balances));
    }

    private void forward(final Context ctx, final HostInfo owner, final String orgId, final String customerId) throws IOException, InterruptedException {
        if (ctx.header(FORWARDED_HEADER) != null) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "balance store is moving between instances; retry shortly");
        }
        final URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/balances/" + enc(orgId) + "/" + enc(customerId));
        final HttpResponse<String> reply;
        try {
            reply = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header(FORWARDED_HEADER, "1").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (final IOException e) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "the instance owning this customer (" + owner.host() + ":" + owner.port() + ") is unreachable; retry shortly");
        }
        ctx.status(reply.statusCode()).contentType("application/json").result(reply.body());
    }

    static BalanceResponse toResponse(final CustomerBalances balances) {
        final List<BalanceResponse.Amount> amounts = new ArrayList<>();
        for (final Map.Entry<String, Long> e : new TreeMap<>(balances.getBalances()).entrySet()) {
            amounts.add(new BalanceResponse.Amount(e.getKey(), e.getValue(), decimal(e.getValue(), e.getKey())));
        }
        return new BalanceResponse(balances.getOrgId(), balances.getCustomerId(), amounts, balances.getSequence(),
                balances.getUpdatedAt().toString());
    }

    static String decimal(final long minor, final String currency) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (final IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor, digits).toPlainString();
    }

    private static String enc(final String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

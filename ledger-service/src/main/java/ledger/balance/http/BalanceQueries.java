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
import ledger.balance.topology.BalanceHistory;
import ledger.balance.topology.LedgerTopology;
import ledger.events.BalanceEvent;
import ledger.events.CustomerBalances;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Answers balance queries from the Streams stores that own the customer: locally when this instance is the
 * active host for the key, otherwise by asking the owner over HTTP. 404 for a customer the ledger has never
 * credited, 503 while stores are (re)balancing or restoring, so callers retry instead of seeing stale zeros.
 * A customer's balances and recent events live in the same task, so one routing decision serves both.
 */
public final class BalanceQueries {

    /** Set on forwarded requests so an instance never forwards twice (no loops during a rebalance). */
    static final String FORWARDED_HEADER = "X-Ledger-Forwarded";
    /** Events returned when the request names no limit. */
    static final int DEFAULT_EVENTS = 20;
    /** The most events one request may ask for. */
    static final int MAX_EVENTS = 200;

    private final KafkaStreams streams;
    private final HostInfo self;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public BalanceQueries(final KafkaStreams streams, final HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** {@code GET /orgs/{orgId}/balances/{customerId}}: every currency's balance and the customer's sequence. */
    public void balance(final Context ctx) throws IOException, InterruptedException {
        final Customer customer = Customer.of(ctx);
        final Integer partition = ownedPartition(ctx, customer, "", "");
        if (partition == null) {
            return;
        }
        ctx.json(toResponse(localBalances(customer, partition)));
    }

    /** {@code GET /orgs/{orgId}/balances/{customerId}/events?limit=N}: the most recent balance events, newest first. */
    public void events(final Context ctx) throws IOException, InterruptedException {
        final Customer customer = Customer.of(ctx);
        final int limit = ctx.queryParam("limit") == null ? DEFAULT_EVENTS : ctx.queryParamAsClass("limit", Integer.class)
                .check(n -> n >= 1 && n <= MAX_EVENTS, "")
                .getOrThrow(errors -> new ApiError(HttpStatus.BAD_REQUEST,
                        "limit must be a whole number from 1 to " + MAX_EVENTS + ", got '" + ctx.queryParam("limit") + "'"));
        final Integer partition = ownedPartition(ctx, customer, "/events", "limit=" + limit);
        if (partition == null) {
            return;
        }
        // Events first, balances second: the stream thread writes them in the other order, so the sequence
        // answered is never older than the newest event answered.
        final List<BalanceEventsResponse.Entry> events = localRecentEvents(customer, partition, limit);
        final CustomerBalances balances = localBalances(customer, partition);
        ctx.json(new BalanceEventsResponse(customer.orgId(), customer.customerId(), balances.getSequence(), events));
    }

    /**
     * The partition of this instance's store that holds the customer, or null when the request was answered by
     * forwarding it to the instance that owns the customer. Throws 503 while ownership is unknown.
     */
    private Integer ownedPartition(final Context ctx, final Customer customer, final String subPath, final String query)
            throws IOException, InterruptedException {
        if (streams.state() != KafkaStreams.State.RUNNING) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "ledger is " + streams.state() + "; retry shortly");
        }
        final KeyQueryMetadata owner = streams.queryMetadataForKey(LedgerTopology.BALANCES_STORE, customer.key(), Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE) || owner.activeHost() == null) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "balance store is rebalancing; retry shortly");
        }
        if (owner.activeHost().equals(self)) {
            return owner.partition();
        }
        forward(ctx, owner.activeHost(), customer, subPath, query);
        return null;
    }

    /** The customer's balances from the local store; 404 when the ledger has never posted to them. */
    private CustomerBalances localBalances(final Customer customer, final int partition) {
        final CustomerBalances balances;
        try {
            balances = localStore(LedgerTopology.BALANCES_STORE, partition, CustomerBalances.class).get(customer.key());
        } catch (final InvalidStateStoreException e) {
            throw rebalancing();
        }
        if (balances == null) {
            throw new ApiError(HttpStatus.NOT_FOUND, "no balance for customer " + customer.customerId() + " of organization " + customer.orgId());
        }
        return balances;
    }

    /** Up to {@code limit} of the customer's most recent events, newest first, from the local store. */
    private List<BalanceEventsResponse.Entry> localRecentEvents(final Customer customer, final int partition, final int limit) {
        final List<BalanceEventsResponse.Entry> events = new ArrayList<>();
        try (KeyValueIterator<String, BalanceEvent> newestFirst = localStore(LedgerTopology.HISTORY_STORE, partition, BalanceEvent.class)
                .reverseRange(BalanceHistory.firstKey(customer.key()), BalanceHistory.lastKey(customer.key()))) {
            while (newestFirst.hasNext() && events.size() < limit) {
                final var entry = newestFirst.next();
                if (BalanceHistory.isOfCustomer(entry.key, customer.key())) {
                    events.add(toEntry(entry.value));
                }
            }
        } catch (final InvalidStateStoreException e) {
            throw rebalancing();
        }
        return events;
    }

    private <V> ReadOnlyKeyValueStore<String, V> localStore(final String name, final int partition, final Class<V> type) {
        return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition));
    }

    private static ApiError rebalancing() {
        return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "balance store is rebalancing; retry shortly");
    }

    private void forward(final Context ctx, final HostInfo owner, final Customer customer, final String subPath, final String query)
            throws IOException, InterruptedException {
        if (ctx.header(FORWARDED_HEADER) != null) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "balance store is moving between instances; retry shortly");
        }
        final URI uri = URI.create("http://" + owner.host() + ":" + owner.port() + "/orgs/" + enc(customer.orgId()) + "/balances/"
                + enc(customer.customerId()) + subPath + (query.isEmpty() ? "" : "?" + query));
        final HttpResponse<String> reply;
        try {
            // The owner checks the caller's credential again: it never trusts another instance's word for it.
            final HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).header(FORWARDED_HEADER, "1").GET();
            if (ctx.header("Authorization") != null) {
                request.header("Authorization", ctx.header("Authorization"));
            }
            reply = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (final IOException e) {
            throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, "the instance owning this customer (" + owner.host() + ":" + owner.port() + ") is unreachable; retry shortly");
        }
        ctx.status(reply.statusCode()).contentType("application/json").result(reply.body());
    }

    static BalanceResponse toResponse(final CustomerBalances balances) {
        return new BalanceResponse(balances.getOrgId(), balances.getCustomerId(), amounts(balances.getBalances()),
                amounts(balances.getTestBalances()), balances.getSequence(), balances.getUpdatedAt().toString());
    }

    private static List<BalanceResponse.Amount> amounts(final Map<String, Long> byCurrency) {
        final List<BalanceResponse.Amount> amounts = new ArrayList<>();
        for (final Map.Entry<String, Long> e : new TreeMap<>(byCurrency).entrySet()) {
            amounts.add(new BalanceResponse.Amount(e.getKey(), e.getValue(), decimal(e.getValue(), e.getKey())));
        }
        return amounts;
    }

    static BalanceEventsResponse.Entry toEntry(final BalanceEvent e) {
        return new BalanceEventsResponse.Entry(e.getSequence(), e.getCurrency(), e.getAmountMinor(), decimal(e.getAmountMinor(), e.getCurrency()),
                e.getBalanceAfterMinor(), decimal(e.getBalanceAfterMinor(), e.getCurrency()), e.getSourceKind().name(),
                e.getSourceTransactionId(), e.getSourceEventId(), e.getTestMode(), e.getOccurredAt().toString());
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

    /** The customer a request is about, from its validated path. */
    private record Customer(String orgId, String customerId) {
        static Customer of(final Context ctx) {
            return new Customer(PathParams.id(ctx, "orgId"), PathParams.id(ctx, "customerId"));
        }

        String key() {
            return orgId + ":" + customerId;
        }
    }
}

package ledger.schemas.registry;

import java.util.Optional;

import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Confluent-compatible Schema Registry for the embedded stack: Confluent's REST API on Javalin, schemas
 * stored in a compacted single-partition Kafka topic in Confluent's record layout, so Confluent's clients in
 * any language use it unchanged and Confluent's registry or Karapace could take its topic over.
 *
 * <p>Guarantees: ids and versions survive a restart (the topic is read to its end before the port opens);
 * an answer to a change is given only after Kafka acknowledged it with {@code acks=all} and the registry
 * reads it back. One server per topic: it is the topic's only writer.
 */
public final class SchemaRegistryServer implements AutoCloseable {

    /** Confluent's default topic name. */
    public static final String DEFAULT_TOPIC = "_schemas";
    private static final String LOOPBACK = "127.0.0.1";

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryServer.class);

    private final SchemaStore store;
    private final Javalin http;
    private final String urlHost;
    private boolean closed;

    private SchemaRegistryServer(final SchemaStore store, final Javalin http, final String host) {
        this.store = store;
        this.http = http;
        // A wildcard address is reachable locally through the loopback one.
        this.urlHost = "0.0.0.0".equals(host) || "::".equals(host) ? LOOPBACK : host;
    }

    /**
     * Starts a registry on 127.0.0.1, creating {@code topic} with the broker's default replication factor if it
     * is missing.
     *
     * @param port the HTTP port, 0 for any free one
     */
    public static SchemaRegistryServer start(final String bootstrapServers, final String topic, final int port) {
        return start(bootstrapServers, topic, LOOPBACK, port, Optional.empty());
    }

    /**
     * Starts a registry.
     *
     * @param host the address to listen on ({@code 0.0.0.0} for every interface)
     * @param port the HTTP port, 0 for any free one
     * @param replicationFactor of {@code topic} when it has to be created; empty for the broker's default
     */
    public static SchemaRegistryServer start(final String bootstrapServers, final String topic, final String host,
                                             final int port, final Optional<Short> replicationFactor) {
        final SchemaStore store = SchemaStore.open(bootstrapServers, topic, replicationFactor);
        try {
            final SchemaRegistryRoutes routes = new SchemaRegistryRoutes(new SchemaRegistry(store));
            final Javalin http = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.showOldJavalinVersionWarning = false;
                routes.install(config);
            }).start(host, port);
            final SchemaRegistryServer server = new SchemaRegistryServer(store, http, host);
            log.info("Schema registry at {} on topic {} of {}", server.url(), topic, bootstrapServers);
            return server;
        } catch (final RuntimeException e) {
            store.close();
            throw e;
        }
    }

    public int port() {
        return http.port();
    }

    /** The base URL clients use as {@code schema.registry.url}. */
    public String url() {
        return "http://" + (urlHost.contains(":") ? "[" + urlHost + "]" : urlHost) + ":" + port();
    }

    /** Stops serving, then stops reading and writing the topic; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            http.stop();
        } finally {
            store.close();
        }
    }
}

package ledger.schemas.serde;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves a {@code schema.registry.url} to a client: {@code mock://scope} is an in-memory registry for
 * tests, anything else is the Confluent REST API. One client per URL per process, so caches are shared.
 */
public final class SchemaRegistryClients {

    private static final Map<String, SchemaRegistryClient> CLIENTS = new ConcurrentHashMap<>();

    private SchemaRegistryClients() {
    }

    public static SchemaRegistryClient forUrl(final String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("schema.registry.url is not set");
        }
        if (url.startsWith("mock://")) {
            return MockSchemaRegistry.scope(url.substring("mock://".length()));
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("schema.registry.url must be http(s):// or mock://, got " + url);
        }
        return CLIENTS.computeIfAbsent(url, HttpSchemaRegistryClient::new);
    }
}

package ledger.gateway.app;

import java.net.URI;
import java.util.Map;

import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.topics.Topics;

/**
 * The gateway's configuration, read once from the environment and validated at start with a message that
 * names the offending variable.
 *
 * @param bootstrapServers {@code KAFKA_BOOTSTRAP_SERVERS}, default 127.0.0.1:9092
 * @param schemaRegistryUrl {@code SCHEMA_REGISTRY_URL}, default http://127.0.0.1:8081
 * @param listenHost {@code GATEWAY_LISTEN_HOST}, default 0.0.0.0 (every interface): the address the HTTP server binds
 * @param port {@code GATEWAY_PORT}, default 8080 (0 = any free port)
 * @param publicUrl {@code GATEWAY_PUBLIC_URL}: how CloudPayments reaches us, for the webhook URLs shown to admins
 * @param adminToken {@code ADMIN_TOKEN}: bearer token for the integration endpoints (at least 16 characters)
 * @param secretKey {@code GATEWAY_SECRET_KEY}: base64 of 32 bytes, encrypts API secrets at rest
 * @param cloudPaymentsApiUrl {@code CLOUDPAYMENTS_API_URL}, default https://api.cloudpayments.ru
 * @param topicPrefix {@code TOPIC_PREFIX}, default empty
 * @param publishTimeoutMs {@code GATEWAY_PUBLISH_TIMEOUT_MS}, default 10000: how long a webhook waits for Kafka
 */
public record GatewayConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String listenHost,
        int port,
        String publicUrl,
        String adminToken,
        String secretKey,
        String cloudPaymentsApiUrl,
        String topicPrefix,
        long publishTimeoutMs) {

    /** Every environment variable this configuration reads. */
    public static final java.util.Set<String> VARIABLES = java.util.Set.of("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL",
            "GATEWAY_LISTEN_HOST", "GATEWAY_PORT", "GATEWAY_PUBLIC_URL", "ADMIN_TOKEN", "GATEWAY_SECRET_KEY", "CLOUDPAYMENTS_API_URL", "TOPIC_PREFIX",
            "GATEWAY_PUBLISH_TIMEOUT_MS");

    /** The organizations' CloudPayments connections (compacted; without the topic prefix). */
    public static final String INTEGRATIONS_TOPIC = "org-integrations";
    /** Each organization's latest notification time and mode (compacted; without the topic prefix). */
    public static final String ACTIVITY_TOPIC = "org-activity";

    public GatewayConfig {
        require(!bootstrapServers.isBlank(), "KAFKA_BOOTSTRAP_SERVERS must not be empty");
        require(schemaRegistryUrl.matches("(https?|mock)://.+"), "SCHEMA_REGISTRY_URL must be an http(s):// URL, got '" + schemaRegistryUrl + "'");
        require(listenHost.matches("[A-Za-z0-9.:-]+"), "GATEWAY_LISTEN_HOST must be a host name or address, got '" + listenHost + "'");
        require(port >= 0 && port <= 65535, "GATEWAY_PORT must be 0..65535, got " + port);
        require(isHttpUrl(publicUrl), "GATEWAY_PUBLIC_URL must be an http(s):// URL, got '" + publicUrl + "'");
        require(adminToken != null && adminToken.length() >= 16, "ADMIN_TOKEN must be set to at least 16 characters");
        require(secretKey != null && !secretKey.isBlank(), "GATEWAY_SECRET_KEY must be set (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
        require(isHttpUrl(cloudPaymentsApiUrl), "CLOUDPAYMENTS_API_URL must be an http(s):// URL, got '" + cloudPaymentsApiUrl + "'");
        require(topicPrefix.matches("[A-Za-z0-9._-]*"), "TOPIC_PREFIX may hold only letters, digits, '.', '_' and '-'");
        require(publishTimeoutMs >= 1_000 && publishTimeoutMs <= 25_000, "GATEWAY_PUBLISH_TIMEOUT_MS must be 1000..25000 (CloudPayments gives up after 30 s), got " + publishTimeoutMs);
    }

    public static GatewayConfig fromEnv(final Map<String, String> env) {
        final int port = integer(env, "GATEWAY_PORT", 8080);
        return new GatewayConfig(
                string(env, "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"),
                string(env, "SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081"),
                string(env, "GATEWAY_LISTEN_HOST", "0.0.0.0"),
                port,
                string(env, "GATEWAY_PUBLIC_URL", "http://127.0.0.1:" + (port == 0 ? 8080 : port)),
                string(env, "ADMIN_TOKEN", null),
                string(env, "GATEWAY_SECRET_KEY", null),
                string(env, "CLOUDPAYMENTS_API_URL", "https://api.cloudpayments.ru"),
                string(env, "TOPIC_PREFIX", ""),
                integer(env, "GATEWAY_PUBLISH_TIMEOUT_MS", 10_000));
    }

    public Topics topics() {
        return Topics.create(topicPrefix, Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, schemaRegistryUrl));
    }

    public String integrationsTopic() {
        return topicPrefix + INTEGRATIONS_TOPIC;
    }

    /** The compacted topic through which instances share each organization's latest notification time and mode. */
    public String activityTopic() {
        return topicPrefix + ACTIVITY_TOPIC;
    }

    private static boolean isHttpUrl(final String value) {
        try {
            final URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (final IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private static String string(final Map<String, String> env, final String name, final String defaultValue) {
        final String value = env.get(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    private static int integer(final Map<String, String> env, final String name, final int defaultValue) {
        final String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
        }
    }

    private static void require(final boolean condition, final String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}

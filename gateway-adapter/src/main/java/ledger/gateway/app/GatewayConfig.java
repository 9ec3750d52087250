package ledger.gateway.app;

import java.util.Map;

import ledger.config.Checks;
import ledger.config.Env;
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
        Checks.bootstrapServers(bootstrapServers);
        Checks.schemaRegistryUrl(schemaRegistryUrl);
        Checks.listenHost("GATEWAY_LISTEN_HOST", listenHost);
        Checks.port("GATEWAY_PORT", port);
        Checks.httpUrl("GATEWAY_PUBLIC_URL", publicUrl);
        Checks.require(adminToken != null && adminToken.length() >= 16, "ADMIN_TOKEN must be set to at least 16 characters");
        Checks.require(secretKey != null && !secretKey.isBlank(), "GATEWAY_SECRET_KEY must be set (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
        Checks.httpUrl("CLOUDPAYMENTS_API_URL", cloudPaymentsApiUrl);
        Checks.topicPrefix(topicPrefix);
        Checks.require(publishTimeoutMs >= 1_000 && publishTimeoutMs <= 25_000,
                "GATEWAY_PUBLISH_TIMEOUT_MS must be 1000..25000 (CloudPayments gives up after 30 s), got " + publishTimeoutMs);
    }

    public static GatewayConfig fromEnv(final Map<String, String> variables) {
        final Env env = new Env(variables);
        final int port = env.integer("GATEWAY_PORT", 8080);
        return new GatewayConfig(
                env.bootstrapServers(),
                env.schemaRegistryUrl(),
                env.string("GATEWAY_LISTEN_HOST", "0.0.0.0"),
                port,
                env.string("GATEWAY_PUBLIC_URL", "http://127.0.0.1:" + (port == 0 ? 8080 : port)),
                env.string("ADMIN_TOKEN", null),
                env.string("GATEWAY_SECRET_KEY", null),
                env.string("CLOUDPAYMENTS_API_URL", "https://api.cloudpayments.ru"),
                env.topicPrefix(),
                env.integer("GATEWAY_PUBLISH_TIMEOUT_MS", 10_000));
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
}

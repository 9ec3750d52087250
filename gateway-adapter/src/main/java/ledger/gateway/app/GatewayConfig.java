package ledger.gateway.app;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

import ledger.config.Checks;
import ledger.config.Env;
import ledger.config.Replication;
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
 * @param adminToken {@code ADMIN_TOKEN}: the operator credential, which may do everything in every organization,
 *                   including creating organizations' API keys (at least 16 characters)
 * @param financeToken {@code FINANCE_TOKEN}, optional: the operator's read credential (every read, every organization)
 * @param secretKey {@code GATEWAY_SECRET_KEY}: base64 of 32 bytes, encrypts API secrets at rest
 * @param cloudPaymentsApiUrl {@code CLOUDPAYMENTS_API_URL}, default https://api.cloudpayments.ru
 * @param topicPrefix {@code TOPIC_PREFIX}, default empty
 * @param publishTimeoutMs {@code GATEWAY_PUBLISH_TIMEOUT_MS}, default 10000: how long a webhook waits for Kafka
 * @param secretRotationWindow {@code GATEWAY_SECRET_ROTATION_WINDOW}, an ISO-8601 duration, default {@code PT72H}: how
 *                             long the previous API Secret stays valid for webhooks after the secret is changed
 *                             ({@link #DEFAULT_SECRET_ROTATION_WINDOW} says why 72 hours)
 * @param verifyInterval {@code GATEWAY_VERIFY_INTERVAL}, an ISO-8601 duration, default {@code PT1M}: how often a
 *                       connection saved unverified (CloudPayments unreachable, {@code "force": true}) is checked again
 */
public record GatewayConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String listenHost,
        int port,
        String publicUrl,
        String adminToken,
        String financeToken,
        String secretKey,
        String cloudPaymentsApiUrl,
        String topicPrefix,
        long publishTimeoutMs,
        Duration secretRotationWindow,
        Duration verifyInterval,
        Replication replication) {

    /** Every environment variable this configuration reads. */
    public static final java.util.Set<String> VARIABLES = java.util.Set.of("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL",
            "GATEWAY_LISTEN_HOST", "GATEWAY_PORT", "GATEWAY_PUBLIC_URL", "ADMIN_TOKEN", "GATEWAY_SECRET_KEY", "CLOUDPAYMENTS_API_URL", "TOPIC_PREFIX",
            "GATEWAY_PUBLISH_TIMEOUT_MS", "GATEWAY_SECRET_ROTATION_WINDOW", "FINANCE_TOKEN", "GATEWAY_VERIFY_INTERVAL",
            Replication.FACTOR_VARIABLE, Replication.MIN_INSYNC_VARIABLE);

    /**
     * How long a changed API Secret's predecessor still verifies webhooks, by default. CloudPayments signs a
     * notification once and retries it unchanged: about 100 attempts at 1, 2, 5 and 10 minutes, then every 30
     * minutes, which is about 48 hours (PROTOCOL.md §4.4); a merchant cabinet log showed attempt #101, so the
     * schedule can run longer. 72 hours lets every retry of a notification signed just before the change through,
     * with a day to spare, and then the old secret is dead instead of valid until the next change.
     */
    public static final Duration DEFAULT_SECRET_ROTATION_WINDOW = Duration.ofHours(72);
    /** An upper bound, so a typo such as {@code P720D} cannot quietly keep an old secret alive for years. */
    public static final Duration MAX_SECRET_ROTATION_WINDOW = Duration.ofDays(30);

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
        Checks.require(financeToken == null || (financeToken.length() >= 16 && !financeToken.equals(adminToken)),
                "FINANCE_TOKEN must be at least 16 characters and differ from ADMIN_TOKEN");
        Checks.require(verifyInterval != null && verifyInterval.compareTo(Duration.ofSeconds(1)) >= 0 && verifyInterval.compareTo(Duration.ofDays(1)) <= 0,
                "GATEWAY_VERIFY_INTERVAL must be from PT1S to P1D, got " + verifyInterval);
        Checks.require(secretKey != null && !secretKey.isBlank(), "GATEWAY_SECRET_KEY must be set (base64 of 32 random bytes, e.g. `openssl rand -base64 32`)");
        Checks.httpUrl("CLOUDPAYMENTS_API_URL", cloudPaymentsApiUrl);
        Checks.topicPrefix(topicPrefix);
        Checks.require(publishTimeoutMs >= 1_000 && publishTimeoutMs <= 25_000,
                "GATEWAY_PUBLISH_TIMEOUT_MS must be 1000..25000 (CloudPayments gives up after 30 s), got " + publishTimeoutMs);
        Checks.require(secretRotationWindow != null && secretRotationWindow.compareTo(Duration.ZERO) > 0
                        && secretRotationWindow.compareTo(MAX_SECRET_ROTATION_WINDOW) <= 0,
                "GATEWAY_SECRET_ROTATION_WINDOW must be longer than zero and at most " + MAX_SECRET_ROTATION_WINDOW
                        + " (30 days), got " + secretRotationWindow);
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
                env.string("FINANCE_TOKEN", null),
                env.string("GATEWAY_SECRET_KEY", null),
                env.string("CLOUDPAYMENTS_API_URL", "https://api.cloudpayments.ru"),
                env.topicPrefix(),
                env.integer("GATEWAY_PUBLISH_TIMEOUT_MS", 10_000),
                duration(env, "GATEWAY_SECRET_ROTATION_WINDOW", DEFAULT_SECRET_ROTATION_WINDOW),
                duration(env, "GATEWAY_VERIFY_INTERVAL", Duration.ofMinutes(1)),
                Replication.fromEnv(env));
    }

    /** An ISO-8601 duration ({@code PT72H}, {@code P3D}, {@code PT30M}), or {@code defaultValue} when unset. */
    private static Duration duration(final Env env, final String name, final Duration defaultValue) {
        final String value = env.string(name, null);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Duration.parse(value);
        } catch (final DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 duration such as PT72H (72 hours) or P3D (3 days), got '" + value + "'");
        }
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

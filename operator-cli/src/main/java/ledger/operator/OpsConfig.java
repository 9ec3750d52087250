package ledger.operator;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import ledger.config.Checks;
import ledger.config.Env;
import ledger.gateway.app.GatewayConfig;
import ledger.gateway.organizations.SecretCipher;
import ledger.report.app.ReportConfig.DatabaseUrl;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.topics.Topics;

/**
 * The operator tool's configuration: the same environment variables the services read, validated once at start
 * with a message naming the offending variable. {@link #toString()} never shows the password or the key.
 *
 * @param bootstrapServers {@code KAFKA_BOOTSTRAP_SERVERS}, default 127.0.0.1:9092
 * @param schemaRegistryUrl {@code SCHEMA_REGISTRY_URL}, default http://127.0.0.1:8081
 * @param topicPrefix {@code TOPIC_PREFIX}, default empty
 * @param databaseUrl {@code DATABASE_URL} as a JDBC URL (a {@code postgres://user:pass@host:port/db} URL is converted)
 * @param databaseUser {@code DATABASE_USER}, default postgres (or the user in DATABASE_URL)
 * @param databasePassword {@code DATABASE_PASSWORD}, default postgres (or the password in DATABASE_URL)
 * @param databaseSchema {@code DATABASE_SCHEMA}, default report: the schema the report service reads
 * @param ledgerUrl {@code LEDGER_URL}, default http://127.0.0.1:8082: any ledger instance, for balance queries
 * @param ledgerApplicationId {@code LEDGER_APPLICATION_ID}, default ledger-service: the ledger's Streams application id
 * @param ledgerStateDir {@code LEDGER_STATE_DIR}, if set: the ledger's local state, wiped by {@code rebuild ledger}
 * @param reportGroupId {@code REPORT_GROUP_ID}, default report-service: the report sink's group
 * @param gatewaySecretKey {@code GATEWAY_SECRET_KEY}, if set: decrypts organizations' API secrets (reconcile only)
 * @param cloudPaymentsApiUrl {@code CLOUDPAYMENTS_API_URL}, default https://api.cloudpayments.ru
 * @param ledgerToken the credential balance queries send: {@code FINANCE_TOKEN} (the operator's read credential) when
 *                    set, else {@code ADMIN_TOKEN}; {@code ./ledger ops} takes both from the embedded stack's data dir
 */
public record OpsConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        String topicPrefix,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        String databaseSchema,
        String ledgerUrl,
        String ledgerApplicationId,
        Optional<Path> ledgerStateDir,
        String reportGroupId,
        Optional<String> gatewaySecretKey,
        String cloudPaymentsApiUrl,
        Optional<String> ledgerToken) {

    /** Every environment variable this configuration reads. */
    public static final Set<String> VARIABLES = Set.of("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL", "TOPIC_PREFIX",
            "DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD", "DATABASE_SCHEMA", "LEDGER_URL", "LEDGER_APPLICATION_ID",
            "LEDGER_STATE_DIR", "REPORT_GROUP_ID", "GATEWAY_SECRET_KEY", "CLOUDPAYMENTS_API_URL", "FINANCE_TOKEN", "ADMIN_TOKEN");

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]*");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public OpsConfig {
        Checks.bootstrapServers(bootstrapServers);
        Checks.schemaRegistryUrl(schemaRegistryUrl);
        Checks.topicPrefix(topicPrefix);
        Checks.require(databaseUrl.startsWith("jdbc:postgresql://") && databaseUrl.length() > "jdbc:postgresql://".length(),
                "DATABASE_URL must be a jdbc:postgresql:// or postgres:// URL");
        Checks.require(!databaseUser.isBlank(), "DATABASE_USER must not be blank");
        Checks.require(SCHEMA.matcher(databaseSchema).matches(), "DATABASE_SCHEMA must be a lower-case SQL identifier, got '" + databaseSchema + "'");
        Checks.httpUrl("LEDGER_URL", ledgerUrl);
        Checks.require(!ledgerApplicationId.isEmpty() && NAME.matcher(ledgerApplicationId).matches(),
                "LEDGER_APPLICATION_ID may hold only letters, digits, '.', '_' and '-', got '" + ledgerApplicationId + "'");
        Checks.require(GROUP.matcher(reportGroupId).matches(), "REPORT_GROUP_ID must be 1-200 characters of letters, digits, '.', '_', ':' and '-', got '" + reportGroupId + "'");
        gatewaySecretKey.ifPresent(key -> {
            try {
                new SecretCipher(key);
            } catch (final IllegalArgumentException e) {
                throw new ConfigException(e.getMessage() + " (GATEWAY_SECRET_KEY)");
            }
        });
        Checks.httpUrl("CLOUDPAYMENTS_API_URL", cloudPaymentsApiUrl);
    }

    /**
     * Reads and validates the environment; blank values count as unset.
     *
     * @throws ConfigException naming the bad variable
     */
    public static OpsConfig fromEnv(final Map<String, String> variables) {
        final Env env = new Env(variables);
        try {
            final DatabaseUrl database = DatabaseUrl.parse(env.string("DATABASE_URL", "jdbc:postgresql://127.0.0.1:5432/postgres"));
            return new OpsConfig(
                    env.bootstrapServers(),
                    env.schemaRegistryUrl(),
                    env.topicPrefix(),
                    database.jdbcUrl(),
                    database.user(env),
                    database.password(env),
                    env.string("DATABASE_SCHEMA", "report"),
                    env.string("LEDGER_URL", "http://127.0.0.1:8082"),
                    env.string("LEDGER_APPLICATION_ID", "ledger-service"),
                    env.value("LEDGER_STATE_DIR").map(Path::of),
                    env.string("REPORT_GROUP_ID", "report-service"),
                    env.value("GATEWAY_SECRET_KEY"),
                    env.string("CLOUDPAYMENTS_API_URL", "https://api.cloudpayments.ru"),
                    env.value("FINANCE_TOKEN").or(() -> env.value("ADMIN_TOKEN")));
        } catch (final IllegalArgumentException e) {
            // A bad variable is a usage error (exit 2), as any bad option.
            throw new ConfigException(e.getMessage());
        }
    }

    public Map<String, Object> serdeConfig() {
        return Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    }

    public Topics topics() {
        return Topics.create(topicPrefix, serdeConfig());
    }

    public String integrationsTopic() {
        return topicPrefix + GatewayConfig.INTEGRATIONS_TOPIC;
    }

    public String activityTopic() {
        return topicPrefix + GatewayConfig.ACTIVITY_TOPIC;
    }

    /** The cipher of organizations' API secrets; fails with a message naming the variable when it is not set. */
    public SecretCipher secretCipher() {
        return new SecretCipher(gatewaySecretKey.orElseThrow(() -> new ConfigException(
                "GATEWAY_SECRET_KEY must be set to decrypt the organization's CloudPayments credentials (the gateway's key)")));
    }

    @Override
    public String toString() {
        return "OpsConfig[kafka=" + bootstrapServers + ", registry=" + schemaRegistryUrl + ", topicPrefix='" + topicPrefix
                + "', database=" + databaseUrl + " as " + databaseUser + " (password ***), schema=" + databaseSchema
                + ", ledger=" + ledgerUrl + ", ledgerApplicationId=" + ledgerApplicationId + ", reportGroupId=" + reportGroupId
                + ", gatewaySecretKey=" + gatewaySecretKey.map(k -> "***").orElse("<unset>") + ", cloudPayments=" + cloudPaymentsApiUrl + "]";
    }
}

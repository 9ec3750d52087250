package ledger.report.app;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import ledger.config.Checks;
import ledger.config.Env;
import ledger.config.Replication;
import ledger.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Everything the report service needs to know about its surroundings, validated once at startup.
 *
 * <p>Every instance is valid: the canonical constructor checks each value and names the environment variable it
 * came from, so a bad deployment fails before anything connects. {@link #consumerProperties()} and
 * {@link #producerProperties()} are the only places that write Kafka {@link Properties}; the settings that protect
 * money ({@code isolation.level}, {@code enable.auto.commit}, {@code acks}, {@code enable.idempotence}) are written
 * out even where they equal today's client defaults. {@link #toString()} never shows the password or the tokens.
 */
public record ReportConfig(
        String kafkaBootstrapServers,
        String schemaRegistryUrl,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        String databaseSchema,
        int port,
        String adminToken,
        Optional<String> financeToken,
        String topicPrefix,
        String groupId,
        Replication replication) {

    static final String DEFAULT_DATABASE_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    static final String DEFAULT_DATABASE_USER = "postgres";
    static final String DEFAULT_DATABASE_PASSWORD = "postgres";
    static final String DEFAULT_SCHEMA = "report";
    static final int DEFAULT_PORT = 8083;
    static final String DEFAULT_GROUP_ID = "report-service";
    static final int MIN_TOKEN_LENGTH = 16;

    // The schema name goes into Flyway and the connection's search_path, so only plain lower-case identifiers.
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern GROUP_ID = Pattern.compile("[A-Za-z0-9._:-]{1,200}");

    public ReportConfig {
        Checks.bootstrapServers(kafkaBootstrapServers);
        Checks.schemaRegistryUrl(schemaRegistryUrl);
        Checks.require(databaseUrl != null && databaseUrl.startsWith("jdbc:postgresql://") && databaseUrl.length() > "jdbc:postgresql://".length(),
                "DATABASE_URL must be a jdbc:postgresql:// URL");
        Checks.require(databaseUser != null && !databaseUser.isBlank(), "DATABASE_USER must not be blank");
        Checks.require(databasePassword != null, "DATABASE_PASSWORD must be set");
        Checks.require(databaseSchema != null && SCHEMA.matcher(databaseSchema).matches(),
                "DATABASE_SCHEMA must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, at most 63 characters), got '" + databaseSchema + "'");
        Checks.port("REPORT_PORT", port);
        Checks.require(adminToken != null && !adminToken.isBlank(), "ADMIN_TOKEN is required");
        Checks.require(validToken(adminToken),
                "ADMIN_TOKEN must be at least " + MIN_TOKEN_LENGTH + " characters without whitespace");
        Objects.requireNonNull(financeToken, "financeToken: use Optional.empty()");
        financeToken.ifPresent(token -> {
            Checks.require(validToken(token), "FINANCE_TOKEN must be at least " + MIN_TOKEN_LENGTH + " characters without whitespace");
            // With equal tokens a reader could not be told from an admin; refuse rather than guess.
            Checks.require(!token.equals(adminToken), "FINANCE_TOKEN must differ from ADMIN_TOKEN");
        });
        Checks.topicPrefix(topicPrefix);
        Checks.require(groupId != null && GROUP_ID.matcher(groupId).matches(),
                "REPORT_GROUP_ID must be 1-200 characters of letters, digits, '.', '_', ':' and '-', got '" + groupId + "'");
    }

    /** Every environment variable this configuration reads. */
    public static final java.util.Set<String> VARIABLES = java.util.Set.of("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL",
            "DATABASE_URL", "DATABASE_USER", "DATABASE_PASSWORD", "DATABASE_SCHEMA", "REPORT_PORT", "ADMIN_TOKEN",
            "FINANCE_TOKEN", "TOPIC_PREFIX", "REPORT_GROUP_ID", Replication.FACTOR_VARIABLE, Replication.MIN_INSYNC_VARIABLE);

    /**
     * Reads the configuration from environment variables, applying the documented defaults. Blank values count as
     * unset, because container tooling often passes {@code VAR=} for "not configured".
     *
     * @throws IllegalArgumentException naming the offending variable
     */
    public static ReportConfig fromEnv(final Map<String, String> variables) {
        // VARIABLES below must list every name read here (docker-compose.yml is checked against it).
        final Env env = new Env(variables);
        final String rawDatabaseUrl = env.string("DATABASE_URL", DEFAULT_DATABASE_URL);
        final DatabaseUrl database = DatabaseUrl.parse(rawDatabaseUrl);
        final String user = database.user(env);
        final String password = database.password(env);
        return new ReportConfig(
                env.bootstrapServers(),
                env.schemaRegistryUrl(),
                database.jdbcUrl(),
                user,
                password,
                env.string("DATABASE_SCHEMA", DEFAULT_SCHEMA),
                env.integer("REPORT_PORT", DEFAULT_PORT),
                env.string("ADMIN_TOKEN", null),
                env.value("FINANCE_TOKEN"),
                env.topicPrefix(),
                env.string("REPORT_GROUP_ID", DEFAULT_GROUP_ID),
                Replication.fromEnv(env));
    }

    /** The serde configuration shared by every topic's serdes: the Schema Registry location. */
    public Map<String, Object> serdeConfig() {
        return Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    }

    /**
     * The sink's consumer. Only committed transactional data is read (the ledger writes transactionally); offsets
     * live in PostgreSQL next to the rows, so Kafka's auto-commit is off and Kafka's committed offsets are only a
     * monitoring aid.
     */
    public Properties consumerProperties() {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, groupId + "-sink");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // Only used if a partition has no stored offset and the explicit seek could not run; never skip data.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // One poll is one store transaction (rows and offsets, committed durably): larger batches catch up faster after
        // an outage (bench/run report-sink: about 21,000 events/s with 500, 26,000 with 2,000, on 2 cores). When
        // there is no backlog a poll returns what has arrived, so this does not delay anything.
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        return props;
    }

    /**
     * The shift-event producer. The HTTP answer is given only after the broker acknowledged the event on all
     * in-sync replicas, and retries never duplicate it. Timeouts are short because a person is waiting.
     */
    public Properties producerProperties() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, groupId + "-shifts");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
        return props;
    }

    @Override
    public String toString() {
        return "ReportConfig[kafkaBootstrapServers=" + kafkaBootstrapServers
                + ", schemaRegistryUrl=" + schemaRegistryUrl
                + ", databaseUrl=" + databaseUrl
                + ", databaseUser=" + databaseUser
                + ", databasePassword=***"
                + ", databaseSchema=" + databaseSchema
                + ", port=" + port
                + ", adminToken=***"
                + ", financeToken=" + financeToken.map(t -> "***").orElse("<none>")
                + ", topicPrefix=" + topicPrefix
                + ", groupId=" + groupId + "]";
    }

    private static boolean validToken(final String token) {
        return token.length() >= MIN_TOKEN_LENGTH && token.chars().noneMatch(Character::isWhitespace);
    }

    /**
     * DATABASE_URL in either JDBC form or the {@code postgres://user:pass@host:port/db} form of most platforms.
     * Public because the operator tool reads the same variable and must reach the same database as this service.
     * A bad URL is an {@link IllegalArgumentException} whose message never echoes the URL (it may hold a password).
     */
    public record DatabaseUrl(String jdbcUrl, Optional<String> user, Optional<String> password) {

        /** {@code DATABASE_USER}, or the user in the URL, or postgres; refused when the two disagree. */
        public String user(final Env env) {
            return credential(env, "DATABASE_USER", user, DEFAULT_DATABASE_USER);
        }

        /** {@code DATABASE_PASSWORD}, or the password in the URL, or postgres; refused when the two disagree. */
        public String password(final Env env) {
            return credential(env, "DATABASE_PASSWORD", password, DEFAULT_DATABASE_PASSWORD);
        }

        private static String credential(final Env env, final String name, final Optional<String> fromUrl, final String defaultValue) {
            final Optional<String> explicit = env.value(name);
            if (explicit.isPresent() && fromUrl.isPresent() && !explicit.get().equals(fromUrl.get())) {
                throw new IllegalArgumentException(name + " conflicts with the credentials embedded in DATABASE_URL; set only one of them");
            }
            return explicit.or(() -> fromUrl).orElse(defaultValue);
        }

        public static DatabaseUrl parse(final String raw) {
            if (raw.startsWith("jdbc:postgresql://")) {
                return new DatabaseUrl(raw, Optional.empty(), Optional.empty());
            }
            if (!raw.startsWith("postgres://") && !raw.startsWith("postgresql://")) {
                throw new IllegalArgumentException("DATABASE_URL must start with jdbc:postgresql://, postgres:// or postgresql://");
            }
            final URI uri;
            try {
                uri = new URI(raw);
            } catch (final URISyntaxException e) {
                // The message would echo the URL and with it the password.
                throw new IllegalArgumentException("DATABASE_URL is not a valid URL");
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw new IllegalArgumentException("DATABASE_URL has no host");
            }
            final String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (path.length() <= 1 || path.indexOf('/', 1) >= 0) {
                throw new IllegalArgumentException("DATABASE_URL must name exactly one database, as in postgres://host:5432/dbname");
            }
            final int port = uri.getPort() == -1 ? 5432 : uri.getPort();
            final String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            final String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + ":" + port + path + query;
            final String userInfo = uri.getRawUserInfo();
            if (userInfo == null || userInfo.isEmpty()) {
                return new DatabaseUrl(jdbcUrl, Optional.empty(), Optional.empty());
            }
            final int colon = userInfo.indexOf(':');
            final String user = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            final Optional<String> password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1)));
            return new DatabaseUrl(jdbcUrl, user.isEmpty() ? Optional.empty() : Optional.of(user), password);
        }

        private static String decode(final String raw) {
            // URLDecoder is for forms, where '+' means space; in a URL's user info '+' is a plus.
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
    }
}

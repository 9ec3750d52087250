package ledger.balance.app;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import ledger.balance.topology.DeadLetterDeserializationHandler;
import ledger.config.Checks;
import ledger.config.Env;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The ledger service's configuration, read once from the environment and validated at start.
 *
 * @param bootstrapServers Kafka ({@code KAFKA_BOOTSTRAP_SERVERS}, default 127.0.0.1:9092)
 * @param schemaRegistryUrl registry ({@code SCHEMA_REGISTRY_URL}, default http://127.0.0.1:8081)
 * @param port HTTP port for balance queries ({@code LEDGER_PORT}, default 8082; 0 = any)
 * @param advertisedHost the host other instances reach this one on ({@code LEDGER_HOST}, default 127.0.0.1)
 * @param listenHost the address the HTTP API listens on ({@code LEDGER_LISTEN_HOST}, default 0.0.0.0: every interface,
 *        as a container needs; 127.0.0.1 keeps it on the loopback interface)
 * @param stateDir Kafka Streams state ({@code LEDGER_STATE_DIR}, default data/ledger-state)
 * @param applicationId Streams application id ({@code LEDGER_APPLICATION_ID}, default ledger-service)
 * @param topicPrefix prefix of every topic name ({@code TOPIC_PREFIX}, default empty)
 * @param processingGuarantee {@code LEDGER_PROCESSING_GUARANTEE}: exactly_once_v2 (default) or at_least_once (benchmarks only)
 * @param commitIntervalMs {@code LEDGER_COMMIT_INTERVAL_MS}, default {@value #DEFAULT_COMMIT_INTERVAL_MS}: how often each
 *        exactly-once transaction commits. A credit passes three commits (two regroupings and the balance event), so
 *        this sets most of the time from webhook to readable balance (bench/run ledger-e2e: p99 254 ms at 50 ms,
 *        434 ms at 100 ms), at about 1% of throughput
 * @param threads {@code LEDGER_THREADS}, default 1
 * @param sessionTimeoutMs {@code LEDGER_SESSION_TIMEOUT_MS}, default 45000 (Kafka's): how long the group waits for a
 *        silent instance before giving its customers to the others. Lower means a faster takeover after a crash,
 *        and more needless rebalances when an instance merely pauses.
 * @param adminToken {@code ADMIN_TOKEN}, required: the operator credential (reads every organization's balances)
 * @param financeToken {@code FINANCE_TOKEN}, optional: the operator's read credential
 */
public record LedgerConfig(
        String bootstrapServers,
        String schemaRegistryUrl,
        int port,
        String advertisedHost,
        String listenHost,
        Path stateDir,
        String applicationId,
        String topicPrefix,
        String processingGuarantee,
        long commitIntervalMs,
        int threads,
        int sessionTimeoutMs,
        String adminToken,
        String financeToken) {

    /** Every environment variable this configuration reads. */
    public static final java.util.Set<String> VARIABLES = java.util.Set.of("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL",
            "LEDGER_PORT", "LEDGER_HOST", "LEDGER_LISTEN_HOST", "LEDGER_STATE_DIR", "LEDGER_APPLICATION_ID", "TOPIC_PREFIX",
            "LEDGER_PROCESSING_GUARANTEE", "LEDGER_COMMIT_INTERVAL_MS", "LEDGER_THREADS", "LEDGER_SESSION_TIMEOUT_MS",
            "ADMIN_TOKEN", "FINANCE_TOKEN");

    /** See {@code commitIntervalMs}. */
    public static final int DEFAULT_COMMIT_INTERVAL_MS = 50;

    public LedgerConfig {
        Checks.bootstrapServers(bootstrapServers);
        Checks.schemaRegistryUrl(schemaRegistryUrl);
        Checks.port("LEDGER_PORT", port);
        Checks.require(advertisedHost.matches("[A-Za-z0-9._-]+"), "LEDGER_HOST must be a host name or IPv4 address, got '" + advertisedHost + "'");
        Checks.listenHost("LEDGER_LISTEN_HOST", listenHost);
        Checks.require(applicationId.matches("[A-Za-z0-9._-]+"), "LEDGER_APPLICATION_ID may hold only letters, digits, '.', '_' and '-', got '" + applicationId + "'");
        Checks.topicPrefix(topicPrefix);
        Checks.require(processingGuarantee.equals(StreamsConfig.EXACTLY_ONCE_V2) || processingGuarantee.equals(StreamsConfig.AT_LEAST_ONCE),
                "LEDGER_PROCESSING_GUARANTEE must be exactly_once_v2 or at_least_once, got '" + processingGuarantee + "'");
        Checks.require(commitIntervalMs >= 10 && commitIntervalMs <= 60_000, "LEDGER_COMMIT_INTERVAL_MS must be 10..60000, got " + commitIntervalMs);
        Checks.require(threads >= 1 && threads <= 64, "LEDGER_THREADS must be 1..64, got " + threads);
        // The broker refuses session timeouts outside group.min/max.session.timeout.ms (6 s and 30 min by default).
        Checks.require(sessionTimeoutMs >= 6_000 && sessionTimeoutMs <= 300_000, "LEDGER_SESSION_TIMEOUT_MS must be 6000..300000, got " + sessionTimeoutMs);
        Checks.require(adminToken != null && adminToken.length() >= 16, "ADMIN_TOKEN must be set to at least 16 characters (the operator credential)");
        Checks.require(financeToken == null || (financeToken.length() >= 16 && !financeToken.equals(adminToken)),
                "FINANCE_TOKEN must be at least 16 characters and differ from ADMIN_TOKEN");
    }

    public static LedgerConfig fromEnv(final Map<String, String> variables) {
        final Env e = new Env(variables);
        return new LedgerConfig(
                e.bootstrapServers(),
                e.schemaRegistryUrl(),
                e.integer("LEDGER_PORT", 8082),
                e.string("LEDGER_HOST", "127.0.0.1"),
                e.string("LEDGER_LISTEN_HOST", "0.0.0.0"),
                Path.of(e.string("LEDGER_STATE_DIR", "data/ledger-state")),
                e.string("LEDGER_APPLICATION_ID", "ledger-service"),
                e.topicPrefix(),
                e.string("LEDGER_PROCESSING_GUARANTEE", StreamsConfig.EXACTLY_ONCE_V2),
                e.integer("LEDGER_COMMIT_INTERVAL_MS", DEFAULT_COMMIT_INTERVAL_MS),
                e.integer("LEDGER_THREADS", 1),
                e.integer("LEDGER_SESSION_TIMEOUT_MS", 45_000),
                e.string("ADMIN_TOKEN", null),
                e.string("FINANCE_TOKEN", null));
    }

    public Map<String, Object> serdeConfig() {
        return Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    }

    public Topics topics() {
        return Topics.create(topicPrefix, serdeConfig());
    }

    /**
     * The only place the Streams properties are written. Settings that protect money are written out even
     * where they equal Kafka's default.
     */
    public Properties toStreamsProperties(final int actualPort) {
        final Map<String, Object> p = new HashMap<>();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost + ":" + actualPort);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        p.put(DeadLetterDeserializationHandler.DEAD_LETTER_TOPIC, topicPrefix + Topics.DEAD_LETTERS);
        p.put(AvroSerdes.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), sessionTimeoutMs);
        // Kafka asks for heartbeats at most a third of the session timeout apart; 3 s is its default.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), Math.min(3_000, sessionTimeoutMs / 3));
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ACKS_CONFIG), "all");
        p.put(StreamsConfig.producerPrefix(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG), true);
        // Efficiency, not safety: 128 KiB batches instead of Kafka's 16 KiB mean fewer produce requests per commit while
        // catching up or rebuilding, about 10% less CPU per payment event in bench/run ledger (producer and broker).
        // Every commit still flushes, so a credit becomes visible no later.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 128 * 1024);
        // Standby replicas let a surviving instance take over a failed one's stores without a full restore.
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, 1);
        final Properties props = new Properties();
        props.putAll(p);
        return props;
    }
}

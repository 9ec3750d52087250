package ledger.balance.app;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import ledger.balance.topology.DeadLetterDeserializationHandler;
import ledger.config.Checks;
import ledger.config.Env;
import ledger.config.Replication;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
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
 * @param sessionTimeoutMs {@code LEDGER_SESSION_TIMEOUT_MS}, default {@value #DEFAULT_SESSION_TIMEOUT_MS}: how long the
 *        group waits for a silent instance before giving its customers to the others (failover after a crash of an
 *        instance that does not come back). Lower means a faster takeover, and more needless rebalances when an
 *        instance merely pauses; 6 s is the least a broker accepts by default. A crashed instance that is restarted
 *        does not wait for it: it comes back under its instance id (static membership) and takes its work back at once.
 * @param instanceId {@code LEDGER_INSTANCE_ID}: this instance's stable name in the consumer group ({@code group.instance.id},
 *        static membership), unique per instance; empty (the default) means one generated on first start and kept in
 *        {@code LEDGER_STATE_DIR/}{@value InstanceId#FILE}, so an instance restarted on the same state keeps it
 * @param replication copies of every topic, the ledger's changelogs and regroupings included ({@link Replication})
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
        String instanceId,
        Replication replication,
        String adminToken,
        String financeToken) {

    /** Every environment variable this configuration reads. */
    public static final java.util.Set<String> VARIABLES = java.util.Set.of("KAFKA_BOOTSTRAP_SERVERS", "SCHEMA_REGISTRY_URL",
            "LEDGER_PORT", "LEDGER_HOST", "LEDGER_LISTEN_HOST", "LEDGER_STATE_DIR", "LEDGER_APPLICATION_ID", "TOPIC_PREFIX",
            "LEDGER_PROCESSING_GUARANTEE", "LEDGER_COMMIT_INTERVAL_MS", "LEDGER_THREADS", "LEDGER_SESSION_TIMEOUT_MS",
            "LEDGER_INSTANCE_ID", Replication.FACTOR_VARIABLE, Replication.MIN_INSYNC_VARIABLE, "ADMIN_TOKEN", "FINANCE_TOKEN");

    /** See {@code commitIntervalMs}. */
    public static final int DEFAULT_COMMIT_INTERVAL_MS = 50;

    /** Segment size of the changelogs Streams creates (see {@link #toStreamsProperties(int, String)}). */
    static final int CHANGELOG_SEGMENT_BYTES = 64 * 1024 * 1024;

    /** Records per poll while restoring a store from its changelog. */
    static final int RESTORE_RECORDS_PER_POLL = 10_000;

    /** See {@code sessionTimeoutMs}. */
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 6_000;

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
        Checks.require(instanceId.isEmpty() || InstanceId.valid(instanceId),
                "LEDGER_INSTANCE_ID may hold only letters, digits, '.', '_' and '-' (at most 100), got '" + instanceId + "'");
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
                e.integer("LEDGER_SESSION_TIMEOUT_MS", DEFAULT_SESSION_TIMEOUT_MS),
                e.string("LEDGER_INSTANCE_ID", ""),
                Replication.fromEnv(e),
                e.string("ADMIN_TOKEN", null),
                e.string("FINANCE_TOKEN", null));
    }

    public Map<String, Object> serdeConfig() {
        return Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, schemaRegistryUrl);
    }

    public Topics topics() {
        return Topics.create(topicPrefix, serdeConfig());
    }

    /** The Streams properties without static membership (benchmarks and tests that start Streams themselves). */
    public Properties toStreamsProperties(final int actualPort) {
        return toStreamsProperties(actualPort, null);
    }

    /**
     * The only place the Streams properties are written. Settings that protect money are written out even
     * where they equal Kafka's default.
     *
     * @param groupInstanceId this instance's static member name ({@link InstanceId#resolve}), or null for a dynamic member
     */
    public Properties toStreamsProperties(final int actualPort, final String groupInstanceId) {
        final Map<String, Object> p = new HashMap<>();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, processingGuarantee);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, advertisedHost + ":" + actualPort);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
        p.put(StreamsConfig.ENSURE_EXPLICIT_INTERNAL_RESOURCE_NAMING_CONFIG, true);
        // The changelogs and regroupings hold money in flight: as many copies as the business topics.
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) replication.factor());
        p.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG), Integer.toString(replication.minInsyncReplicas()));
        // Compaction never touches a changelog's active segment, and Kafka's segments are 1 GiB: with the default a
        // restore after a crash reads every balance change ever made instead of each customer's newest. 64 MiB segments
        // let the cleaner keep restores near the size of the state (only for changelogs Streams creates from now on).
        p.put(StreamsConfig.topicPrefix(TopicConfig.SEGMENT_BYTES_CONFIG), CHANGELOG_SEGMENT_BYTES);
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
        // Restoring after a crash reads the changelogs from the start; 10,000 records per poll instead of Streams' 1,000
        // means fewer, larger RocksDB write batches.
        p.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), RESTORE_RECORDS_PER_POLL);
        if (groupInstanceId != null) {
            // Static membership: a restarted instance takes its tasks back under the same name at once, instead of the
            // group waiting out the crashed member's session before anyone may have its work. Streams adds "-<thread>".
            p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, groupInstanceId);
        }
        final Properties props = new Properties();
        props.putAll(p);
        return props;
    }
}

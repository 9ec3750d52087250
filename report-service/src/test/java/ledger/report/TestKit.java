package ledger.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.platform.access.AccessControl;
import ledger.platform.access.Throttle;
import ledger.embedded.EmbeddedPostgres;
import ledger.embedded.SharedInfrastructure;
import ledger.events.Card;
import ledger.events.Fees;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.report.persistence.StoredOffset;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jdbi.v3.core.Jdbi;

/**
 * Shared test plumbing: the JVM-wide embedded Kafka and PostgreSQL, isolated per test class by topic prefix,
 * {@code mock://} registry scope, consumer group and database schema; event builders; a small HTTP client.
 */
public final class TestKit {

    public static final String ADMIN_TOKEN = "admin-token-0123456789";
    public static final String FINANCE_TOKEN = "finance-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestKit() {
    }

    /**
     * The shared PostgreSQL. zonky unpacks into {@code java.io.tmpdir}, which the build points at a directory under
     * {@code target/} that nothing else may have created yet in this JVM.
     */
    public static EmbeddedPostgres postgres() {
        try {
            java.nio.file.Files.createDirectories(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return SharedInfrastructure.postgres();
    }

    /** The environment a report service of test {@code scope} runs with; {@code overrides} win. */
    /** Access control with the test operator tokens and no key store, for an API started without Kafka. */
    public static AccessControl accessControl() {
        return new AccessControl(ADMIN_TOKEN, Optional.of(FINANCE_TOKEN), null, Throttle.NONE);
    }

    public static Map<String, String> env(final String scope, final Map<String, String> overrides) {
        final EmbeddedPostgres postgres = postgres();
        final Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", SharedInfrastructure.kafka().bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", "mock://" + scope);
        env.put("DATABASE_URL", postgres.jdbcUrl());
        env.put("DATABASE_USER", postgres.user());
        env.put("DATABASE_PASSWORD", postgres.password());
        env.put("DATABASE_SCHEMA", scope.toLowerCase());
        env.put("REPORT_PORT", "0");
        env.put("ADMIN_TOKEN", ADMIN_TOKEN);
        env.put("FINANCE_TOKEN", FINANCE_TOKEN);
        env.put("TOPIC_PREFIX", scope + ".");
        env.put("REPORT_GROUP_ID", scope + "-report");
        env.putAll(overrides);
        return env;
    }

    public static Topics topics(final String scope) {
        return Topics.create(scope + ".", Map.of("schema.registry.url", "mock://" + scope));
    }

    public static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers()));
    }

    /** Creates the scope's topics with 3 partitions, so ordering across partitions is exercised too. */
    public static void createTopics(final Topics topics) {
        try (Admin admin = admin()) {
            topics.ensureCreated(admin, 3);
        }
    }

    /** A schema-scoped connection to the shared PostgreSQL (not migrated). */
    public static Jdbi jdbi(final String schema) {
        final EmbeddedPostgres postgres = postgres();
        return Jdbi.create(postgres.jdbcUrl() + "&currentSchema=" + schema, postgres.user(), postgres.password());
    }

    public static KafkaProducer<String, PaymentEvent> paymentProducer(final Topics topics) {
        return new KafkaProducer<>(producerProperties(), topics.payments().keySerde().serializer(),
                topics.payments().valueSerde().serializer());
    }

    public static KafkaProducer<byte[], byte[]> rawProducer() {
        return new KafkaProducer<>(producerProperties(), new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static Properties producerProperties() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.kafka().bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return props;
    }

    /** Publishes and waits for the acknowledgement, keyed orgId:customerId with the business time as timestamp. */
    public static void publish(final KafkaProducer<String, PaymentEvent> producer, final Topics topics, final PaymentEvent event) {
        try {
            producer.send(new ProducerRecord<>(topics.payments().name(), null, event.getOccurredAt().toEpochMilli(),
                    event.getOrgId() + ":" + event.getCustomerId(), event)).get();
        } catch (final InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A payment event of the given kind with the fields every kind has; refine with the builder. */
    public static PaymentEvent.Builder payment(final String orgId, final NotificationKind kind, final long transactionId,
                                               final String customerId, final String clubId, final long amountMinor,
                                               final String currency, final Instant occurredAt) {
        return PaymentEvent.newBuilder()
                .setEventId(orgId + ":" + kind + ":" + transactionId)
                .setOrgId(orgId)
                .setKind(kind)
                .setTransactionId(transactionId)
                .setCustomerId(customerId)
                .setClubId(clubId)
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setOccurredAt(occurredAt)
                .setReceivedAt(occurredAt.plusSeconds(2))
                .setTestMode(false);
    }

    public static Card card(final String firstSix, final String lastFour) {
        return Card.newBuilder().setFirstSix(firstSix).setLastFour(lastFour).setType("Visa").build();
    }

    public static Fees fee(final long totalFeeMinor) {
        return Fees.newBuilder().setTotalFeeMinor(totalFeeMinor).build();
    }

    /** The end offsets of every partition of {@code topicNames}. */
    public static Map<TopicPartition, Long> endOffsets(final List<String> topicNames) {
        try (Admin admin = admin()) {
            final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
            for (final TopicDescription description : admin.describeTopics(topicNames).allTopicNames().get().values()) {
                description.partitions().forEach(p -> request.put(new TopicPartition(description.name(), p.partition()), OffsetSpec.latest()));
            }
            final Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(request).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (final InterruptedException | ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code groupId}'s stored offsets have reached {@code ends} on every non-empty partition. */
    public static boolean caughtUp(final Jdbi jdbi, final String groupId, final Map<TopicPartition, Long> ends) {
        final Map<TopicPartition, Long> stored = new HashMap<>();
        jdbi.withHandle(h -> h.createQuery("SELECT topic, partition, next_offset FROM consumer_offsets WHERE group_id = :g")
                        .bind("g", groupId)
                        .map((rs, ctx) -> new StoredOffset(rs.getString(1), rs.getInt(2), rs.getLong(3)))
                        .list())
                .forEach(o -> stored.put(new TopicPartition(o.topic(), o.partition()), o.nextOffset()));
        return ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || stored.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** An HTTP answer: status, content type, the body (parsed when it is JSON) and the headers. */
    public record Reply(int status, String contentType, String body, Map<String, List<String>> headers) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (final IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }
    }

    public static Reply get(final int port, final String path, final String token) {
        return send(port, path, token == null ? null : "Bearer " + token, HttpRequest.newBuilder().GET());
    }

    /** A GET with {@code authorization} as the raw Authorization header ({@code null}: none). */
    public static Reply getAuthorized(final int port, final String path, final String authorization) {
        return send(port, path, authorization, HttpRequest.newBuilder().GET());
    }

    public static Reply post(final int port, final String path, final String token, final String body) {
        final HttpRequest.Builder builder = HttpRequest.newBuilder()
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        return send(port, path, token == null ? null : "Bearer " + token, builder);
    }

    private static Reply send(final int port, final String path, final String authorization, final HttpRequest.Builder builder) {
        builder.uri(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        try {
            final HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), response.body(),
                    response.headers().map());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

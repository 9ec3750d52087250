package ledger.schemas.topics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import ledger.config.Replication;
import ledger.events.BalanceEvent;
import ledger.events.DeadLetter;
import ledger.events.PaymentEvent;
import ledger.events.ShiftEvent;
import ledger.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalogue. Keys are {@code orgId:customerId} (or {@code orgId:clubId} for shifts) so one
 * customer's events stay in order; values are Avro in Confluent's wire format under {@code <topic>-value}.
 *
 * <p>A prefix (empty in production) lets tests share one broker without sharing topics.
 */
public record Topics(
        Topic<String, PaymentEvent> payments,
        Topic<String, BalanceEvent> balanceEvents,
        Topic<String, ShiftEvent> shiftEvents,
        Topic<String, DeadLetter> deadLetters) {

    public static final String PAYMENTS = "payments";
    public static final String BALANCE_EVENTS = "balance-events";
    public static final String SHIFT_EVENTS = "shift-events";
    public static final String DEAD_LETTERS = "dead-letters";

    /** Partitions of the business topics: the unit of parallelism of the ledger and the report sink. */
    public static final int DEFAULT_PARTITIONS = 6;

    /**
     * Builds the catalogue.
     *
     * @param prefix prepended to every topic name ("" in production)
     * @param serdeConfig at least {@code schema.registry.url}
     */
    public static Topics create(final String prefix, final Map<String, ?> serdeConfig) {
        return new Topics(
                new Topic<>(prefix + PAYMENTS, Serdes.String(), AvroSerdes.specific(PaymentEvent.class, serdeConfig, false)),
                new Topic<>(prefix + BALANCE_EVENTS, Serdes.String(), AvroSerdes.specific(BalanceEvent.class, serdeConfig, false)),
                new Topic<>(prefix + SHIFT_EVENTS, Serdes.String(), AvroSerdes.specific(ShiftEvent.class, serdeConfig, false)),
                new Topic<>(prefix + DEAD_LETTERS, Serdes.String(), AvroSerdes.specific(DeadLetter.class, serdeConfig, false)));
    }

    public List<Topic<String, ?>> all() {
        return List.of(payments, balanceEvents, shiftEvents, deadLetters);
    }

    /**
     * Creates every missing topic: {@code partitions} partitions for the business topics, one for dead letters,
     * with the broker's default replication factor. Existing topics are left as they are.
     */
    public void ensureCreated(final Admin admin, final int partitions) {
        createMissing(admin, newTopics(partitions, Optional.empty(), Map.of()), Duration.ofSeconds(30));
    }

    /**
     * Creates every missing topic with {@code replication}, then refuses to go on (naming each topic and what it lacks)
     * when an existing topic is weaker than {@code replication}: a service configured for a cluster that keeps three
     * copies must not quietly write to a topic that keeps one.
     */
    public void ensureCreated(final Admin admin, final int partitions, final Replication replication) {
        createMissing(admin, newTopics(partitions, Optional.of(replication.factor()),
                Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Integer.toString(replication.minInsyncReplicas()))), Duration.ofSeconds(30));
        requireReplication(admin, names(), replication);
    }

    private List<NewTopic> newTopics(final int partitions, final Optional<Short> factor, final Map<String, String> configs) {
        final List<NewTopic> topics = new ArrayList<>();
        for (final Topic<String, ?> topic : all()) {
            final int count = topic == deadLetters ? 1 : partitions;
            final Map<String, String> topicConfigs = new HashMap<>(configs);
            // Payment history is the ledger's source of truth for rebuilds and audits: keep it forever.
            topicConfigs.put(TopicConfig.RETENTION_MS_CONFIG, "-1");
            topics.add(new NewTopic(topic.name(), Optional.of(count), factor).configs(topicConfigs));
        }
        return topics;
    }

    /**
     * Fails, naming every weaker topic, unless each of {@code names} has at least {@code replication.factor()} replicas
     * in every partition and {@code min.insync.replicas} of at least {@code replication.minInsyncReplicas()}.
     */
    public static void requireReplication(final Admin admin, final Collection<String> names, final Replication replication) {
        if (names.isEmpty()) {
            return;
        }
        try {
            final Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS);
            final List<ConfigResource> resources = names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
            final Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get(30, TimeUnit.SECONDS);
            final List<String> weaker = new ArrayList<>();
            for (final String name : new java.util.TreeSet<>(names)) {
                final int replicas = descriptions.get(name).partitions().stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
                final ConfigEntry minIsr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name)).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
                final int minInsync = minIsr == null ? 1 : Integer.parseInt(minIsr.value());
                if (replicas < replication.factor() || minInsync < replication.minInsyncReplicas()) {
                    weaker.add(name + " (replication factor " + replicas + ", min.insync.replicas " + minInsync + ")");
                }
            }
            if (!weaker.isEmpty()) {
                throw new IllegalStateException("topics weaker than configured (" + replication.describe() + ", from "
                        + Replication.FACTOR_VARIABLE + " and " + Replication.MIN_INSYNC_VARIABLE + "): " + String.join(", ", weaker)
                        + ". Raise them on the cluster (kafka-reassign-partitions for replicas, kafka-configs for min.insync.replicas) "
                        + "before starting, or configure what this cluster really keeps");
            }
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot check the replication of topics " + names + ": " + e.getCause().getMessage(), e.getCause());
        } catch (final TimeoutException e) {
            throw new IllegalStateException("Kafka did not describe topics " + names + " within 30 s", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while checking topics " + names, e);
        }
    }

    /**
     * Creates each of {@code topics} that does not exist yet (one that another process creates meanwhile is fine;
     * existing ones are left as they are), then waits until every partition of each answers from its leader.
     *
     * <p>A topic is usable a moment after its creation is acknowledged. A producer that comes sooner gets
     * NOT_LEADER_OR_FOLLOWER for its first batch while later batches of the same idempotent producer are appended,
     * and the retried first batch is then refused with OUT_OF_ORDER_SEQUENCE_NUMBER until it expires; a consumer gets
     * unknown-partition answers.
     *
     * @throws IllegalStateException naming the topic when Kafka refuses, or does not get there within {@code timeout}
     */
    public static void createMissing(final Admin admin, final Collection<NewTopic> topics, final Duration timeout) {
        final long deadline = System.nanoTime() + timeout.toNanos();
        final List<String> names = topics.stream().map(NewTopic::name).toList();
        try {
            final Set<String> existing = admin.listTopics().names().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            final List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            for (final Map.Entry<String, KafkaFuture<Void>> created : admin.createTopics(missing).values().entrySet()) {
                try {
                    created.getValue().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                } catch (final ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + created.getKey() + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
            awaitLeaders(admin, names, deadline);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot create topics " + names + ": " + e.getCause().getMessage(), e.getCause());
        } catch (final TimeoutException e) {
            throw new IllegalStateException("Kafka did not create and lead topics " + names + " within " + timeout, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + names, e);
        }
    }

    /** Waits until a ListOffsets of every partition of {@code names} succeeds, i.e. each has a leader that loaded it. */
    private static void awaitLeaders(final Admin admin, final List<String> names, final long deadline)
            throws InterruptedException, TimeoutException {
        while (true) {
            try {
                final Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                for (final TopicDescription topic : admin.describeTopics(names).allTopicNames()
                        .get(remainingMillis(deadline), TimeUnit.MILLISECONDS).values()) {
                    topic.partitions().forEach(p -> partitions.put(new TopicPartition(topic.name(), p.partition()), OffsetSpec.latest()));
                }
                admin.listOffsets(partitions).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
                return;
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("topics " + names + " have no usable leader: " + e.getCause().getMessage(), e.getCause());
                }
                Thread.sleep(20);
            }
        }
    }

    private static long remainingMillis(final long deadline) throws TimeoutException {
        final long millis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
        if (millis <= 0) {
            throw new TimeoutException();
        }
        return millis;
    }

    public Set<String> names() {
        return all().stream().map(Topic::name).collect(Collectors.toUnmodifiableSet());
    }
}

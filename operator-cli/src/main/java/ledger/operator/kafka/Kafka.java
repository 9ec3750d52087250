package ledger.operator.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ledger.operator.OpsConfig;
import ledger.operator.OpsException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The tool's Kafka connection: one admin client, and consumers and producers on demand. Consumers read only
 * committed data ({@code read_committed}) and never join a group or commit; producers write with {@code acks=all}
 * and idempotence, the same durability the gateway has. Every admin call waits at most {@value #TIMEOUT_SECONDS} s and
 * fails with a message saying what could not be done.
 */
public final class Kafka implements AutoCloseable {

    static final int TIMEOUT_SECONDS = 30;

    private final OpsConfig config;
    private Admin admin;

    public Kafka(final OpsConfig config) {
        this.config = config;
    }

    public OpsConfig config() {
        return config;
    }

    public synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000));
        }
        return admin;
    }

    /** A consumer of raw bytes that reads committed data only, without a group. */
    public KafkaConsumer<byte[], byte[]> consumer() {
        final Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_SECONDS * 1000);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A producer of raw bytes with the gateway's durability: acks=all, idempotent. */
    public KafkaProducer<byte[], byte[]> producer() {
        final Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public Set<String> topicNames() {
        return await(admin().listTopics().names(), "list topics");
    }

    /** The partitions of {@code topic}, in order; fails when the topic does not exist. */
    public List<TopicPartition> partitions(final String topic) {
        final TopicDescription description;
        try {
            description = admin().describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic);
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                throw new OpsException("topic " + topic + " does not exist (is TOPIC_PREFIX right?)");
            }
            throw failed("describe topic " + topic, e.getCause());
        } catch (final TimeoutException e) {
            throw failed("describe topic " + topic, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted");
        }
        final List<TopicPartition> partitions = new ArrayList<>();
        description.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        partitions.sort(Comparator.comparingInt(TopicPartition::partition));
        return partitions;
    }

    /** The last stable offsets (what read_committed consumers can reach) of the partitions. */
    public Map<TopicPartition, Long> endOffsets(final Collection<TopicPartition> partitions) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions, Duration.ofSeconds(TIMEOUT_SECONDS));
        } catch (final org.apache.kafka.common.KafkaException e) {
            throw failed("read end offsets", e);
        }
    }

    public Map<TopicPartition, Long> beginningOffsets(final Collection<TopicPartition> partitions) {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
            return consumer.beginningOffsets(partitions, Duration.ofSeconds(TIMEOUT_SECONDS));
        } catch (final org.apache.kafka.common.KafkaException e) {
            throw failed("read beginning offsets", e);
        }
    }

    /** The group's committed offsets; empty when the group has none. */
    public Map<TopicPartition, Long> committed(final String groupId) {
        final Map<TopicPartition, OffsetAndMetadata> offsets = await(admin().listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata(),
                "read the committed offsets of group " + groupId);
        final Map<TopicPartition, Long> result = new HashMap<>();
        offsets.forEach((tp, om) -> {
            if (om != null) {
                result.put(tp, om.offset());
            }
        });
        return result;
    }

    /** The group's state and members, or {@link Group#absent} when Kafka does not know it. */
    public Group group(final String groupId) {
        try {
            final ConsumerGroupDescription d = admin().describeConsumerGroups(List.of(groupId)).describedGroups().get(groupId)
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            final List<String> members = new ArrayList<>();
            for (final MemberDescription m : d.members()) {
                members.add(m.clientId() + "@" + m.host());
            }
            return new Group(groupId, d.groupState(), members);
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Group.absent(groupId);
            }
            throw failed("describe group " + groupId, e.getCause());
        } catch (final TimeoutException e) {
            throw failed("describe group " + groupId, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted");
        }
    }

    /**
     * Fails unless the group has no active member: Kafka accepts offset changes only for an inactive group, and a
     * running instance would overwrite them anyway.
     */
    public void requireInactive(final String groupId, final String service) {
        final Group group = group(groupId);
        if (!group.members().isEmpty()) {
            throw new OpsException(service + " is running: group " + groupId + " has " + group.members().size() + " active member(s) "
                    + group.members() + ". Stop every instance first, then run this again.");
        }
    }

    /** The state and members of a consumer group (or Streams application). */
    public record Group(String groupId, GroupState state, List<String> members) {
        static Group absent(final String groupId) {
            return new Group(groupId, GroupState.DEAD, List.of());
        }
    }

    public <T> T await(final KafkaFuture<T> future, final String what) {
        try {
            return future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (final ExecutionException e) {
            throw failed(what, e.getCause());
        } catch (final TimeoutException e) {
            throw failed(what, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpsException("interrupted");
        }
    }

    private OpsException failed(final String what, final Throwable cause) {
        final String reason = cause instanceof TimeoutException || cause instanceof org.apache.kafka.common.errors.TimeoutException
                ? "no answer from Kafka at " + config.bootstrapServers() + " within " + TIMEOUT_SECONDS + " s (is it running? is KAFKA_BOOTSTRAP_SERVERS right?)"
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return new OpsException("cannot " + what + ": " + reason, cause);
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}

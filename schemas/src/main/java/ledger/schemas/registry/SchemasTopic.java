package ledger.schemas.registry;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the registry's topic when missing and refuses one that would lose or reorder schemas.
 *
 * <p>One partition, because ids and versions are assigned in the order the records are read; compacted,
 * because the topic is the registry's only copy and must never expire. Confluent's registry makes the same
 * checks on the same topic.
 */
final class SchemasTopic {

    private static final long ADMIN_TIMEOUT_MS = 30_000;

    private SchemasTopic() {
    }

    /**
     * @param replicationFactor the replication factor of a new topic; empty for the broker's default
     */
    static void ensure(final String bootstrapServers, final String topic, final Optional<Short> replicationFactor) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "schema-registry-admin"))) {
            if (!admin.listTopics().names().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS).contains(topic)) {
                create(admin, topic, replicationFactor);
            }
            verifyOnceKnown(admin, topic);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot prepare schema topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        } catch (final TimeoutException e) {
            throw new IllegalStateException("cannot prepare schema topic " + topic + ": Kafka at " + bootstrapServers
                    + " did not answer within " + ADMIN_TIMEOUT_MS + " ms", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing schema topic " + topic, e);
        }
    }

    private static void create(final Admin admin, final String topic, final Optional<Short> replicationFactor)
            throws InterruptedException, ExecutionException, TimeoutException {
        final NewTopic newTopic = new NewTopic(topic, Optional.of(1), replicationFactor)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(newTopic)).all().get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (final ExecutionException e) {
            // Another registry instance may have created it between our list and create: that is fine.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /**
     * A topic just created may not be known to every part of the broker yet; describing it then fails with
     * UnknownTopicOrPartition for a moment, which is not an answer about the topic.
     */
    private static void verifyOnceKnown(final Admin admin, final String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        final long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ADMIN_TIMEOUT_MS);
        while (true) {
            try {
                verify(admin, topic);
                return;
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            }
        }
    }

    private static void verify(final Admin admin, final String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        final TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
        if (description.partitions().size() != 1) {
            throw new IllegalStateException("schema topic " + topic + " has " + description.partitions().size()
                    + " partitions; it must have exactly 1 so ids are assigned in one order");
        }
        final ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        final Config config = admin.describeConfigs(List.of(resource)).all()
                .get(ADMIN_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(resource);
        final String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT) || policy.contains(TopicConfig.CLEANUP_POLICY_DELETE)) {
            throw new IllegalStateException("schema topic " + topic + " has cleanup.policy=" + policy
                    + "; it must be compact so registered schemas never expire");
        }
    }
}

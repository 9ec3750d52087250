package ledger.schemas.registry;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;

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
            // Another registry instance may create it at the same time: that is fine.
            Topics.createMissing(admin, List.of(new NewTopic(topic, Optional.of(1), replicationFactor)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))), Duration.ofMillis(ADMIN_TIMEOUT_MS));
            verify(admin, topic);
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

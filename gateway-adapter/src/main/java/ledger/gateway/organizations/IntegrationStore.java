package ledger.gateway.organizations;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Organization integrations kept in a compacted, single-partition topic and mirrored in memory by every
 * gateway instance, so a connect, a secret rotation or a disconnect on one instance reaches all of them
 * without a restart. Values are JSON; the API Secret inside is AES-GCM ciphertext. A disconnect is a tombstone.
 */
public final class IntegrationStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IntegrationStore.class);
    private final Map<String, Integration> byOrg = new ConcurrentHashMap<>();
    private CompactedTopic topic;

    private IntegrationStore() {
    }

    /** Creates the topic if needed, loads every integration, and keeps following the topic. */
    public static IntegrationStore open(final String bootstrapServers, final String topic, final Duration loadTimeout) {
        final IntegrationStore store = new IntegrationStore();
        store.topic = CompactedTopic.open(bootstrapServers, topic, store::apply, loadTimeout);
        log.info("loaded {} organization integration(s) from {}", store.byOrg.size(), topic);
        return store;
    }

    public Optional<Integration> find(final String orgId) {
        return Optional.ofNullable(byOrg.get(orgId));
    }

    /** Stores {@code integration} durably and returns once this instance sees it. */
    public void put(final Integration integration) {
        try {
            topic.write(integration.orgId(), CompactedTopic.JSON.writeValueAsString(integration));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes the organization's integration (a tombstone) and returns once this instance sees it. */
    public void remove(final String orgId) {
        topic.write(orgId, null);
    }

    private void apply(final String orgId, final String json, final long offset) {
        if (json == null) {
            byOrg.remove(orgId);
            return;
        }
        try {
            byOrg.put(orgId, CompactedTopic.JSON.readValue(json, Integration.class));
        } catch (final JsonProcessingException e) {
            log.error("skipping unreadable integration record for {} at offset {}", orgId, offset);
        }
    }

    @Override
    public void close() {
        topic.close();
    }
}

package ledger.gateway.organizations;

import ledger.platform.kafka.CompactedTopic;
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
 * Unknown JSON properties are ignored and missing ones are null, so records written by older and newer versions
 * both load.
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

    /**
     * Integrations held by this instance alone (for tests and single-instance tools). Each one is still written
     * to JSON and read back, so what is kept is exactly what another instance would load.
     */
    public static IntegrationStore inMemory() {
        return new IntegrationStore();
    }

    public Optional<Integration> find(final String orgId) {
        return Optional.ofNullable(byOrg.get(orgId));
    }

    /** Every organization's integration as this instance knows it. */
    public java.util.Collection<Integration> all() {
        return java.util.List.copyOf(byOrg.values());
    }

    /** Stores {@code integration} durably and returns once this instance sees it. */
    public void put(final Integration integration) {
        try {
            if (topic == null) {
                byOrg.put(integration.orgId(), read(write(integration)));
                return;
            }
            topic.write(integration.orgId(), write(integration));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Removes the organization's integration (a tombstone) and returns once this instance sees it. */
    public void remove(final String orgId) {
        if (topic == null) {
            byOrg.remove(orgId);
            return;
        }
        topic.write(orgId, null);
    }

    private void apply(final String orgId, final String json, final long offset) {
        if (json == null) {
            byOrg.remove(orgId);
            return;
        }
        try {
            byOrg.put(orgId, read(json));
        } catch (final JsonProcessingException e) {
            log.error("skipping unreadable integration record for {} at offset {}", orgId, offset);
        }
    }

    /** One stored record, as every instance reads it. */
    static Integration read(final String json) throws JsonProcessingException {
        return CompactedTopic.JSON.readValue(json, Integration.class);
    }

    /** One integration as it is stored. */
    static String write(final Integration integration) throws JsonProcessingException {
        return CompactedTopic.JSON.writeValueAsString(integration);
    }

    @Override
    public void close() {
        if (topic != null) {
            topic.close();
        }
    }
}

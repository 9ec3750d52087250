package ledger.operator.reconcile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import ledger.gateway.organizations.Integration;
import ledger.operator.OpsException;
import ledger.operator.Progress;
import ledger.operator.kafka.Kafka;
import ledger.operator.kafka.TopicScan;

/**
 * Organizations' CloudPayments connections as the gateway stores them: the compacted {@code org-integrations}
 * topic, JSON values, the newest per organization, a tombstone for a disconnect.
 */
public final class OrgIntegrations {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private OrgIntegrations() {
    }

    public static Optional<Integration> find(final Kafka kafka, final String topic, final String orgId) {
        final Map<String, String> latest = new HashMap<>();
        final TopicScan.Range range = TopicScan.all(kafka, topic);
        TopicScan.read(kafka, range, Progress.silent(), record -> {
            if (record.key() == null) {
                return;
            }
            final String key = new String(record.key(), StandardCharsets.UTF_8);
            if (record.value() == null) {
                latest.remove(key);
            } else {
                latest.put(key, new String(record.value(), StandardCharsets.UTF_8));
            }
        });
        final String json = latest.get(orgId);
        if (json == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json, Integration.class));
        } catch (final IOException e) {
            throw new OpsException("the stored integration of " + orgId + " cannot be read: " + e.getMessage(), e);
        }
    }
}

package ledger.platform.audit;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.JsonProcessingException;
import ledger.platform.kafka.CompactedTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The organizations' change history, kept in Kafka with every other durable record: a compacted topic in which
 * every entry has a key of its own, so compaction never drops one and the history is kept forever. Every instance
 * follows the topic, so the log reads the same on all of them.
 */
public final class AuditLog implements AutoCloseable {

    public static final String TOPIC = "audit-log";

    private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

    private final Map<String, List<AuditEntry>> byOrg = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private CompactedTopic topic;

    private AuditLog(final Clock clock) {
        this.clock = clock;
    }

    public static AuditLog open(final String bootstrapServers, final String topic, final Clock clock, final Duration loadTimeout) {
        final AuditLog auditLog = new AuditLog(clock);
        auditLog.topic = CompactedTopic.open(bootstrapServers, topic, auditLog::apply, loadTimeout);
        return auditLog;
    }

    /**
     * Records an entry durably (acks=all) before returning.
     *
     * @throws ledger.platform.kafka.StoreUnavailableException when Kafka does not acknowledge it
     */
    public AuditEntry record(final String orgId, final String actor, final String action, final Map<String, String> details) {
        final byte[] id = new byte[8];
        random.nextBytes(id);
        final AuditEntry entry = new AuditEntry(HexFormat.of().formatHex(id), orgId, clock.instant(), actor, action, Map.copyOf(details));
        try {
            topic.write(orgId + "/" + entry.id(), CompactedTopic.JSON.writeValueAsString(entry));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("an audit entry always serializes", e);
        }
        return entry;
    }

    /** The organization's latest {@code limit} entries, newest first. */
    public List<AuditEntry> entries(final String orgId, final int limit) {
        final List<AuditEntry> entries = new ArrayList<>(byOrg.getOrDefault(orgId, List.of()));
        entries.sort(Comparator.comparing(AuditEntry::at).thenComparing(AuditEntry::id).reversed());
        return entries.subList(0, Math.min(limit, entries.size()));
    }

    private void apply(final String key, final String json, final long offset) {
        if (json == null) {
            return;
        }
        try {
            final AuditEntry entry = CompactedTopic.JSON.readValue(json, AuditEntry.class);
            byOrg.computeIfAbsent(entry.orgId(), org -> new CopyOnWriteArrayList<>()).add(entry);
        } catch (final JsonProcessingException e) {
            log.error("unreadable audit entry {} at offset {} skipped: {}", key, offset, e.getOriginalMessage());
        }
    }

    @Override
    public void close() {
        if (topic != null) {
            topic.close();
        }
    }
}

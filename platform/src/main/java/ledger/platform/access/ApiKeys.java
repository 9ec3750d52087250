package ledger.platform.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import ledger.platform.kafka.CompactedTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Organizations' API keys, kept in a compacted topic that every instance of every service follows: a key created
 * or revoked on one instance is known to all of them within the reader's poll (well under a second while Kafka is
 * up). A key is {@code lk_<id>_<secret>}: a 64-bit public id, then 256 random bits; only the SHA-256 of the whole
 * key is stored, and a presented key is looked up by its id and compared by digest in constant time.
 *
 * <p>When a key was last used is kept per instance and shared through a second compacted topic, written at most
 * once a minute per key and instance, in the background: a request never waits for it.
 */
public final class ApiKeys implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);
    private static final Pattern KEY = Pattern.compile("lk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})");
    private static final Duration USAGE_WRITE_INTERVAL = Duration.ofMinutes(1);

    /** A key just created: {@code key} is shown once, to whoever created it, and never again. */
    public record Created(ApiKey apiKey, String key) {
    }

    private final Map<String, ApiKey> byId = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private final Map<String, Instant> usageWritten = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private CompactedTopic keys;
    private CompactedTopic usage;

    private ApiKeys(final Clock clock) {
        this.clock = clock;
    }

    /** Reads both topics to their end (creating them if needed) and keeps following them. */
    public static ApiKeys open(final String bootstrapServers, final String keysTopic, final String usageTopic, final Clock clock,
                               final Duration loadTimeout) {
        final ApiKeys apiKeys = new ApiKeys(clock);
        apiKeys.keys = CompactedTopic.open(bootstrapServers, keysTopic, apiKeys::applyKey, loadTimeout);
        try {
            apiKeys.usage = CompactedTopic.open(bootstrapServers, usageTopic, apiKeys::applyUsage, loadTimeout);
        } catch (final RuntimeException e) {
            apiKeys.keys.close();
            throw e;
        }
        return apiKeys;
    }

    /** Creates a key; written durably before this returns. */
    public Created create(final String orgId, final Role role, final String label, final String createdBy) {
        final byte[] idBytes = new byte[8];
        final byte[] secret = new byte[32];
        random.nextBytes(idBytes);
        random.nextBytes(secret);
        final String id = HexFormat.of().formatHex(idBytes);
        final String key = "lk_" + id + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        final ApiKey apiKey = new ApiKey(id, orgId, role, label, sha256(key), clock.instant(), createdBy, null, null);
        keys.write(id, json(apiKey));
        return new Created(apiKey, key);
    }

    /** Revokes an organization's key; written durably before this returns. Empty when it has no such active key. */
    public Optional<ApiKey> revoke(final String orgId, final String id, final String revokedBy) {
        final ApiKey found = byId.get(id);
        if (found == null || !found.orgId().equals(orgId) || !found.active()) {
            return Optional.empty();
        }
        final ApiKey revoked = found.revoked(clock.instant(), revokedBy);
        keys.write(id, json(revoked));
        return Optional.of(revoked);
    }

    /** An organization's keys, active and revoked, oldest first. */
    public List<ApiKey> list(final String orgId) {
        return byId.values().stream().filter(k -> k.orgId().equals(orgId)).sorted(Comparator.comparing(ApiKey::createdAt)).toList();
    }

    public Optional<ApiKey> find(final String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** When the key was last used on any instance (as far as this instance knows), or empty. */
    public Optional<Instant> lastUsed(final String id) {
        return Optional.ofNullable(lastUsed.get(id));
    }

    /**
     * The active key {@code presented} is, or empty when it is malformed, unknown or revoked. A match is recorded as a
     * use.
     */
    public Optional<ApiKey> verify(final String presented) {
        if (presented == null || presented.length() > 80) {
            return Optional.empty();
        }
        final var matcher = KEY.matcher(presented);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        final ApiKey found = byId.get(matcher.group(1));
        final byte[] digest = sha256(presented).getBytes(StandardCharsets.US_ASCII);
        // Compared even for an unknown id, so timing does not tell which ids exist.
        final byte[] stored = (found == null ? "0".repeat(64) : found.keyHash()).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(digest, stored) || found == null || !found.active()) {
            return Optional.empty();
        }
        recordUse(found.id());
        return Optional.of(found);
    }

    /** Whether this key id is active now (a session signed in with a key ends when the key is revoked). */
    public boolean isActive(final String id) {
        final ApiKey found = byId.get(id);
        return found != null && found.active();
    }

    private void recordUse(final String id) {
        final Instant now = clock.instant();
        lastUsed.merge(id, now, (a, b) -> a.isAfter(b) ? a : b);
        final Instant written = usageWritten.get(id);
        if (written == null || !now.isBefore(written.plus(USAGE_WRITE_INTERVAL))) {
            usageWritten.put(id, now);
            usage.writeInBackground(id, now.toString());
        }
    }

    private void applyKey(final String id, final String json, final long offset) {
        if (json == null) {
            byId.remove(id);
            return;
        }
        try {
            byId.put(id, CompactedTopic.JSON.readValue(json, ApiKey.class));
        } catch (final JsonProcessingException e) {
            log.error("unreadable API key record {} at offset {} skipped: {}", id, offset, e.getOriginalMessage());
        }
    }

    private void applyUsage(final String id, final String at, final long offset) {
        if (at == null) {
            return;
        }
        try {
            lastUsed.merge(id, Instant.parse(at), (a, b) -> a.isAfter(b) ? a : b);
        } catch (final RuntimeException e) {
            log.warn("unreadable key usage record {} at offset {} skipped", id, offset);
        }
    }

    private static String json(final ApiKey key) {
        try {
            return CompactedTopic.JSON.writeValueAsString(key);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("an API key record always serializes", e);
        }
    }

    static String sha256(final String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    @Override
    public void close() {
        if (usage != null) {
            usage.close();
        }
        if (keys != null) {
            keys.close();
        }
    }
}

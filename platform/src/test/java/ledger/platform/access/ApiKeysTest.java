package ledger.platform.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import ledger.platform.MutableClock;
import ledger.platform.TestTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Organizations' API keys on a real broker, as two instances of a service see them: the key's shape, what verify
 * accepts and refuses, that only the digest reaches Kafka, and that revocations and usage reach the other instance.
 */
class ApiKeysTest {

    private static final Duration LOAD = Duration.ofSeconds(30);
    /** Promised by ApiKeys' Javadoc: a revocation reaches every instance well under a second while Kafka is up. */
    private static final Duration REVOCATION_BOUND = Duration.ofSeconds(2);
    private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final String KEYS_TOPIC = TestTopics.unique("api-keys");
    private static final String USAGE_TOPIC = TestTopics.unique("api-key-usage");

    private static ApiKeys first;
    private static ApiKeys second;

    @BeforeAll
    static void open() {
        first = ApiKeys.open(TestTopics.bootstrapServers(), KEYS_TOPIC, USAGE_TOPIC, clock, LOAD);
        second = ApiKeys.open(TestTopics.bootstrapServers(), KEYS_TOPIC, USAGE_TOPIC, clock, LOAD);
    }

    @AfterAll
    static void close() {
        second.close();
        first.close();
    }

    /** Each test works in organizations of its own, so tests sharing the topics do not see each other's keys. */
    private static String newOrg() {
        return "org-" + UUID.randomUUID();
    }

    @Test
    void createdKeyHasThePublishedShapeAndItsIdMatches() {
        final String org = newOrg();
        final ApiKeys.Created created = first.create(org, Role.BACKEND, "club backend", "operator");

        assertThat(created.key()).matches("lk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}");
        assertThat(created.key().substring(3, 19)).isEqualTo(created.apiKey().id());
        assertThat(created.apiKey().orgId()).isEqualTo(org);
        assertThat(created.apiKey().role()).isEqualTo(Role.BACKEND);
        assertThat(created.apiKey().label()).isEqualTo("club backend");
        assertThat(created.apiKey().createdBy()).isEqualTo("operator");
        assertThat(created.apiKey().createdAt()).isEqualTo(clock.instant());
        assertThat(created.apiKey().keyHash()).isEqualTo(sha256Hex(created.key()));
        assertThat(created.apiKey().active()).isTrue();
    }

    @Test
    void twoKeysNeverShareIdOrSecret() {
        final String org = newOrg();
        final ApiKeys.Created a = first.create(org, Role.BACKEND, "a", "operator");
        final ApiKeys.Created b = first.create(org, Role.BACKEND, "b", "operator");

        assertThat(a.apiKey().id()).isNotEqualTo(b.apiKey().id());
        assertThat(a.key().substring(20)).isNotEqualTo(b.key().substring(20));
    }

    @Test
    void verifyAcceptsTheKeyOnBothInstances() {
        final ApiKeys.Created created = first.create(newOrg(), Role.FINANCE, "finance", "operator");

        assertThat(first.verify(created.key())).contains(created.apiKey());
        // create returns only once the record is durable; the other instance follows within its poll.
        await().atMost(Duration.ofSeconds(10)).until(() -> second.verify(created.key()).isPresent());
        assertThat(second.verify(created.key())).contains(created.apiKey());
    }

    @Test
    void verifyRefusesEveryCharacterChangedInTheKey() {
        final ApiKeys.Created created = first.create(newOrg(), Role.BACKEND, "backend", "operator");
        final String key = created.key();

        for (int i = 0; i < key.length(); i++) {
            final char original = key.charAt(i);
            // Another character of the same alphabet, so the changed key still has the key's shape.
            final char changed = original == 'a' ? 'b' : original == '_' ? '-' : original == '-' ? '_' : 'a';
            final String altered = key.substring(0, i) + changed + key.substring(i + 1);
            assertThat(first.verify(altered)).as("key with character %d changed: %s", i, altered).isEmpty();
        }
        assertThat(first.verify(key)).isPresent();
    }

    @Test
    void verifyRefusesAnotherKeysIdWithThisSecretAndAnUnknownId() {
        final String org = newOrg();
        final ApiKeys.Created mine = first.create(org, Role.BACKEND, "mine", "operator");
        final ApiKeys.Created other = first.create(org, Role.BACKEND, "other", "operator");
        final String secret = mine.key().substring(20);

        assertThat(first.verify("lk_" + other.apiKey().id() + "_" + secret)).isEmpty();
        assertThat(first.verify("lk_0123456789abcdef_" + secret)).isEmpty();
        assertThat(first.verify("lk_" + mine.apiKey().id().toUpperCase() + "_" + secret)).isEmpty();
    }

    @Test
    void verifyRefusesMalformedInput() {
        final ApiKeys.Created created = first.create(newOrg(), Role.BACKEND, "backend", "operator");
        final String key = created.key();

        assertThat(first.verify(null)).isEmpty();
        assertThat(first.verify("")).isEmpty();
        assertThat(first.verify(key.substring(0, key.length() - 1))).isEmpty();
        assertThat(first.verify(key.substring(0, 20))).isEmpty();
        assertThat(first.verify(key + "A")).isEmpty();
        assertThat(first.verify(" " + key)).isEmpty();
        assertThat(first.verify(key + "\n")).isEmpty();
        assertThat(first.verify(key + "x".repeat(10 * 1024))).isEmpty();
        assertThat(first.verify("lk_" + "a".repeat(10 * 1024))).isEmpty();
        assertThat(first.verify(created.apiKey().keyHash())).as("the stored digest is not a key").isEmpty();
    }

    @Test
    void onlyTheDigestReachesKafka() {
        final ApiKeys.Created created = first.create(newOrg(), Role.ORG_ADMIN, "admin", "operator");
        final String secret = created.key().substring(20);

        final List<ConsumerRecord<String, String>> records = TestTopics.readAll(KEYS_TOPIC);
        final List<String> ofThisKey = records.stream().filter(r -> r.key().equals(created.apiKey().id())).map(ConsumerRecord::value).toList();
        assertThat(ofThisKey).hasSize(1);
        assertThat(ofThisKey.get(0)).contains(sha256Hex(created.key()));
        assertThat(records).allSatisfy(r -> {
            assertThat(r.value()).doesNotContain(created.key());
            assertThat(r.value()).doesNotContain(secret);
        });
    }

    @Test
    void revokedOnOneInstanceIsRefusedOnTheOtherWithinTwoSeconds() {
        final String org = newOrg();
        final ApiKeys.Created created = first.create(org, Role.BACKEND, "backend", "operator");
        await().atMost(Duration.ofSeconds(10)).until(() -> second.verify(created.key()).isPresent());

        final long start = System.nanoTime();
        final Optional<ApiKey> revoked = first.revoke(org, created.apiKey().id(), "operator");
        assertThat(first.verify(created.key())).as("refused at once where it was revoked").isEmpty();
        await().atMost(REVOCATION_BOUND).pollInterval(Duration.ofMillis(10)).until(() -> second.verify(created.key()).isEmpty());
        final Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(REVOCATION_BOUND);
        assertThat(revoked).hasValueSatisfying(k -> {
            assertThat(k.active()).isFalse();
            assertThat(k.revokedAt()).isEqualTo(clock.instant());
            assertThat(k.revokedBy()).isEqualTo("operator");
        });
        assertThat(second.isActive(created.apiKey().id())).isFalse();
        assertThat(second.find(created.apiKey().id())).hasValueSatisfying(k -> assertThat(k.revokedBy()).isEqualTo("operator"));
    }

    @Test
    void revokingTwiceOrAnUnknownIdFindsNothing() {
        final String org = newOrg();
        final ApiKeys.Created created = first.create(org, Role.BACKEND, "backend", "operator");

        assertThat(first.revoke(org, created.apiKey().id(), "operator")).isPresent();
        assertThat(first.revoke(org, created.apiKey().id(), "operator")).isEmpty();
        assertThat(first.revoke(org, "0123456789abcdef", "operator")).isEmpty();
    }

    @Test
    void anotherOrganizationCannotRevokeTheKey() {
        final String owner = newOrg();
        final ApiKeys.Created created = first.create(owner, Role.BACKEND, "backend", "operator");

        assertThat(first.revoke(newOrg(), created.apiKey().id(), "key:intruder")).isEmpty();

        assertThat(first.verify(created.key())).isPresent();
        assertThat(first.isActive(created.apiKey().id())).isTrue();
        assertThat(first.find(created.apiKey().id())).hasValueSatisfying(k -> assertThat(k.revokedAt()).isNull());
    }

    @Test
    void listShowsAnOrganizationsKeysOnlyOldestFirstWithRevokedOnes() {
        final String org = newOrg();
        final String otherOrg = newOrg();
        final ApiKeys.Created older = first.create(org, Role.BACKEND, "older", "operator");
        clock.advance(Duration.ofSeconds(1));
        final ApiKeys.Created newer = first.create(org, Role.FINANCE, "newer", "operator");
        clock.advance(Duration.ofSeconds(1));
        final ApiKeys.Created elsewhere = first.create(otherOrg, Role.BACKEND, "elsewhere", "operator");
        first.revoke(org, older.apiKey().id(), "operator");

        assertThat(first.list(org)).extracting(ApiKey::id).containsExactly(older.apiKey().id(), newer.apiKey().id());
        assertThat(first.list(org).get(0).active()).isFalse();
        assertThat(first.list(otherOrg)).extracting(ApiKey::id).containsExactly(elsewhere.apiKey().id());
        assertThat(first.list(newOrg())).isEmpty();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(second.list(org)).isEqualTo(first.list(org)));
    }

    @Test
    void lastUsedIsSetByVerifyAndReachesTheOtherInstance() {
        final ApiKeys.Created created = first.create(newOrg(), Role.BACKEND, "backend", "operator");
        final String id = created.apiKey().id();
        assertThat(first.lastUsed(id)).isEmpty();

        clock.advance(Duration.ofSeconds(5));
        final Instant usedAt = clock.instant();
        assertThat(first.verify(created.key())).isPresent();

        assertThat(first.lastUsed(id)).contains(usedAt);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(second.lastUsed(id)).contains(usedAt));
    }

    @Test
    void aRefusedKeyIsNotRecordedAsUsed() {
        final String org = newOrg();
        final ApiKeys.Created created = first.create(org, Role.BACKEND, "backend", "operator");
        final String id = created.apiKey().id();
        first.revoke(org, id, "operator");

        assertThat(first.verify(created.key())).isEmpty();
        assertThat(first.verify("lk_" + id + "_" + "A".repeat(43))).isEmpty();

        assertThat(first.lastUsed(id)).isEmpty();
    }

    @Test
    void reopeningKeepsKeysRevocationsAndUsage() {
        final String keysTopic = TestTopics.unique("api-keys-reopen");
        final String usageTopic = TestTopics.unique("api-key-usage-reopen");
        final String org = newOrg();
        final ApiKeys.Created kept;
        final ApiKeys.Created revoked;
        final Instant usedAt;
        try (ApiKeys before = ApiKeys.open(TestTopics.bootstrapServers(), keysTopic, usageTopic, clock, LOAD)) {
            kept = before.create(org, Role.FINANCE, "kept", "operator");
            revoked = before.create(org, Role.BACKEND, "revoked", "operator");
            before.revoke(org, revoked.apiKey().id(), "operator");
            usedAt = clock.instant();
            before.verify(kept.key());
            // The usage is written in the background; close waits for waiting sends, but wait for it to be read back.
            await().atMost(Duration.ofSeconds(10)).until(() -> TestTopics.readAll(usageTopic).size() == 1);
        }

        try (ApiKeys after = ApiKeys.open(TestTopics.bootstrapServers(), keysTopic, usageTopic, clock, LOAD)) {
            assertThat(after.verify(kept.key())).isPresent();
            assertThat(after.verify(revoked.key())).isEmpty();
            assertThat(after.find(revoked.apiKey().id())).hasValueSatisfying(k -> assertThat(k.active()).isFalse());
            assertThat(after.list(org)).hasSize(2);
            assertThat(after.lastUsed(kept.apiKey().id())).hasValueSatisfying(at -> assertThat(at).isAfterOrEqualTo(usedAt));
        }
    }

    private static String sha256Hex(final String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

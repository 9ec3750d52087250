package ledger.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import ledger.platform.MutableClock;
import ledger.platform.TestTopics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The organizations' change history on a real broker, as two instances see it: what one records the other lists,
 * newest first, per organization, and the history outlives the instance that wrote it.
 */
class AuditLogTest {

    private static final Duration LOAD = Duration.ofSeconds(30);
    private static final MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private static final String TOPIC = TestTopics.unique("audit-log");

    private static AuditLog first;
    private static AuditLog second;

    @BeforeAll
    static void open() {
        first = AuditLog.open(TestTopics.bootstrapServers(), TOPIC, clock, LOAD);
        second = AuditLog.open(TestTopics.bootstrapServers(), TOPIC, clock, LOAD);
    }

    @AfterAll
    static void close() {
        second.close();
        first.close();
    }

    private static String newOrg() {
        return "org-" + UUID.randomUUID();
    }

    @Test
    void anEntryRecordedOnOneInstanceIsListedOnTheOther() {
        final String org = newOrg();

        final AuditEntry entry = first.record(org, "key:0123456789abcdef", "connection.replaced", Map.of("publicId", "pk_1", "mode", "TEST"));

        assertThat(entry.orgId()).isEqualTo(org);
        assertThat(entry.at()).isEqualTo(clock.instant());
        assertThat(entry.actor()).isEqualTo("key:0123456789abcdef");
        assertThat(entry.action()).isEqualTo("connection.replaced");
        assertThat(entry.details()).isEqualTo(Map.of("publicId", "pk_1", "mode", "TEST"));
        assertThat(entry.id()).matches("[0-9a-f]{16}");
        assertThat(first.entries(org, 10)).containsExactly(entry);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(second.entries(org, 10)).containsExactly(entry));
    }

    @Test
    void entriesAreNewestFirstAndLimited() {
        final String org = newOrg();
        final AuditEntry oldest = first.record(org, "operator", "shift.opened", Map.of());
        clock.advance(Duration.ofSeconds(1));
        final AuditEntry middle = second.record(org, "operator", "mode.set", Map.of("mode", "LIVE"));
        clock.advance(Duration.ofSeconds(1));
        final AuditEntry newest = first.record(org, "operator", "shift.closed", Map.of());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(first.entries(org, 10)).containsExactly(newest, middle, oldest);
            assertThat(second.entries(org, 10)).containsExactly(newest, middle, oldest);
        });
        assertThat(first.entries(org, 2)).containsExactly(newest, middle);
        assertThat(first.entries(org, 1)).containsExactly(newest);
        assertThat(first.entries(org, 0)).isEmpty();
    }

    @Test
    void anOrganizationSeesOnlyItsOwnEntries() {
        final String mine = newOrg();
        final String theirs = newOrg();
        final AuditEntry own = first.record(mine, "operator", "key.created", Map.of("keyId", "00000000000000aa"));
        final AuditEntry other = first.record(theirs, "operator", "key.created", Map.of("keyId", "00000000000000bb"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(second.entries(mine, 10)).containsExactly(own);
            assertThat(second.entries(theirs, 10)).containsExactly(other);
        });
        assertThat(first.entries(newOrg(), 10)).isEmpty();
    }

    @Test
    void theRecordedDetailsDoNotChangeWithTheCallersMap() {
        final String org = newOrg();
        final Map<String, String> details = new HashMap<>(Map.of("mode", "TEST"));

        first.record(org, "operator", "mode.set", details);
        details.put("mode", "LIVE");

        assertThat(first.entries(org, 10).get(0).details()).isEqualTo(Map.of("mode", "TEST"));
    }

    @Test
    void theHistorySurvivesReopening() {
        final String topic = TestTopics.unique("audit-log-reopen");
        final String org = newOrg();
        final List<AuditEntry> recorded;
        try (AuditLog before = AuditLog.open(TestTopics.bootstrapServers(), topic, clock, LOAD)) {
            final AuditEntry a = before.record(org, "operator", "connection.connected", Map.of("publicId", "pk_1"));
            clock.advance(Duration.ofSeconds(1));
            final AuditEntry b = before.record(org, "key:0123456789abcdef", "connection.verified", Map.of());
            recorded = List.of(b, a);
        }

        try (AuditLog after = AuditLog.open(TestTopics.bootstrapServers(), topic, clock, LOAD)) {
            assertThat(after.entries(org, 10)).isEqualTo(recorded);
        }
    }

    @Test
    void everyEntryHasAKeyOfItsOwnSoCompactionKeepsThemAll() {
        final String org = newOrg();
        final AuditEntry a = first.record(org, "operator", "shift.opened", Map.of());
        final AuditEntry b = first.record(org, "operator", "shift.opened", Map.of());

        final List<String> keys = TestTopics.readAll(TOPIC).stream().map(r -> r.key()).filter(k -> k.startsWith(org)).toList();
        assertThat(keys).containsExactlyInAnyOrder(org + "/" + a.id(), org + "/" + b.id());
    }
}

package ledger.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ledger.events.PaymentEvent;
import ledger.operator.audit.LedgerClient;
import ledger.operator.dlq.DeadLetterLog;
import ledger.operator.dlq.DeadLetterRedrive;
import ledger.operator.kafka.Kafka;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code dlq list/show/redrive} on dead letters the real ledger wrote: a conflict and an unreadable record. */
class DeadLetterTest {

    private static final String ORG = "org-d";
    private static TestSystem system;

    @BeforeAll
    static void start() {
        system = TestSystem.shared();
        system.send(Events.pay(ORG, "d1", 301, 1_000));
        system.send(Events.base(ORG, ledger.events.NotificationKind.PAY, 301, "d1", 1_500).setStatus("Completed").setGatewayName("Tinkoff").build()); // conflict
        system.send(system.topics().payments().name(), ORG + ":d2", "not avro".getBytes(StandardCharsets.UTF_8), Events.T0.toEpochMilli());
        system.awaitProcessed();
        await().atMost(Duration.ofSeconds(30)).until(() -> letters().stream().anyMatch(e -> (ORG + ":PAY:301").equals(e.eventId()))
                && letters().stream().anyMatch(e -> (ORG + ":d2").equals(e.key())));
    }

    private static List<DeadLetterLog.Entry> letters() {
        try (Kafka kafka = new Kafka(system.config())) {
            return DeadLetterLog.read(kafka, system.topics(), Progress.silent());
        }
    }

    private static DeadLetterLog.Entry conflict() {
        return letters().stream().filter(e -> (ORG + ":PAY:301").equals(e.eventId())).findFirst().orElseThrow();
    }

    @Test
    void listShowsEachLetterWithReasonAndEvent() {
        final TestSystem.Run list = system.ops("dlq", "list", "--reason", "CONFLICT");

        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.out()).containsPattern(conflict().id() + " +\\S+ +CONFLICT +ledger-service +org-d:PAY:301 +.*was decided as");
        assertThat(list.out()).doesNotContain("UNDESERIALIZABLE");
        assertThat(system.ops("dlq", "list").out()).contains("UNDESERIALIZABLE");
    }

    @Test
    void showDecodesTheOriginalRecordAndTheReason() {
        final TestSystem.Run show = system.ops("dlq", "show", conflict().id().toString());

        assertThat(show.exit()).as(show.toString()).isZero();
        assertThat(show.out()).contains("reason:  CONFLICT", "original record (decoded):", "\"eventId\": \"org-d:PAY:301\"", "\"amountMinor\": 1500")
                .contains("source:  ops-ledger-by-payment-repartition");

        final TestSystem.Run missing = system.ops("dlq", "show", "999999");
        assertThat(missing.exit()).isEqualTo(LedgerOps.FAILED);
        assertThat(missing.err()).contains("no dead letter [999999]");
    }

    @Test
    void redriveSendsTheOriginalBytesBackAndTheLedgerDecidesAgain() {
        final DeadLetterLog.Entry letter = conflict();
        final TestSystem.Run dryRun = system.ops("dlq", "redrive", letter.id().toString(), "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("would send", "-> ops.payments", "nothing was sent");

        final TestSystem.Run refused = system.ops("dlq", "redrive", letter.id().toString());
        assertThat(refused.exit()).as("no terminal, no --yes").isEqualTo(LedgerOps.USAGE);
        assertThat(refused.err()).contains("pass --yes");

        final long conflictsBefore = letters().stream().filter(e -> (ORG + ":PAY:301").equals(e.eventId())).count();
        final TestSystem.Run redrive = system.ops("dlq", "redrive", letter.id().toString(), "--yes");
        assertThat(redrive.exit()).as(redrive.toString()).isZero();
        assertThat(redrive.out()).contains("redrove 1 dead letter(s)");
        system.awaitProcessed();

        // Still a conflict after the redrive: the ledger refuses it again, and the balance is credited once.
        await().atMost(Duration.ofSeconds(30)).until(() -> letters().stream().filter(e -> (ORG + ":PAY:301").equals(e.eventId())).count() == conflictsBefore + 1);
        assertThat(system.balance(ORG, "d1")).contains(new LedgerClient.Balances(Map.of("RUB", 1_000L), 1));
        try (Kafka kafka = new Kafka(system.config())) {
            final var last = letters().stream().filter(e -> (ORG + ":PAY:301").equals(e.eventId())).reduce((a, b) -> b).orElseThrow();
            assertThat(((PaymentEvent) last.original()).getAmountMinor()).isEqualTo(1_500);
        }
        assertThat(DeadLetterRedrive.REDRIVEN_FROM).isEqualTo("ledger-ops-redriven-from");
    }

    @Test
    void anUnreadableRecordIsShownRawAndGoesBackToPayments() {
        final DeadLetterLog.Entry garbage = letters().stream().filter(e -> (ORG + ":d2").equals(e.key())).findFirst().orElseThrow();
        final TestSystem.Run show = system.ops("dlq", "show", garbage.id().toString());
        assertThat(show.out()).contains("reason:  UNDESERIALIZABLE", "cannot be decoded as PaymentEvent", "bytes (base64): bm90IGF2cm8=");

        final TestSystem.Run dryRun = system.ops("dlq", "redrive", "--reason", "UNDESERIALIZABLE", "--dry-run");
        assertThat(dryRun.exit()).isZero();
        assertThat(dryRun.out()).containsPattern("would send " + garbage.id() + " +UNDESERIALIZABLE .*-> ops.payments");
    }

    @Test
    void redriveNeedsExactlyOneSelection() {
        final TestSystem.Run none = system.ops("dlq", "redrive");
        assertThat(none.exit()).isEqualTo(LedgerOps.USAGE);
        assertThat(none.err()).contains("name the dead letters to redrive");
    }
}

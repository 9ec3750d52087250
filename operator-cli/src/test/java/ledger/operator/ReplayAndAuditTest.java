package ledger.operator;

import static ledger.operator.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ledger.events.BalanceEvent;
import ledger.events.NotificationKind;
import ledger.events.ShiftAction;
import ledger.operator.audit.LedgerClient;
import ledger.report.app.ReportQueries;
import ledger.report.domain.ShiftReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The proof the issue asks for, on a real ledger and report service: replaying the whole payments topic twice
 * leaves every balance, balance-event count and shift report exactly as it was, and the audit is clean; then a
 * planted difference (a forged balance event, an altered report row) makes the audit fail with exit code 1.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplayAndAuditTest {

    private static final String ORG = "org-a";
    private static final List<String> CUSTOMERS = List.of("c1", "c2", "c3", "c4", "c5");
    private static TestSystem system;

    @BeforeAll
    static void start() {
        system = TestSystem.shared();
        system.send(Events.shift(ORG, "club-1", "s1", ShiftAction.OPENED, T0.minusSeconds(3600)));
        system.send(Events.shift(ORG, "club-1", "s1", ShiftAction.CLOSED, T0.plusSeconds(3600)));
        system.send(
                Events.pay(ORG, "c1", "club-1", 101, 10_000),
                Events.pay(ORG, "c1", "club-1", 101, 10_000), // a redelivery by CloudPayments
                Events.pay(ORG, "c2", "club-1", 102, 5_000),
                Events.refund(ORG, "c1", 103, 101, 3_000),
                Events.authorize(ORG, "c3", 104, 7_000),
                Events.confirm(ORG, "c3", 104, 7_000),
                Events.base(ORG, NotificationKind.PAY, 105, "c4", 2_550).setCurrency("USD").setStatus("Completed").setGatewayName("Tinkoff").build(),
                Events.fail(ORG, "c2", "club-1", 106, 5_000),
                Events.refund(ORG, "c5", 108, 107, 1_000), // before its payment: held
                Events.pay(ORG, "c5", "club-2", 107, 4_000),
                Events.base(ORG, NotificationKind.PAY, 101, "c1", 9_999).setStatus("Completed").setGatewayName("Tinkoff").build()); // a conflict
        system.awaitProcessed();
    }

    @AfterAll
    static void stop() {
        system.close();
    }

    @Test
    @Order(1)
    void replayingThePaymentsTopicTwiceChangesNothingAndTheAuditIsClean() {
        final Snapshot before = snapshot();
        assertThat(before.balances().get("c1")).contains(new LedgerClient.Balances(Map.of("RUB", 7_000L), 2));
        assertThat(before.balances().get("c3")).contains(new LedgerClient.Balances(Map.of("RUB", 7_000L), 1));
        assertThat(before.balances().get("c4")).contains(new LedgerClient.Balances(Map.of("USD", 2_550L), 1));
        assertThat(before.balances().get("c5")).contains(new LedgerClient.Balances(Map.of("RUB", 3_000L), 2));
        assertThat(before.balanceEvents()).isGreaterThanOrEqualTo(7);
        assertThat(before.report().totals().live().get("RUB").grossMinor()).isEqualTo(15_000);

        final TestSystem.Run clean = system.ops("audit", "--org", ORG);
        assertThat(clean.exit()).as(clean.toString()).isZero();
        assertThat(clean.out()).contains("audit: no differences");

        final long paymentsBefore = payments();
        final TestSystem.Run dryRun = system.ops("replay", "redeliver", "--from-beginning", "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("dry run: " + paymentsBefore + " record(s) would be re-delivered to ", "; nothing was sent");
        final TestSystem.Run unconfirmed = system.ops("replay", "redeliver", "--from-beginning");
        assertThat(unconfirmed.exit()).as("no terminal, no --yes").isEqualTo(LedgerOps.USAGE);
        assertThat(unconfirmed.err()).contains("refusing to re-deliver up to", "pass --yes");
        assertThat(payments()).isEqualTo(paymentsBefore);
        for (int i = 1; i <= 2; i++) {
            final TestSystem.Run replay = system.ops("replay", "redeliver", "--from-beginning", "--yes");
            assertThat(replay.exit()).as(replay.toString()).isZero();
            assertThat(replay.out()).contains("re-delivered " + (paymentsBefore << (i - 1)) + " record(s)");
            assertThat(replay.err()).contains("re-delivering: done");
            system.awaitProcessed();
        }
        assertThat(payments()).isEqualTo(paymentsBefore * 4);
        assertThat(snapshot()).isEqualTo(before);

        final TestSystem.Run stillClean = system.ops("audit", "--org", ORG);
        assertThat(stillClean.exit()).as(stillClean.toString()).isZero();
    }

    @Test
    @Order(2)
    void aForgedBalanceEventIsADifference() {
        final BalanceEvent forged = BalanceEvent.newBuilder()
                .setEventId(ORG + ":c2:2").setOrgId(ORG).setCustomerId("c2").setCurrency("RUB")
                .setAmountMinor(994_000).setBalanceAfterMinor(999_000).setSequence(2)
                .setSourceEventId(ORG + ":PAY:999").setSourceTransactionId(999L).setSourceKind(NotificationKind.PAY)
                .setTestMode(false).setOccurredAt(T0).build();
        system.send(system.topics().balanceEvents().name(), ORG + ":c2",
                system.topics().balanceEvents().valueSerde().serializer().serialize(system.topics().balanceEvents().name(), forged), T0.toEpochMilli());

        final TestSystem.Run audit = system.ops("audit", "--only", "balances", "--org", ORG);

        assertThat(audit.exit()).as(audit.toString()).isEqualTo(LedgerOps.FAILED);
        assertThat(audit.out()).containsPattern("EVENT_BALANCE +org-a:c2 RUB +expected 5000 minor, balance-events has 999000 minor")
                .containsPattern("EVENT_SEQUENCE +org-a:c2 +expected last sequence 1, balance-events has last sequence 2")
                .contains("audit: 2 difference(s)");
    }

    @Test
    @Order(3)
    void anAlteredReportRowIsADifference() {
        system.reportDatabase().jdbi().useHandle(h -> h.execute("UPDATE payments SET amount_minor = 4000 WHERE event_id = ?", ORG + ":PAY:102"));

        final TestSystem.Run audit = system.ops("audit", "--only", "reports", "--org", ORG);

        assertThat(audit.exit()).as(audit.toString()).isEqualTo(LedgerOps.FAILED);
        assertThat(audit.out()).containsPattern("ROW_MISMATCH +org-a:PAY:102 .*amount_minor: 5000 in the topic, 4000 in the row");
        system.reportDatabase().jdbi().useHandle(h -> h.execute("UPDATE payments SET amount_minor = 5000 WHERE event_id = ?", ORG + ":PAY:102"));
    }

    private record Snapshot(Map<String, Optional<LedgerClient.Balances>> balances, long balanceEvents, ShiftReport report) {
    }

    private static Snapshot snapshot() {
        final Map<String, Optional<LedgerClient.Balances>> balances = new LinkedHashMap<>();
        CUSTOMERS.forEach(c -> balances.put(c, system.balance(ORG, c)));
        final long events = system.count(system.topics().balanceEvents().name());
        final ShiftReport report = new ReportQueries(system.reportDatabase().jdbi()).shiftReport(ORG, "s1").orElseThrow();
        return new Snapshot(balances, events, report);
    }

    private static long payments() {
        return system.count(system.topics().payments().name());
    }
}

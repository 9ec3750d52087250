package ledger.operator;

import static ledger.operator.Events.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import ledger.events.NotificationKind;
import ledger.events.OrgMode;
import ledger.events.ShiftAction;
import ledger.operator.audit.LedgerClient;
import ledger.report.app.ReportQueries;
import ledger.report.domain.ShiftReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Resets and rebuilds on the real services: Kafka's rule that a group must be stopped, the report sink's offsets in
 * PostgreSQL, a report database rebuilt into a new schema and switched to, and a ledger recomputed from scratch.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResetAndRebuildTest {

    private static final String ORG = "org-b";
    private static TestSystem system;

    @BeforeAll
    static void start() {
        system = TestSystem.shared();
        system.send(Events.shift(ORG, "club-9", "b1", ShiftAction.OPENED, T0.minusSeconds(60)));
        system.send(Events.pay(ORG, "b1", "club-9", 401, 2_000), Events.pay(ORG, "b2", "club-9", 402, 3_000),
                Events.refund(ORG, "b1", 403, 401, 500), Events.fail(ORG, "b2", "club-9", 404, 100));
        // A payout to a card, captured in two stages (the Confirm has no OperationType), and a test card used after the
        // organization went live: the report tells them apart by columns the rebuild must fill as the sink did.
        system.send(
                Events.base(ORG, NotificationKind.PAY, 405, "b4", 9_000).setClubId("club-9").setStatus("Authorized")
                        .setOperationType("CardPayout").setOrgMode(OrgMode.LIVE).build(),
                Events.base(ORG, NotificationKind.CONFIRM, 405, "b4", 9_000).setClubId("club-9").setStatus("Completed")
                        .setOperationType(null).setOrgMode(OrgMode.LIVE).build(),
                Events.base(ORG, NotificationKind.PAY, 406, "b5", 600).setClubId("club-9").setStatus("Completed")
                        .setTestMode(true).setOrgMode(OrgMode.LIVE).build());
        // A closed shift whose report a late payment amended: the payment reached the store after the close.
        system.send(Events.shift(ORG, "club-8", "c1", ShiftAction.OPENED, T0));
        system.send(Events.shift(ORG, "club-8", "c1", ShiftAction.CLOSED, T0.plusSeconds(1_000)));
        system.awaitProcessed();
        system.send(Events.pay(ORG, "b3", "club-8", 411, 7_000));
        system.awaitProcessed();
        assertThat(amendedShift().amended()).isTrue();
    }

    private static ShiftReport report() {
        return new ReportQueries(system.reportDatabase().jdbi()).shiftReport(ORG, "b1").orElseThrow();
    }

    private static ShiftReport amendedShift() {
        return new ReportQueries(system.reportDatabase().jdbi()).shiftReport(ORG, "c1").orElseThrow();
    }

    @Test
    @Order(1)
    void aRunningServiceIsNotResetAndADryRunShowsTheMoves() {
        final TestSystem.Run dryRun = system.ops("replay", "reset", "--service", "ledger", "--to-datetime", "2026-11-20T10:06:00Z", "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("ledger service, group ops-ledger", "ops.payments-0:", "The service is running", "dry run: nothing was changed");

        final TestSystem.Run refused = system.ops("replay", "reset", "--service", "ledger", "--to-earliest", "--yes");
        assertThat(refused.exit()).isEqualTo(LedgerOps.FAILED);
        assertThat(refused.err()).contains("the ledger service is running: group ops-ledger has 1 active member(s)", "Stop every instance first");
    }

    @Test
    @Order(2)
    void theReportSinkIsResetInTheDatabaseAndRereadsWithoutChangingReports() {
        final ShiftReport before = report();
        system.stopReport();
        final TestSystem.Run reset = system.ops("replay", "reset", "--service", "report", "--to-earliest", "--yes");
        assertThat(reset.exit()).as(reset.toString()).isZero();
        assertThat(reset.out()).contains("offsets in the database", "moved 6 position(s) of ops-report");
        assertThat(system.reportDatabase().storedOffsets("ops-report")).allMatch(o -> o.nextOffset() == 0);

        system.startReport();
        system.awaitProcessed();
        assertThat(report()).isEqualTo(before);
    }

    @Test
    @Order(3)
    void theReportDatabaseIsRebuiltIntoANewSchemaAndSwitchedTo() {
        final ShiftReport before = report();
        assertThat(before.totals().live().get("RUB").payoutCount()).isEqualTo(1);
        assertThat(before.totals().live().get("RUB").payoutsMinor()).isEqualTo(9_000);
        assertThat(before.totals().test().get("RUB").testInLiveCount()).isEqualTo(1);
        final ShiftReport amendedBefore = amendedShift();
        final TestSystem.Run dryRun = system.ops("rebuild", "reports", "--into", "ops_v2", "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("create schema ops_v2", "dry run: nothing was done");
        final TestSystem.Run build = system.ops("rebuild", "reports", "--into", "ops_v2");
        assertThat(build.exit()).as(build.toString()).isZero();
        assertThat(build.out()).contains("create schema ops_v2", "difference(s)", "schema ops_v2 is ready").doesNotContain("DIFFERENT");

        final TestSystem.Run running = system.ops("rebuild", "reports", "--into", "ops_v2", "--switch", "--yes");
        assertThat(running.exit()).isEqualTo(LedgerOps.FAILED);
        assertThat(running.err()).contains("the report service is running");

        system.stopReport();
        final TestSystem.Run switched = system.ops("rebuild", "reports", "--into", "ops_v2", "--switch", "--yes");
        assertThat(switched.exit()).as(switched.toString()).isZero();
        assertThat(switched.out()).contains("switched: ops now holds the rebuilt reports; the previous ones are in ops_before_");
        system.startReport();
        system.awaitProcessed();

        final ShiftReport after = report();
        assertThat(after.totals()).isEqualTo(before.totals());
        assertThat(after.lines()).hasSameSizeAs(before.lines());
        final List<String> stored = system.reportDatabase().jdbi().withHandle(h -> h.createQuery(
                        "SELECT event_id || ' ' || coalesce(operation_type, '-') || ' ' || coalesce(org_mode, '-') FROM payments"
                                + " WHERE event_id IN ('org-b:PAY:405', 'org-b:CONFIRM:405', 'org-b:PAY:406') ORDER BY event_id")
                .mapTo(String.class).list());
        assertThat(stored).containsExactly("org-b:CONFIRM:405 - LIVE", "org-b:PAY:405 CardPayout LIVE", "org-b:PAY:406 Payment LIVE");
        // Rows keep the time they first arrived, so a report amended before the rebuild is amended, at the same time, after it.
        assertThat(amendedShift()).isEqualTo(amendedBefore);
        final TestSystem.Run audit = system.ops("audit", "--only", "reports", "--org", ORG);
        assertThat(audit.exit()).as(audit.toString()).isZero();
    }

    @Test
    @Order(4)
    void theLedgerIsRecomputedFromScratch() {
        final var b1 = system.balance(ORG, "b1");
        assertThat(b1).contains(new LedgerClient.Balances(Map.of("RUB", 1_500L), 2));
        final TestSystem.Run dryRun = system.ops("rebuild", "ledger", "--dry-run");
        assertThat(dryRun.exit()).as(dryRun.toString()).isZero();
        assertThat(dryRun.out()).contains("delete topic ops-ledger-ledger-payments-changelog", "delete topic ops-ledger-by-payment-repartition",
                "delete consumer group ops-ledger", "The ledger is running", "dry run: nothing was deleted");

        system.stopLedger();
        final TestSystem.Run rebuild = system.ops("rebuild", "ledger", "--yes");
        assertThat(rebuild.exit()).as(rebuild.toString()).isZero();
        assertThat(rebuild.out()).contains("delete local state");
        system.startLedger();
        system.awaitProcessed();

        assertThat(system.balance(ORG, "b1")).isEqualTo(b1);
        assertThat(system.balance(ORG, "b2")).contains(new LedgerClient.Balances(Map.of("RUB", 3_000L), 1));
        final TestSystem.Run audit = system.ops("audit", "--only", "balances", "--org", ORG);
        assertThat(audit.exit()).as(audit.toString()).isZero();
        assertThat(audit.out()).contains("history restarts at sequence 1");
    }
}

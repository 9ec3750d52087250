package ledger.report.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Collectors;

import ledger.embedded.EmbeddedPostgres;
import ledger.report.TestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store on a real PostgreSQL (schema of its own): idempotent rows, rows and offsets in one transaction, and
 * placement, inheritance and amendments computed at query time. Runs in a far-from-UTC default time zone so that
 * any instant that round-trips through a local time would show.
 */
class ReportStoreTest {

    private static final String ORG = "org-1";
    private static final Instant T0 = Instant.parse("2026-05-01T08:00:00Z");
    private static TimeZone originalZone;
    private static Database database;
    private static SinkStore store;

    @BeforeAll
    static void connect() {
        originalZone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
        final EmbeddedPostgres postgres = TestKit.postgres();
        database = Database.connect(postgres.jdbcUrl(), postgres.user(), postgres.password(), "report_store_test");
        store = SinkStore.jdbi(database.jdbi());
    }

    @AfterAll
    static void disconnect() {
        database.close();
        TimeZone.setDefault(originalZone);
    }

    @BeforeEach
    void emptyTables() {
        database.jdbi().useHandle(h -> h.execute("TRUNCATE payments, shift_events, consumer_offsets"));
    }

    @Test
    void storesEachEventOnceAndTellsDuplicatesApart() {
        final PaymentRow pay = pay(1001, "club-1", T0);

        final SinkStore.BatchCounts first = store.storeBatch("g", List.of(pay), List.of(), List.of());
        final SinkStore.BatchCounts again = store.storeBatch("g", List.of(pay, pay), List.of(), List.of());

        assertThat(first).isEqualTo(new SinkStore.BatchCounts(1, 0, 0, 0));
        assertThat(again).isEqualTo(new SinkStore.BatchCounts(0, 2, 0, 0));
        assertThat(database.jdbi().onDemand(PaymentDao.class).forOrg(ORG)).containsExactly(pay);
    }

    @Test
    void storesRowsAndOffsetsTogetherOrNotAtAll() {
        final ShiftEventRow invalid = new ShiftEventRow("bad", ORG, "club-1", "s1", "PAUSED", T0, null);

        assertThatThrownBy(() -> store.storeBatch("g", List.of(pay(1, "club-1", T0)), List.of(invalid),
                List.of(new StoredOffset("payments", 0, 1))));

        assertThat(database.jdbi().onDemand(PaymentDao.class).count()).isZero();
        assertThat(store.offsets("g")).isEmpty();

        store.storeBatch("g", List.of(pay(1, "club-1", T0)), List.of(), List.of(new StoredOffset("payments", 0, 1)));
        store.storeBatch("g", List.of(pay(2, "club-1", T0)), List.of(),
                List.of(new StoredOffset("payments", 0, 2), new StoredOffset("shift-events", 1, 7)));
        assertThat(store.offsets("g")).containsExactly(new StoredOffset("payments", 0, 2), new StoredOffset("shift-events", 1, 7));
        assertThat(store.offsets("other-group")).isEmpty();
    }

    @Test
    void placesPaymentsByClubAndTimeWhicheverArrivesFirst() {
        // Payments first: the club has no shifts yet, so they are "no club" for now...
        store.storeBatch("g", List.of(
                pay(1, "club-1", T0.minusSeconds(1)),
                pay(2, "club-1", T0),
                pay(3, "club-1", T0.plusSeconds(36_000)),
                pay(4, "club-2", T0.plusSeconds(60)),
                pay(5, null, T0.plusSeconds(60)),
                pay(6, "club-1", T0.plusSeconds(50_000))), List.of(), List.of());
        assertThat(dao().unassigned(ORG, T0.minusSeconds(86_400), T0.plusSeconds(86_400)))
                .extracting(PlacedPaymentRow::placement).containsOnly(PlacedPaymentRow.NO_CLUB);

        // ...and find their shifts once the shift events arrive.
        store.storeBatch("g", List.of(), List.of(
                opened("s1", "club-1", T0), closed("s1", "club-1", T0.plusSeconds(36_000)),
                opened("s2", "club-1", T0.plusSeconds(43_200))), List.of());

        assertThat(dao().inShifts(ORG, List.of("s1", "s2"), T0.minusSeconds(86_400), T0.plusSeconds(86_400)))
                .extracting(PlacedPaymentRow::transactionId, PlacedPaymentRow::shiftId)
                .containsExactly(tuple(2L, "s1"), tuple(6L, "s2"));
        assertThat(dao().unassigned(ORG, T0.minusSeconds(86_400), T0.plusSeconds(86_400)))
                .extracting(PlacedPaymentRow::transactionId, PlacedPaymentRow::placement)
                .containsExactly(
                        tuple(1L, PlacedPaymentRow.OUTSIDE_ANY_SHIFT),
                        tuple(4L, PlacedPaymentRow.NO_CLUB),
                        tuple(5L, PlacedPaymentRow.NO_CLUB),
                        tuple(3L, PlacedPaymentRow.OUTSIDE_ANY_SHIFT));
    }

    @Test
    void inheritsWhatRefundsAndConfirmsDoNotCarryFromThePaymentOfTheSameOrganization() {
        final PaymentRow authorized = new PaymentRow(ORG + ":PAY:77", ORG, "PAY", 77L, null, "cust-1", "club-1", 25_000,
                "RUB", T0, T0, true, "Authorized", "411111", "1111", "Visa", 975L, null, null, "inv-77");
        final PaymentRow confirm = new PaymentRow(ORG + ":CONFIRM:77", ORG, "CONFIRM", 77L, null, "cust-1", "club-1", 25_000,
                "RUB", T0.plusSeconds(60), T0.plusSeconds(60), null, "Completed", null, null, null, null, null, null, null);
        final PaymentRow refund = new PaymentRow(ORG + ":REFUND:78", ORG, "REFUND", 78L, 77L, null, null, 3_000,
                null, T0.plusSeconds(120), T0.plusSeconds(120), null, null, null, null, null, null, null, null, null);
        // The same TransactionId in another organization must not leak into org-1's rows.
        final PaymentRow otherOrg = new PaymentRow("org-2:PAY:77", "org-2", "PAY", 77L, null, "x", "club-9", 1,
                "EUR", T0, T0, false, "Completed", null, null, null, 1L, null, null, null);
        store.storeBatch("g", List.of(otherOrg, authorized, confirm, refund), List.of(opened("s1", "club-1", T0)), List.of());

        final Map<String, PlacedPaymentRow> rows = dao().inShifts(ORG, List.of("s1"), T0, T0.plusSeconds(3_600))
                .stream().collect(Collectors.toMap(PlacedPaymentRow::kind, r -> r));

        assertThat(rows.get("CONFIRM")).extracting(PlacedPaymentRow::totalFeeMinor, PlacedPaymentRow::testMode,
                PlacedPaymentRow::cardLastFour).containsExactly(975L, true, "1111");
        assertThat(rows.get("REFUND")).extracting(PlacedPaymentRow::currency, PlacedPaymentRow::testMode,
                        PlacedPaymentRow::clubId, PlacedPaymentRow::customerId, PlacedPaymentRow::cardFirstSix,
                        PlacedPaymentRow::totalFeeMinor)
                .containsExactly("RUB", true, "club-1", "cust-1", "411111", null);
    }

    @Test
    void marksWhatArrivesAfterTheCloseWasStoredAsAnAmendment() {
        store.storeBatch("g", List.of(pay(1, "club-1", T0.plusSeconds(60))), List.of(), List.of());
        store.storeBatch("g", List.of(), List.of(opened("s1", "club-1", T0), closed("s1", "club-1", T0.plusSeconds(3_600))), List.of());
        store.storeBatch("g", List.of(pay(2, "club-1", T0.plusSeconds(120))), List.of(), List.of());

        final List<PlacedPaymentRow> rows = dao().inShifts(ORG, List.of("s1"), T0, T0.plusSeconds(3_600));

        assertThat(rows).extracting(PlacedPaymentRow::transactionId, PlacedPaymentRow::amended)
                .containsExactly(tuple(1L, false), tuple(2L, true));
        final ShiftRow shift = database.jdbi().onDemand(ShiftDao.class).find(ORG, "s1").orElseThrow();
        assertThat(rows.get(1).ingestedAt()).isAfter(shift.closeRecordedAt());
    }

    @Test
    void derivesShiftsFromTheirEventsAndRoundTripsInstantsExactly() {
        final Instant openedAt = Instant.parse("2026-05-01T08:00:00.123Z");
        store.storeBatch("g", List.of(), List.of(opened("s1", "club-1", openedAt), closed("s1", "club-1", T0.plusSeconds(3_600)),
                opened("s2", "club-1", T0.plusSeconds(7_200)), opened("s3", "club-2", T0)), List.of());
        final ShiftDao shifts = database.jdbi().onDemand(ShiftDao.class);

        assertThat(shifts.find(ORG, "s1")).get().satisfies(s -> {
            assertThat(s.openedAt()).isEqualTo(openedAt);
            assertThat(s.closedAt()).isEqualTo(T0.plusSeconds(3_600));
            assertThat(s.clubId()).isEqualTo("club-1");
            assertThat(s.openedBy()).isEqualTo("tester");
        });
        assertThat(shifts.find(ORG, "nope")).isEmpty();
        assertThat(shifts.find("org-2", "s1")).isEmpty();
        assertThat(shifts.shiftIdUsed(ORG, "s2")).isTrue();
        assertThat(shifts.eventStored(ORG + ":s2:OPENED")).isTrue();
        assertThat(shifts.runningAfter(ORG, "club-1", T0.plusSeconds(3_600))).extracting(ShiftRow::shiftId).containsExactly("s2");
        assertThat(shifts.runningAfter(ORG, "club-1", T0)).extracting(ShiftRow::shiftId).containsExactly("s1", "s2");
        assertThat(shifts.overlapping(ORG, "club-1", T0.plusSeconds(3_600), T0.plusSeconds(7_200))).isEmpty();
        assertThat(shifts.overlapping(ORG, "club-1", T0, T0.plusSeconds(86_400))).extracting(ShiftRow::shiftId)
                .containsExactly("s1", "s2");
    }

    private static ReportDao dao() {
        return database.jdbi().onDemand(ReportDao.class);
    }

    private static PaymentRow pay(final long transactionId, final String clubId, final Instant occurredAt) {
        return new PaymentRow(ORG + ":PAY:" + transactionId, ORG, "PAY", transactionId, null, "cust-1", clubId, 10_000,
                "RUB", occurredAt, occurredAt.plusSeconds(1), false, "Completed", "411111", "1111", "Visa", 390L, null,
                null, "inv-" + transactionId);
    }

    private static ShiftEventRow opened(final String shiftId, final String clubId, final Instant at) {
        return new ShiftEventRow(ORG + ":" + shiftId + ":OPENED", ORG, clubId, shiftId, ShiftEventRow.OPENED, at, "tester");
    }

    private static ShiftEventRow closed(final String shiftId, final String clubId, final Instant at) {
        return new ShiftEventRow(ORG + ":" + shiftId + ":CLOSED", ORG, clubId, shiftId, ShiftEventRow.CLOSED, at, "tester");
    }
}

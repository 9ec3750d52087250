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
import ledger.report.domain.Category;
import ledger.report.domain.Kind;
import ledger.report.domain.OrgMode;
import ledger.report.domain.Payment;
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
                .extracting(r -> r.payment().transactionId(), PlacedPaymentRow::shiftId)
                .containsExactly(tuple(2L, "s1"), tuple(6L, "s2"));
        assertThat(dao().unassigned(ORG, T0.minusSeconds(86_400), T0.plusSeconds(86_400)))
                .extracting(r -> r.payment().transactionId(), PlacedPaymentRow::placement)
                .containsExactly(
                        tuple(1L, PlacedPaymentRow.OUTSIDE_ANY_SHIFT),
                        tuple(4L, PlacedPaymentRow.NO_CLUB),
                        tuple(5L, PlacedPaymentRow.NO_CLUB),
                        tuple(3L, PlacedPaymentRow.OUTSIDE_ANY_SHIFT));
    }

    @Test
    void inheritsWhatRefundsAndConfirmsDoNotCarryFromThePaymentOfTheSameOrganization() {
        final PaymentRow authorized = new PaymentRow(ORG + ":PAY:77", ORG, "PAY", 77L, null, "cust-1", "club-1", 25_000,
                "RUB", T0, T0, true, "Authorized", "411111", "1111", "Visa", 975L, null, null, "inv-77", null, null);
        final PaymentRow confirm = new PaymentRow(ORG + ":CONFIRM:77", ORG, "CONFIRM", 77L, null, "cust-1", "club-1", 25_000,
                "RUB", T0.plusSeconds(60), T0.plusSeconds(60), null, "Completed", null, null, null, null, null, null, null, null, null);
        final PaymentRow refund = new PaymentRow(ORG + ":REFUND:78", ORG, "REFUND", 78L, 77L, null, null, 3_000,
                null, T0.plusSeconds(120), T0.plusSeconds(120), null, null, null, null, null, null, null, null, null, null, null);
        // The same TransactionId in another organization must not leak into org-1's rows.
        final PaymentRow otherOrg = new PaymentRow("org-2:PAY:77", "org-2", "PAY", 77L, null, "x", "club-9", 1,
                "EUR", T0, T0, false, "Completed", null, null, null, 1L, null, null, null, null, null);
        store.storeBatch("g", List.of(otherOrg, authorized, confirm, refund), List.of(opened("s1", "club-1", T0)), List.of());

        final Map<Kind, Payment> rows = dao().inShifts(ORG, List.of("s1"), T0, T0.plusSeconds(3_600))
                .stream().map(PlacedPaymentRow::payment).collect(Collectors.toMap(Payment::kind, p -> p));

        assertThat(rows.get(Kind.CONFIRM)).extracting(Payment::totalFeeMinor, Payment::testMode,
                Payment::cardLastFour).containsExactly(975L, true, "1111");
        assertThat(rows.get(Kind.REFUND)).extracting(Payment::currency, Payment::testMode,
                        Payment::clubId, Payment::customerId, Payment::cardFirstSix,
                        Payment::totalFeeMinor)
                .containsExactly("RUB", true, "club-1", "cust-1", "411111", null);
    }

    @Test
    void storesOperationTypeAndModeAndReadsThemIntoPaymentsWithTheirCategories() {
        final Instant at = T0.plusSeconds(60);
        final PaymentRow payout = row(1, "PAY", null, 20_000, false, "Completed", "CardPayout", "LIVE");
        final PaymentRow testWhileLive = row(2, "PAY", null, 5_000, true, "Completed", "Payment", "LIVE");
        final PaymentRow authorizedPayout = row(3, "PAY", null, 7_000, false, "Authorized", "CardPayout", "LIVE");
        // A Confirm carries no OperationType: it has its payment's, so the capture of a payout is a payout.
        final PaymentRow capture = row(3, "CONFIRM", null, 7_000, false, "Completed", null, "LIVE");
        final PaymentRow payoutRefund = row(4, "REFUND", 1L, 1_000, null, "Completed", "CardPayout", "LIVE");
        // Stored before operation types and modes were: a payment, accepted in TEST mode.
        final PaymentRow before = row(5, "PAY", null, 3_000, true, "Completed", null, null);
        final PaymentRow noClub = new PaymentRow(ORG + ":PAY:6", ORG, "PAY", 6L, null, "cust-1", null, 900, "RUB", at, at, true,
                "Completed", null, null, null, null, null, null, null, "Payment", "LIVE");
        final List<PaymentRow> rows = List.of(payout, testWhileLive, authorizedPayout, capture, payoutRefund, before, noClub);
        store.storeBatch("g", rows, List.of(opened("s1", "club-1", T0)), List.of());

        assertThat(database.jdbi().onDemand(PaymentDao.class).forOrg(ORG)).containsExactlyInAnyOrderElementsOf(rows);
        assertThat(dao().inShifts(ORG, List.of("s1"), T0, T0.plusSeconds(3_600))).map(PlacedPaymentRow::payment)
                .extracting(Payment::eventId, Payment::operationType, Payment::orgMode, Payment::category)
                .containsExactlyInAnyOrder(
                        tuple(payout.eventId(), "CardPayout", OrgMode.LIVE, Category.PAYOUT),
                        tuple(testWhileLive.eventId(), "Payment", OrgMode.LIVE, Category.TEST_IN_LIVE),
                        tuple(authorizedPayout.eventId(), "CardPayout", OrgMode.LIVE, Category.NOT_MONEY),
                        tuple(capture.eventId(), "CardPayout", OrgMode.LIVE, Category.PAYOUT),
                        tuple(payoutRefund.eventId(), "CardPayout", OrgMode.LIVE, Category.PAYOUT),
                        tuple(before.eventId(), null, OrgMode.TEST, Category.TOP_UP));
        // The unassigned read goes through placed_payments, which carries the columns too.
        assertThat(dao().unassigned(ORG, T0, T0.plusSeconds(3_600))).map(PlacedPaymentRow::payment)
                .extracting(Payment::eventId, Payment::orgMode, Payment::category)
                .containsExactly(tuple(noClub.eventId(), OrgMode.LIVE, Category.TEST_IN_LIVE));
    }

    @Test
    void marksWhatArrivesAfterTheCloseWasStoredAsAnAmendment() {
        store.storeBatch("g", List.of(pay(1, "club-1", T0.plusSeconds(60))), List.of(), List.of());
        store.storeBatch("g", List.of(), List.of(opened("s1", "club-1", T0), closed("s1", "club-1", T0.plusSeconds(3_600))), List.of());
        store.storeBatch("g", List.of(pay(2, "club-1", T0.plusSeconds(120))), List.of(), List.of());

        final List<PlacedPaymentRow> rows = dao().inShifts(ORG, List.of("s1"), T0, T0.plusSeconds(3_600));

        assertThat(rows).extracting(r -> r.payment().transactionId(), r -> r.payment().amended())
                .containsExactly(tuple(1L, false), tuple(2L, true));
        final ShiftRow shift = database.jdbi().onDemand(ShiftDao.class).find(ORG, "s1").orElseThrow();
        assertThat(rows.get(1).payment().ingestedAt()).isAfter(shift.closeRecordedAt());
    }

    @Test
    void readsAKindThisVersionDoesNotKnowAsOther() {
        final PaymentRow payout = new PaymentRow(ORG + ":PAYOUT:1", ORG, "PAYOUT", 1L, null, "cust-1", "club-1", 10_000, "RUB",
                T0.plusSeconds(60), T0.plusSeconds(61), false, "Completed", null, null, null, null, null, null, null, null, null);
        store.storeBatch("g", List.of(payout), List.of(opened("s1", "club-1", T0)), List.of());

        assertThat(dao().inShifts(ORG, List.of("s1"), T0, T0.plusSeconds(3_600)))
                .extracting(r -> r.payment().eventId(), r -> r.payment().kind())
                .containsExactly(tuple(ORG + ":PAYOUT:1", Kind.OTHER));
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

    @Test
    void findsInShiftsExactlyWhatThePlacedPaymentsViewPlacesThere() {
        final List<PaymentRow> payments = new java.util.ArrayList<>();
        for (int k = -3; k <= 54; k++) {
            payments.add(pay(100 + k, "club-1", T0.plusSeconds(600L * k)));
        }
        payments.add(pay(300, null, T0.plusSeconds(900)));
        payments.add(pay(500, "club-2", T0.plusSeconds(1_200)));
        payments.add(refund(400, 105, T0.plusSeconds(3_900)));   // inherits club-1
        payments.add(refund(501, 500, T0.plusSeconds(11_400)));  // inherits club-2
        payments.add(refund(502, 999, T0.plusSeconds(11_400)));  // refers to nothing stored: no club
        payments.add(new PaymentRow("org-2:PAY:105", "org-2", "PAY", 105L, null, "x", "club-9", 1, "EUR", T0, T0, false,
                "Completed", null, null, null, 1L, null, null, null, null, null));
        final List<ShiftEventRow> shifts = List.of(
                opened("s1", "club-1", T0),                                         // never closed
                opened("s2", "club-1", T0.plusSeconds(3_600)), closed("s2", "club-1", T0.plusSeconds(7_200)),
                opened("s3", "club-1", T0.plusSeconds(10_800)), closed("s3", "club-1", T0.plusSeconds(18_000)),
                opened("s4", "club-1", T0.plusSeconds(10_800)), closed("s4", "club-1", T0.plusSeconds(14_400)),
                opened("s5", "club-1", T0.plusSeconds(21_600)),
                new ShiftEventRow("again-opened", ORG, "club-1", "s5", ShiftEventRow.OPENED, T0.plusSeconds(23_400), null),
                closed("s5", "club-1", T0.plusSeconds(25_200)),
                new ShiftEventRow("again-closed", ORG, "club-1", "s5", ShiftEventRow.CLOSED, T0.plusSeconds(28_800), null),
                opened("s6", "club-2", T0), closed("s6", "club-2", T0.plusSeconds(36_000)),
                closed("s7", "club-1", T0.plusSeconds(30_600)),                     // closed, never opened: no shift
                opened("s8", "club-1", T0.plusSeconds(28_800)), closed("s8", "club-1", T0.plusSeconds(27_000)));
        store.storeBatch("g", payments, shifts, List.of());
        final List<String> all = List.of("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8");
        final Instant from = T0.minusSeconds(86_400);
        final Instant to = T0.plusSeconds(86_400);

        final List<PlacedPaymentRow> placed = dao().inShifts(ORG, all, from, to);

        assertThat(placed).isEqualTo(fromView(all, from, to));
        // Overlaps go to the latest opened (a tie to the greater id), the first OPENED and CLOSED count, bounds are [open, close).
        assertThat(placed).filteredOn(r -> r.payment().kind() == Kind.PAY && r.payment().clubId().equals("club-1"))
                .extracting(r -> r.payment().transactionId() - 100, PlacedPaymentRow::shiftId)
                .contains(tuple(0L, "s1"), tuple(5L, "s1"), tuple(6L, "s2"), tuple(11L, "s2"), tuple(12L, "s1"),
                        tuple(18L, "s4"), tuple(23L, "s4"), tuple(24L, "s3"), tuple(30L, "s1"), tuple(36L, "s5"),
                        tuple(41L, "s5"), tuple(42L, "s1"), tuple(48L, "s1"))
                .doesNotContain(tuple(-1L, "s1"));
        assertThat(placed).filteredOn(r -> r.payment().kind() == Kind.REFUND).extracting(r -> r.payment().transactionId(), PlacedPaymentRow::shiftId)
                .containsExactly(tuple(400L, "s2"), tuple(501L, "s6"));
        // V2's shifts view derives the same shifts as V1's DISTINCT ON form.
        final String columns = "org_id, shift_id, club_id, opened_at, opened_by, closed_at, closed_by, close_recorded_at";
        final List<Map<String, Object>> derived = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT " + columns + " FROM shifts ORDER BY org_id, shift_id").mapToMap().list());
        final List<Map<String, Object>> asInV1 = database.jdbi().withHandle(h -> h.createQuery("SELECT " + columns + """
                 FROM (SELECT DISTINCT ON (org_id, shift_id) org_id, shift_id, club_id, occurred_at AS opened_at, actor AS opened_by
                         FROM shift_events WHERE action = 'OPENED' ORDER BY org_id, shift_id, occurred_at, event_id) o
                 LEFT JOIN (SELECT DISTINCT ON (org_id, shift_id) org_id AS c_org, shift_id AS c_shift, occurred_at AS closed_at,
                                   actor AS closed_by, ingested_at AS close_recorded_at
                              FROM shift_events WHERE action = 'CLOSED' ORDER BY org_id, shift_id, occurred_at, event_id) c
                   ON c.c_org = o.org_id AND c.c_shift = o.shift_id
                ORDER BY org_id, shift_id
                """).mapToMap().list());
        assertThat(derived).hasSize(7).isEqualTo(asInV1);
        for (final ShiftRow shift : database.jdbi().onDemand(ShiftDao.class).overlapping(ORG, "club-1", from, to)) {
            final Instant end = shift.closedAt() == null ? to : shift.closedAt();
            assertThat(dao().inShifts(ORG, List.of(shift.shiftId()), shift.openedAt(), end))
                    .as(shift.shiftId()).isEqualTo(fromView(List.of(shift.shiftId()), shift.openedAt(), end));
        }
        // A period that cuts through shifts.
        assertThat(dao().inShifts(ORG, all, T0.plusSeconds(3_000), T0.plusSeconds(15_000)))
                .isEqualTo(fromView(all, T0.plusSeconds(3_000), T0.plusSeconds(15_000)))
                .isNotEmpty();
    }

    @Test
    void inheritsExactlyAsTheFirstDefinitionOfPaymentFactsWhicheverFieldIsMissing() {
        final Instant at = T0.plusSeconds(60);
        final PaymentRow original = new PaymentRow(ORG + ":PAY:900", ORG, "PAY", 900L, null, "cust-9", "club-9", 10_000, "USD",
                T0, T0, true, "Completed", "220070", "0009", "MIR", 390L, null, null, "inv-900", null, null);
        final List<PaymentRow> rows = new java.util.ArrayList<>(List.of(original,
                new PaymentRow(ORG + ":CONFIRM:900", ORG, "CONFIRM", 900L, null, "cust-9", "club-9", 10_000, "USD", at, at, true,
                        "Completed", "220070", "0009", "MIR", null, null, null, null, null, null),
                new PaymentRow(ORG + ":CANCEL:900", ORG, "CANCEL", 900L, null, null, null, 10_000, null, at, at, null,
                        "Cancelled", null, null, null, null, null, null, null, null, null)));
        // Refunds of 900 that each lack exactly one of the fields a payment can inherit (the fee: a refund inherits none).
        final String[] fields = {"customer", "club", "currency", "test", "first six", "last four", "type", "fee", "nothing"};
        for (int i = 0; i < fields.length; i++) {
            final String missing = fields[i];
            rows.add(new PaymentRow(ORG + ":REFUND:" + (910 + i), ORG, "REFUND", 910L + i, 900L,
                    missing.equals("customer") ? null : "cust-x", missing.equals("club") ? null : "club-x", 100,
                    missing.equals("currency") ? null : "EUR", at, at, missing.equals("test") ? null : false, "Completed",
                    missing.equals("first six") ? null : "424242", missing.equals("last four") ? null : "4242",
                    missing.equals("type") ? null : "Visa", missing.equals("fee") ? null : 1L, null, null, null, null, null));
        }
        store.storeBatch("g", rows, List.of(), List.of());
        final String columns = """
                event_id, org_id, kind, transaction_id, payment_transaction_id, customer_id, club_id, amount_minor, currency,
                occurred_at, received_at, ingested_at, test_mode, status, card_first_six, card_last_four, card_type,
                total_fee_minor, reason, reason_code, invoice_id""";

        final List<Map<String, Object>> facts = database.jdbi().withHandle(h -> h.createQuery(
                "SELECT " + columns + " FROM payment_facts ORDER BY event_id").mapToMap().list());

        assertThat(facts).hasSize(rows.size()).isEqualTo(database.jdbi().withHandle(h -> h.createQuery("""
                SELECT p.event_id, p.org_id, p.kind, p.transaction_id, p.payment_transaction_id,
                       coalesce(p.customer_id, o.customer_id) AS customer_id, coalesce(p.club_id, o.club_id) AS club_id,
                       p.amount_minor, coalesce(p.currency, o.currency) AS currency, p.occurred_at, p.received_at, p.ingested_at,
                       coalesce(p.test_mode, o.test_mode, false) AS test_mode, p.status,
                       coalesce(p.card_first_six, o.card_first_six) AS card_first_six,
                       coalesce(p.card_last_four, o.card_last_four) AS card_last_four, coalesce(p.card_type, o.card_type) AS card_type,
                       coalesce(p.total_fee_minor, CASE WHEN p.kind = 'CONFIRM' THEN o.total_fee_minor END) AS total_fee_minor,
                       p.reason, p.reason_code, p.invoice_id
                  FROM payments p
                  LEFT JOIN LATERAL (
                        SELECT q.customer_id, q.club_id, q.currency, q.test_mode, q.card_first_six, q.card_last_four,
                               q.card_type, q.total_fee_minor
                          FROM payments q
                         WHERE q.org_id = p.org_id AND q.transaction_id = coalesce(p.payment_transaction_id, p.transaction_id)
                           AND q.kind IN ('PAY', 'CONFIRM', 'CHECK') AND q.event_id <> p.event_id
                         ORDER BY CASE q.kind WHEN 'PAY' THEN 0 WHEN 'CONFIRM' THEN 1 ELSE 2 END, q.event_id
                         LIMIT 1) o ON true
                 ORDER BY event_id
                """).mapToMap().list()));
        assertThat(facts).filteredOn(f -> f.get("event_id").equals(ORG + ":CONFIRM:900")).extracting(f -> f.get("total_fee_minor"))
                .containsExactly(390L);
    }

    /** What V1's placed_payments view answers for the shifts: the definition inShifts must agree with. */
    private static List<PlacedPaymentRow> fromView(final List<String> shiftIds, final Instant from, final Instant to) {
        return database.jdbi().withHandle(h -> h.registerColumnMapper(new KindColumnMapper())
                .registerColumnMapper(new OrgModeColumnMapper())
                .registerRowMapper(org.jdbi.v3.core.mapper.reflect.ConstructorMapper.factory(PlacedPaymentRow.class))
                .createQuery("SELECT " + ReportDao.COLUMNS + """
                         FROM placed_payments
                        WHERE org_id = :orgId AND shift_id IN (<shiftIds>) AND occurred_at >= :from AND occurred_at < :to
                        ORDER BY occurred_at, event_id
                        """)
                .bind("orgId", ORG).bindList("shiftIds", shiftIds).bind("from", from).bind("to", to)
                .mapTo(PlacedPaymentRow.class).list());
    }

    private static PaymentRow refund(final long transactionId, final long paymentTransactionId, final Instant occurredAt) {
        return new PaymentRow(ORG + ":REFUND:" + transactionId, ORG, "REFUND", transactionId, paymentTransactionId, null, null,
                500, null, occurredAt, occurredAt.plusSeconds(1), null, "Completed", null, null, null, null, null, null, null, "Refund", null);
    }

    private static PaymentRow row(final long transactionId, final String kind, final Long paymentTransactionId,
                                  final long amountMinor, final Boolean testMode, final String status,
                                  final String operationType, final String orgMode) {
        final Instant at = T0.plusSeconds(60 + transactionId);
        final boolean refund = paymentTransactionId != null;
        return new PaymentRow(ORG + ":" + kind + ":" + transactionId, ORG, kind, transactionId, paymentTransactionId,
                refund ? null : "cust-1", refund ? null : "club-1", amountMinor, refund ? null : "RUB", at, at, testMode,
                status, null, null, null, null, null, null, null, operationType, orgMode);
    }

    private static ReportDao dao() {
        return database.jdbi().onDemand(ReportDao.class);
    }

    private static PaymentRow pay(final long transactionId, final String clubId, final Instant occurredAt) {
        return new PaymentRow(ORG + ":PAY:" + transactionId, ORG, "PAY", transactionId, null, "cust-1", clubId, 10_000,
                "RUB", occurredAt, occurredAt.plusSeconds(1), false, "Completed", "411111", "1111", "Visa", 390L, null,
                null, "inv-" + transactionId, "Payment", "LIVE");
    }

    private static ShiftEventRow opened(final String shiftId, final String clubId, final Instant at) {
        return new ShiftEventRow(ORG + ":" + shiftId + ":OPENED", ORG, clubId, shiftId, ShiftEventRow.OPENED, at, "tester");
    }

    private static ShiftEventRow closed(final String shiftId, final String clubId, final Instant at) {
        return new ShiftEventRow(ORG + ":" + shiftId + ":CLOSED", ORG, clubId, shiftId, ShiftEventRow.CLOSED, at, "tester");
    }
}

package ledger.report.app;

import static ledger.report.TestKit.ADMIN_TOKEN;
import static ledger.report.TestKit.FINANCE_TOKEN;
import static ledger.report.TestKit.card;
import static ledger.report.TestKit.fee;
import static ledger.report.TestKit.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.report.TestKit;
import ledger.report.TestKit.Reply;
import ledger.schemas.serde.MockSchemaRegistry;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole service on the embedded broker and database, read through its HTTP API: every kind of notification,
 * duplicates, payments that arrive before their shift is known and after it closed, the two unassigned buckets, and
 * a full replay into the same store that changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReportServiceTest {

    private static final String SCOPE = "e2e_report";
    private static final String ORG = "org-e2e";
    private static final String CLUB = "club-1";
    private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(2);
    private static final Instant T0 = DAY.atStartOfDay(ZoneOffset.UTC).plusHours(8).toInstant();
    private static final String REPORT = "/orgs/" + ORG + "/shifts/shift-a/report";
    private static final String UNASSIGNED = "/orgs/" + ORG + "/unassigned?from=" + DAY + "&to=" + DAY;
    private static final String CLUB_SHIFTS = "/orgs/" + ORG + "/clubs/" + CLUB + "/shifts?from=" + DAY.minusDays(1) + "&to=" + DAY;

    private Topics topics;
    private ReportService service;
    private Jdbi jdbi;
    private List<String> topicNames;

    @BeforeAll
    void startAndTellTheStory() {
        topics = TestKit.topics(SCOPE);
        TestKit.createTopics(topics);
        topicNames = List.of(topics.payments().name(), topics.shiftEvents().name());
        service = ReportService.start(ReportConfig.fromEnv(TestKit.env(SCOPE, Map.of())));
        jdbi = TestKit.jdbi(SCOPE);

        try (KafkaProducer<String, PaymentEvent> producer = TestKit.paymentProducer(topics)) {
            // Everything but the late payment arrives before the shift is known at all.
            for (final PaymentEvent event : beforeTheShiftIsKnown()) {
                TestKit.publish(producer, topics, event);
            }
            try (KafkaProducer<byte[], byte[]> raw = TestKit.rawProducer()) {
                raw.send(new ProducerRecord<>(topics.payments().name(), "x".getBytes(StandardCharsets.UTF_8),
                        "not an event".getBytes(StandardCharsets.UTF_8)));
            }
            awaitCaughtUp("e2e_report-report");

            final Reply opened = TestKit.post(service.port(), "/orgs/" + ORG + "/clubs/" + CLUB + "/shifts/open", ADMIN_TOKEN,
                    "{\"shiftId\":\"shift-a\",\"openedAt\":\"" + T0 + "\",\"actor\":\"anna\"}");
            assertThat(opened.status()).as(opened.body()).isEqualTo(201);
            final Reply closed = TestKit.post(service.port(), "/orgs/" + ORG + "/clubs/" + CLUB + "/shifts/shift-a/close",
                    ADMIN_TOKEN, "{\"closedAt\":\"" + T0.plusSeconds(10 * 3600) + "\"}");
            assertThat(closed.status()).as(closed.body()).isEqualTo(200);

            // Paid during the shift, but reaching us only after it was closed.
            TestKit.publish(producer, topics, pay(1007, CLUB, 4_000, T0.plusSeconds(7 * 3600)).build());
            awaitCaughtUp("e2e_report-report");
        }
    }

    @AfterAll
    void stop() {
        service.close();
        MockSchemaRegistry.dropScope(SCOPE);
    }

    @Test
    @Order(1)
    void theShiftReportShowsEachTransactionOnceWithExactTotals() {
        final Reply reply = TestKit.get(service.port(), REPORT, FINANCE_TOKEN);
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        final JsonNode report = reply.json();

        final JsonNode shift = report.get("shift");
        assertThat(shift.get("shiftId").asText()).isEqualTo("shift-a");
        assertThat(shift.get("clubId").asText()).isEqualTo(CLUB);
        assertThat(shift.get("status").asText()).isEqualTo("CLOSED");
        assertThat(shift.get("openedAt").asText()).isEqualTo(T0.toString());
        assertThat(shift.get("closedAt").asText()).isEqualTo(T0.plusSeconds(10 * 3600).toString());
        assertThat(shift.get("openedBy").asText()).isEqualTo("anna");

        final JsonNode rub = report.at("/totals/live/RUB");
        assertThat(rub.get("topUpCount").asLong()).isEqualTo(3);
        assertThat(rub.get("grossMinor").asLong()).isEqualTo(39_000);
        assertThat(rub.get("gross").asText()).isEqualTo("390.00");
        assertThat(rub.get("refundCount").asLong()).isEqualTo(1);
        assertThat(rub.get("refundsMinor").asLong()).isEqualTo(3_000);
        assertThat(rub.get("netMinor").asLong()).isEqualTo(36_000);
        assertThat(rub.get("net").asText()).isEqualTo("360.00");
        assertThat(rub.get("feesMinor").asLong()).isEqualTo(1_365);
        assertThat(rub.get("fees").asText()).isEqualTo("13.65");
        assertThat(rub.get("failedCount").asLong()).isEqualTo(1);
        assertThat(report.at("/totals/live/USD/grossMinor").asLong()).isEqualTo(500);
        assertThat(report.at("/totals/live/USD/gross").asText()).isEqualTo("5.00");
        assertThat(report.at("/totals/live").size()).isEqualTo(2);
        assertThat(report.at("/totals/test/RUB/topUpCount").asLong()).isEqualTo(1);
        assertThat(report.at("/totals/test/RUB/grossMinor").asLong()).isEqualTo(1_000);

        final List<Long> transactions = new ArrayList<>();
        report.get("payments").forEach(line -> transactions.add(line.get("transactionId").asLong()));
        assertThat(transactions).containsExactly(1001L, 1002L, 2001L, 1003L, 1004L, 1007L, 1009L);

        final JsonNode first = report.at("/payments/0");
        assertThat(first.get("time").asText()).isEqualTo(T0.plusSeconds(3600).toString());
        assertThat(first.get("customerId").asText()).isEqualTo("cust-1");
        assertThat(first.get("card").asText()).isEqualTo("411111******1111");
        assertThat(first.get("amountMinor").asLong()).isEqualTo(10_000);
        assertThat(first.get("amount").asText()).isEqualTo("100.00");
        assertThat(first.get("currency").asText()).isEqualTo("RUB");
        assertThat(first.get("status").asText()).isEqualTo("Completed");
        assertThat(first.get("kind").asText()).isEqualTo("PAY");
        assertThat(first.get("paymentType").asText()).isEqualTo("App");
        assertThat(first.get("test").asBoolean()).isFalse();
        assertThat(first.get("amended").asBoolean()).isFalse();

        assertThat(report.at("/payments/1/kind").asText()).isEqualTo("CONFIRM");
        assertThat(report.at("/payments/1/category").asText()).isEqualTo("TOP_UP");
        final JsonNode refund = report.at("/payments/2");
        assertThat(refund.get("kind").asText()).isEqualTo("REFUND");
        assertThat(refund.get("amount").asText()).isEqualTo("30.00");
        assertThat(refund.get("currency").asText()).as("inherited from the refunded payment").isEqualTo("RUB");
        assertThat(refund.get("paymentTransactionId").asLong()).isEqualTo(1001);
        assertThat(report.at("/payments/3/category").asText()).isEqualTo("FAILED");
        assertThat(report.at("/payments/4/test").asBoolean()).isTrue();

        final JsonNode late = report.at("/payments/5");
        assertThat(late.get("amended").asBoolean()).isTrue();
        assertThat(shift.get("amended").asBoolean()).isTrue();
        assertThat(shift.get("lastAmendedAt").asText()).isEqualTo(late.get("amendedAt").asText());
        assertThat(Instant.parse(late.get("amendedAt").asText())).isAfter(T0.plusSeconds(10 * 3600));
    }

    @Test
    @Order(2)
    void paymentsOutsideEveryShiftLandInTheirBucketsNeverDropped() {
        final JsonNode unassigned = TestKit.get(service.port(), UNASSIGNED, FINANCE_TOKEN).json();

        final List<Long> noClub = new ArrayList<>();
        unassigned.at("/noClub/payments").forEach(line -> noClub.add(line.get("transactionId").asLong()));
        assertThat(noClub).containsExactly(1005L, 1008L);
        assertThat(unassigned.at("/noClub/totals/live/RUB/grossMinor").asLong()).isEqualTo(3_200);
        assertThat(unassigned.at("/outsideAnyShift/payments").size()).isEqualTo(1);
        assertThat(unassigned.at("/outsideAnyShift/payments/0/transactionId").asLong()).isEqualTo(1006);
        assertThat(unassigned.at("/outsideAnyShift/totals/live/RUB/gross").asText()).isEqualTo("15.00");
    }

    @Test
    @Order(3)
    void theClubsShiftListCarriesEachShiftsTotals() {
        final JsonNode shifts = TestKit.get(service.port(), CLUB_SHIFTS, ADMIN_TOKEN).json();

        assertThat(shifts.get("shifts").size()).isEqualTo(1);
        assertThat(shifts.at("/shifts/0/shift/shiftId").asText()).isEqualTo("shift-a");
        assertThat(shifts.at("/shifts/0/totals/live/RUB/netMinor").asLong()).isEqualTo(36_000);
        assertThat(shifts.at("/shifts/0/paymentCount").asInt()).isEqualTo(7);
    }

    @Test
    @Order(4)
    void exposesHealthAndMetrics() {
        assertThat(TestKit.get(service.port(), "/health/live", null).status()).isEqualTo(200);
        assertThat(TestKit.get(service.port(), "/health/ready", null).json().get("status").asText()).isEqualTo("READY");
        final String metrics = TestKit.get(service.port(), "/metrics", TestKit.ADMIN_TOKEN).body();
        assertThat(metrics).contains("report_sink_events_undeserializable_total{topic=\"e2e_report.payments\"} 1.0");
        assertThat(metrics).contains("report_sink_events_duplicates_total{topic=\"e2e_report.payments\"} 2.0");
        assertThat(metrics).contains("report_sink_batch_seconds_count");
    }

    @Test
    @Order(5)
    void replayingEverythingFromOffsetZeroChangesNothing() {
        final JsonNode report = TestKit.get(service.port(), REPORT, ADMIN_TOKEN).json();
        final JsonNode unassigned = TestKit.get(service.port(), UNASSIGNED, ADMIN_TOKEN).json();
        final JsonNode shifts = TestKit.get(service.port(), CLUB_SHIFTS, ADMIN_TOKEN).json();
        final long rows = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM payments").mapTo(Long.class).one());
        service.close();

        jdbi.useHandle(h -> h.execute("DELETE FROM consumer_offsets"));
        service = ReportService.start(ReportConfig.fromEnv(TestKit.env(SCOPE, Map.of("REPORT_GROUP_ID", "e2e_report-replay"))));
        awaitCaughtUp("e2e_report-replay");

        assertThat(TestKit.get(service.port(), REPORT, ADMIN_TOKEN).json()).isEqualTo(report);
        assertThat(TestKit.get(service.port(), UNASSIGNED, ADMIN_TOKEN).json()).isEqualTo(unassigned);
        assertThat(TestKit.get(service.port(), CLUB_SHIFTS, ADMIN_TOKEN).json()).isEqualTo(shifts);
        final long rowsAfter = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM payments").mapTo(Long.class).one());
        assertThat(rowsAfter).isEqualTo(rows);
        final String metrics = TestKit.get(service.port(), "/metrics", TestKit.ADMIN_TOKEN).body();
        assertThat(metrics).contains("report_sink_events_stored_total{topic=\"e2e_report.payments\"} 0.0")
                .contains("report_sink_events_duplicates_total{topic=\"e2e_report.payments\"} " + (rows + 2) + ".0")
                .contains("report_sink_events_duplicates_total{topic=\"e2e_report.shift-events\"} 2.0");
    }

    private void awaitCaughtUp(final String groupId) {
        final Map<TopicPartition, Long> ends = TestKit.endOffsets(topicNames);
        await().atMost(Duration.ofSeconds(30)).until(() -> TestKit.caughtUp(jdbi, groupId, ends));
    }

    private static List<PaymentEvent> beforeTheShiftIsKnown() {
        final PaymentEvent completed = pay(1001, CLUB, 10_000, T0.plusSeconds(3600))
                .setCard(card("411111", "1111")).setFees(fee(390)).build();
        return List.of(
                completed, completed, completed,
                pay(1002, CLUB, 25_000, T0.plusSeconds(2 * 3600)).setStatus("Authorized").setFees(fee(975)).build(),
                payment(ORG, NotificationKind.CONFIRM, 1002, "cust-1", CLUB, 25_000, "RUB", T0.plusSeconds(2 * 3600 + 300))
                        .setStatus("Completed").build(),
                payment(ORG, NotificationKind.REFUND, 2001, "cust-1", null, 3_000, null, T0.plusSeconds(3 * 3600))
                        .setPaymentTransactionId(1001L).setTestMode(null).build(),
                payment(ORG, NotificationKind.FAIL, 1003, "cust-1", CLUB, 5_000, "RUB", T0.plusSeconds(4 * 3600))
                        .setStatus("Declined").setReason("InsufficientFunds").setReasonCode(5051).build(),
                pay(1004, CLUB, 1_000, T0.plusSeconds(5 * 3600)).setTestMode(true).build(),
                pay(1005, null, 2_000, T0.plusSeconds(6 * 3600)).build(),
                pay(1006, CLUB, 1_500, T0.minusSeconds(3600)).build(),
                pay(1008, "club-2", 1_200, T0.plusSeconds(6 * 3600 + 1800)).build(),
                payment(ORG, NotificationKind.PAY, 1009, "cust-1", CLUB, 500, "USD", T0.plusSeconds(8 * 3600))
                        .setStatus("Completed").build());
    }

    private static PaymentEvent.Builder pay(final long transactionId, final String clubId, final long amountMinor,
                                            final Instant occurredAt) {
        return payment(ORG, NotificationKind.PAY, transactionId, "cust-1", clubId, amountMinor, "RUB", occurredAt)
                .setStatus("Completed");
    }
}

package ledger.report;

import static ledger.report.TestKit.ADMIN_TOKEN;
import static ledger.report.TestKit.FINANCE_TOKEN;
import static ledger.report.TestKit.card;
import static ledger.report.TestKit.fee;
import static ledger.report.TestKit.payment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import ledger.events.NotificationKind;
import ledger.events.OrgMode;
import ledger.events.PaymentEvent;
import ledger.report.TestKit.Reply;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * A finance shift told through the real service: Cyrillic customers, a two-stage payment, a refund, a declined
 * attempt, a test-mode top-up, a USD top-up, customer ids that try HTML and formula injection, a payout to a card,
 * a test-mode payment after the organization went live, and one payment that arrives after the shift closed. Shared
 * by the export and page tests, which assert on the numbers below.
 *
 * <p>The shift runs 08:00-14:00 UTC three days ago; payments fall into the hours 08, 09, 10, 11 and 12.
 */
public final class FinanceShift {

    public static final String CLUB = "club-7";
    public static final String SHIFT = "shift-fin";
    public static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(3);
    public static final Instant T0 = DAY.atStartOfDay(ZoneOffset.UTC).plusHours(8).toInstant();
    public static final Instant CLOSED_AT = T0.plusSeconds(6 * 3600);

    public static final String IVAN = "Иван Петров";
    public static final String CLIENT_42 = "клиент-42";
    public static final String OLGA = "Ольга Смирнова";
    public static final String SCRIPT = "<script>alert('x')</script>Мария";
    public static final String FORMULA = "=1+2;\"q\"";
    public static final String TESTER = "Тестовый клиент";
    public static final String LATE = "Поздний Платёж";
    public static final String PAYEE = "Сергей (выплата)";
    public static final String TEST_CARD = "Тест после запуска";

    /** Lines of the payment list, and hours (UTC) that have payments. */
    public static final int LINES = 10;
    public static final List<Integer> HOURS_WITH_PAYMENTS = List.of(8, 9, 10, 11, 12);

    private FinanceShift() {
    }

    /** Opens the shift, publishes its payments, closes it, sends the late one; returns once the report shows all. */
    public static void tell(final int port, final Topics topics, final String org) {
        final Reply opened = TestKit.post(port, "/orgs/" + org + "/clubs/" + CLUB + "/shifts/open", ADMIN_TOKEN,
                "{\"shiftId\":\"" + SHIFT + "\",\"openedAt\":\"" + T0 + "\",\"actor\":\"Анна\"}");
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        try (KafkaProducer<String, PaymentEvent> producer = TestKit.paymentProducer(topics)) {
            for (final PaymentEvent event : duringTheShift(org)) {
                TestKit.publish(producer, topics, event);
            }
            awaitLines(port, org, LINES - 1);
            final Reply closed = TestKit.post(port, "/orgs/" + org + "/clubs/" + CLUB + "/shifts/" + SHIFT + "/close",
                    ADMIN_TOKEN, "{\"closedAt\":\"" + CLOSED_AT + "\",\"actor\":\"Анна\"}");
            assertThat(closed.status()).as(closed.body()).isEqualTo(200);
            TestKit.publish(producer, topics, pay(org, 1007, LATE, 5_000, at(4, 30)).build());
            awaitLines(port, org, LINES);
        }
    }

    public static String page(final String org) {
        return "/orgs/" + org + "/shifts/" + SHIFT;
    }

    private static void awaitLines(final int port, final String org, final int lines) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            final Reply reply = TestKit.get(port, page(org) + "/report", FINANCE_TOKEN);
            return reply.status() == 200 && reply.json().get("payments").size() == lines;
        });
    }

    private static List<PaymentEvent> duringTheShift(final String org) {
        return List.of(
                pay(org, 1001, IVAN, 150_000, at(0, 15)).setCard(card("220220", "1234")).setFees(fee(3_900)).build(),
                pay(org, 1002, CLIENT_42, 25_050, at(0, 40)).setCard(card("411111", "1111")).build(),
                pay(org, 1003, OLGA, 70_000, at(1, 10)).setStatus("Authorized").setFees(fee(1_820)).build(),
                payment(org, NotificationKind.CONFIRM, 1003, OLGA, CLUB, 70_000, "RUB", at(1, 12)).setStatus("Completed").build(),
                payment(org, NotificationKind.REFUND, 2001, IVAN, null, 10_000, null, at(2, 5))
                        .setPaymentTransactionId(1001L).setTestMode(null).build(),
                payment(org, NotificationKind.FAIL, 1004, SCRIPT, CLUB, 30_000, "RUB", at(2, 30))
                        .setStatus("Declined").setReason("InsufficientFunds").setReasonCode(5051).build(),
                pay(org, 1005, TESTER, 99_900, at(3, 20)).setTestMode(true).build(),
                payment(org, NotificationKind.PAY, 1006, FORMULA, CLUB, 1_000, "USD", at(3, 45)).setStatus("Completed").build(),
                // The organization went live at 11:30: a test card now moves nothing.
                pay(org, 1009, TEST_CARD, 5_000, at(3, 50)).setTestMode(true).setOperationType("Payment")
                        .setOrgMode(OrgMode.LIVE).build(),
                // Money paid out to a card: never a top-up, never in net.
                pay(org, 1008, PAYEE, 20_000, at(4, 10)).setCard(card("220220", "5678")).setOperationType("CardPayout")
                        .setOrgMode(OrgMode.LIVE).build());
    }

    private static PaymentEvent.Builder pay(final String org, final long transactionId, final String customer,
                                            final long amountMinor, final Instant occurredAt) {
        return payment(org, NotificationKind.PAY, transactionId, customer, CLUB, amountMinor, "RUB", occurredAt)
                .setStatus("Completed");
    }

    private static Instant at(final int hours, final int minutes) {
        return T0.plusSeconds(hours * 3600L + minutes * 60L);
    }
}

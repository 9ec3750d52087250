package ledger.launcher;

import static ledger.events.NotificationKind.CANCEL;
import static ledger.events.NotificationKind.CHECK;
import static ledger.events.NotificationKind.CONFIRM;
import static ledger.events.NotificationKind.FAIL;
import static ledger.events.NotificationKind.PAY;
import static ledger.events.NotificationKind.RECURRENT;
import static ledger.events.NotificationKind.REFUND;
import static ledger.launcher.CloudPaymentsBodies.AUTHORIZED;
import static ledger.launcher.CloudPaymentsBodies.COMPLETED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ledger.embedded.SharedInfrastructure;
import ledger.events.BalanceEvent;
import ledger.events.DeadLetter;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.launcher.CloudPaymentsBodies.Body;
import ledger.launcher.CloudPaymentsBodies.Card;
import ledger.launcher.CloudPaymentsBodies.Payment;
import ledger.schemas.serde.AvroSerdes;
import ledger.schemas.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acceptance test of the payment lifecycle, over HTTP on the whole embedded stack: <b>every notification type
 * re-posted to every other type's URL, for every lifecycle state, credits nothing CloudPayments did not complete.</b>
 *
 * <p>CloudPayments signs the body, not the URL (PROTOCOL.md §1, §4.1), so whoever saw one correctly signed body can
 * post it to the URL of another type and the signature still holds. For each state a transaction can be in (only a
 * Check, approved one-stage or two-stage; a Check the gateway declined; failed; one-stage completed; two-stage
 * authorized, confirmed in part, or cancelled; completed and partly refunded), the test delivers what CloudPayments
 * sends for it, as real signed form bodies, then posts every body of that transaction to every other type's URL; a
 * few of them go before the genuine notification they could pre-empt. Each state has its own customer, whose live
 * balance must end exactly at what CloudPayments took, and every re-post must be either refused by the gateway or
 * flagged by the ledger on the dead-letter topic, never applied in silence. The organization's mode is tested too: a
 * payout credits nothing; test money is test money; once LIVE, a test card is declined at its Check and its Pay
 * credits nothing, while a live card credits the live balance.
 *
 * <p>One stack for the class. Everything is delivered in bulk and the test waits once, on a condition that does not
 * depend on timing: the ledger has decided as many notifications as the gateway accepted, and every balance change
 * and dead letter it counted is on its topic. (The Checks go first, and are waited for: the gateway records a Check
 * without waiting for Kafka, so a Pay posted right after its Check could otherwise overtake it.)
 */
class RepostedNotificationsTest {

    private static final Logger log = LoggerFactory.getLogger(RepostedNotificationsTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The organization whose transactions go through every lifecycle state: LIVE, paid with live cards. */
    private static final String ORG = "matrix-org";
    private static final String ORG_SECRET = "matrix-api-secret-0123456789";
    /** The organization switched from TEST to LIVE halfway, paid with test and live cards. */
    private static final String MODE_ORG = "mode-org";
    private static final String MODE_ORG_SECRET = "mode-api-secret-0123456789";
    private static final long MAX_TOP_UP_MINOR = 5_000_00;
    /** Every webhook URL. The gateway takes a notification's type from its URL, which nobody signs. */
    private static final List<NotificationKind> URLS = List.of(CHECK, PAY, FAIL, CONFIRM, CANCEL, REFUND, RECURRENT);
    private static final Set<String> FLAGGED = Set.of("CONFLICT", "INVALID");

    private static FakeCloudPaymentsApi cloudPayments;
    private static EmbeddedStack stack;
    private static Topics topics;
    private static TopicReader<DeadLetter> deadLetters;
    private static TopicReader<BalanceEvent> balanceEvents;

    private static final List<Lifecycle> lifecycles = new ArrayList<>();
    /** Every delivery made, in order, with the gateway's answer. */
    private static final List<Post> posts = new ArrayList<>();
    private static Post testMoneyCheck;
    private static Post testMoneyPay;
    private static Post testCardCheckWhileLive;
    private static Post testCardPayWhileLive;
    private static Post liveCardPayWhileLive;
    private static Post payout;

    @BeforeAll
    static void deliverEverythingAndWaitOnce() throws Exception {
        final long started = System.nanoTime();
        cloudPayments = new FakeCloudPaymentsApi();
        stack = EmbeddedStack.start(SharedInfrastructure.tempDir("reposts"), EmbeddedStack.Ports.anyFree(),
                Map.of("CLOUDPAYMENTS_API_URL", cloudPayments.url()));
        topics = Topics.create("", Map.of(AvroSerdes.SCHEMA_REGISTRY_URL, stack.registryUrl()));
        deadLetters = new TopicReader<>(stack, topics.deadLetters().name(), topics.deadLetters().valueSerde().deserializer());
        balanceEvents = new TopicReader<>(stack, topics.balanceEvents().name(), topics.balanceEvents().valueSerde().deserializer());
        connect(ORG, "pk_matrix000000000000000000000000", ORG_SECRET, "LIVE");
        connect(MODE_ORG, "pk_mode00000000000000000000000000", MODE_ORG_SECRET, "TEST");
        final long stackReady = System.nanoTime();

        final Instant t0 = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        final CloudPaymentsBodies live = new CloudPaymentsBodies(ORG_SECRET, "club-1");
        final CloudPaymentsBodies modeOrg = new CloudPaymentsBodies(MODE_ORG_SECRET, "club-1");
        lifecycles.addAll(Lifecycle.all(live, t0));
        final Payment testMoney = new Payment(7_200_000_100L, "test-money", Card.TEST);
        final Body testMoneyCheckBody = modeOrg.check(testMoney, 120_00, COMPLETED, t0.plusSeconds(1));

        // 1. The Checks, which the gateway records without waiting for Kafka: all in the ledger before anything after them.
        for (final Lifecycle lifecycle : lifecycles) {
            lifecycle.checks().forEach(step -> posts.add(post(ORG, step, Role.GENUINE, lifecycle)));
        }
        testMoneyCheck = add(post(MODE_ORG, new Step(testMoneyCheckBody, CHECK), Role.GENUINE, null));
        awaitDecided(publishedToLedger());

        // 2. The mode scenario: test money while TEST; then LIVE, where a test card's Check is declined and its Pay
        //    credits nothing, and a live card is live money. And a payout, which never credits.
        testMoneyPay = add(post(MODE_ORG, new Step(modeOrg.pay(testMoney, 120_00, COMPLETED, "Payment", t0.plusSeconds(5)), PAY), Role.GENUINE, null));
        setMode(MODE_ORG, "LIVE");
        testCardCheckWhileLive = add(post(MODE_ORG, new Step(modeOrg.check(new Payment(7_200_000_200L, "test-card-while-live", Card.TEST),
                110_00, COMPLETED, t0.plusSeconds(20)), CHECK), Role.GENUINE, null));
        testCardPayWhileLive = add(post(MODE_ORG, new Step(modeOrg.pay(new Payment(7_200_000_300L, "test-card-while-live", Card.TEST),
                110_00, COMPLETED, "Payment", t0.plusSeconds(25)), PAY), Role.GENUINE, null));
        liveCardPayWhileLive = add(post(MODE_ORG, new Step(modeOrg.pay(new Payment(7_200_000_400L, "live-money", Card.LIVE),
                130_00, COMPLETED, "Payment", t0.plusSeconds(30)), PAY), Role.GENUINE, null));
        payout = add(post(ORG, new Step(live.pay(new Payment(7_100_009_900L, "payout", Card.LIVE), 250_00, COMPLETED, "CardPayout",
                t0.plusSeconds(35)), PAY), Role.GENUINE, null));

        // 3. Every lifecycle: what CloudPayments sent after the Check, with the early re-posts in between.
        for (final Lifecycle lifecycle : lifecycles) {
            for (final Step step : lifecycle.afterChecks()) {
                posts.add(post(ORG, step, step.early() ? Role.EARLY_REPOST : Role.GENUINE, lifecycle));
            }
        }
        // 4. Every body of every lifecycle to every other type's URL (those not re-posted early already).
        for (final Lifecycle lifecycle : lifecycles) {
            for (final Step repost : lifecycle.lateReposts()) {
                posts.add(post(ORG, repost, Role.REPOST, lifecycle));
            }
        }
        final long delivered = System.nanoTime();

        awaitDecided(publishedToLedger());
        final long decided = System.nanoTime();
        log.info("{} deliveries ({} re-posts) to the gateway in {} ms; the ledger decided all {} it was given {} ms later; "
                        + "stack and connections ready in {} ms; {} dead letters, {} balance events",
                posts.size(), posts.stream().filter(p -> p.role() != Role.GENUINE).count(), millis(stackReady, delivered), publishedToLedger(),
                millis(delivered, decided), millis(started, stackReady), deadLetters.records().size(), balanceEvents.records().size());
        log.info("the matrix, as the gateway answered and the ledger decided:\n{}", matrixTable());
    }

    @AfterAll
    static void stop() {
        if (deadLetters != null) {
            deadLetters.close();
        }
        if (balanceEvents != null) {
            balanceEvents.close();
        }
        if (stack != null) {
            stack.close();
        }
        if (cloudPayments != null) {
            cloudPayments.close();
        }
    }

    /**
     * The matrix: for every lifecycle state, every body of the transaction posted to every other type's URL. The
     * gateway refuses what cannot be a notification of the URL's type at all, and declines at the Check URL any body
     * that is not a Check; whatever it accepts, the ledger flags (CONFLICT or INVALID) instead of applying.
     */
    @TestFactory
    Stream<DynamicContainer> everyBodyRepostedToAnotherTypesUrlIsRefusedOrFlagged() {
        return lifecycles.stream().map(lifecycle -> DynamicContainer.dynamicContainer(lifecycle.state,
                posts.stream().filter(p -> p.lifecycle() == lifecycle && p.role() != Role.GENUINE).map(p ->
                        DynamicTest.dynamicTest(p.describe() + lifecycle.knownGap(p.step()).map(gap -> " [known gap: not flagged]").orElse(""), () -> {
                            assertRepostAnsweredAsItsBodyAllows(p);
                            if (!p.publishedToLedger()) {
                                return;
                            }
                            if (lifecycle.knownGap(p.step()).isPresent()) {
                                // Credits nothing (the state's balance says so), but is not flagged either; see Lifecycle.knownGap.
                                assertThat(FLAGGED).as("dead letters of %s (state: %s)", p.describe(), lifecycle.state).containsAll(reasonsFor(p));
                                return;
                            }
                            assertThat(reasonsFor(p)).as("dead letters of %s (state: %s); the ledger must flag what the gateway let through",
                                    p.describe(), lifecycle.state).containsAnyElementsOf(FLAGGED);
                        }))));
    }

    /**
     * Each state's customer ends with exactly what CloudPayments took (captured minus refunded), in live money, and
     * every genuine notification was answered as CloudPayments expects and applied, not flagged.
     */
    @TestFactory
    Stream<DynamicTest> eachCustomerHoldsExactlyWhatCloudPaymentsTook() {
        return lifecycles.stream().map(lifecycle -> DynamicTest.dynamicTest(lifecycle.state + ": " + CloudPaymentsBodies.amount(lifecycle.takenMinor) + " RUB", () -> {
            for (final Post genuine : posts.stream().filter(p -> p.lifecycle() == lifecycle && p.role() == Role.GENUINE).toList()) {
                assertThat(genuine.code()).as("the gateway's answer to the genuine %s", genuine.describe())
                        .isEqualTo(genuine.url() == CHECK ? lifecycle.checkCode : 0);
                assertThat(reasonsFor(genuine)).as("dead letters of the genuine %s", genuine.describe()).isEmpty();
            }
            final Balances balances = balances(ORG, lifecycle.payment.accountId());
            assertThat(balances.liveRubMinor()).as("live balance of %s (%s)", lifecycle.payment.accountId(), lifecycle.state).isEqualTo(lifecycle.takenMinor);
            assertThat(balances.testRubMinor()).as("test balance of %s (%s)", lifecycle.payment.accountId(), lifecycle.state).isZero();
        }));
    }

    /** Nothing but the money CloudPayments moved reaches the balance events: no credit, and no credit undone by a debit. */
    @Test
    void theBalanceEventsAreExactlyTheMoneyCloudPaymentsMoved() {
        final List<String> expected = new ArrayList<>();
        for (final Lifecycle lifecycle : lifecycles) {
            lifecycle.postings.forEach(posting -> expected.add(ORG + "/" + lifecycle.payment.accountId() + " " + posting + " live"));
        }
        expected.add(MODE_ORG + "/test-money PAY +12000 test");
        expected.add(MODE_ORG + "/live-money PAY +13000 live");
        final List<String> seen = balanceEvents.records().stream()
                .map(e -> e.getOrgId() + "/" + e.getCustomerId() + " " + e.getSourceKind() + " " + (e.getAmountMinor() > 0 ? "+" : "") + e.getAmountMinor()
                        + (e.getTestMode() ? " test" : " live"))
                .toList();
        assertThat(seen).containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * The gateway's answers to bodies posted where they do not belong. At the Check URL no body of another type is
     * answered 0 (which would let CloudPayments charge the card); the other URLs answer 0 only what they publish.
     */
    @Test
    void theGatewayNeverApprovesAnotherTypesBodyAtTheCheckUrl() {
        final Map<String, Long> answers = posts.stream().filter(p -> p.role() != Role.GENUINE)
                .collect(Collectors.groupingBy(p -> "/" + p.url().name().toLowerCase(Locale.ROOT) + " HTTP " + p.status() + " code " + p.code()
                        + (p.publishedToLedger() ? " (to the ledger)" : p.url() == RECURRENT && p.status() == 200 ? " (Recurrent)" : " (refused)"),
                        TreeMap::new, Collectors.counting()));
        log.info("the gateway's answers to re-posted bodies:\n{}", answers.entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "  %-48s %3d", e.getKey(), e.getValue())).collect(Collectors.joining("\n")));
        final List<Post> atCheck = posts.stream().filter(p -> p.role() != Role.GENUINE && p.url() == CHECK).toList();
        assertThat(atCheck).as("bodies of other types re-posted to the Check URL").isNotEmpty()
                .allSatisfy(p -> assertThat(p.code()).as("answer to %s", p.describe()).isNotEqualTo(0));
    }

    /** A payout to a card (OperationType=CardPayout) is answered 0, so CloudPayments stops, and credits nothing. */
    @Test
    void aCardPayoutCreditsNothing() throws Exception {
        assertThat(payout.code()).isZero();
        assertThat(reasonsFor(payout)).containsExactly("PAYOUT");
        assertThat(balances(ORG, "payout").exists()).as("a balance for the payout's customer").isFalse();
    }

    /** In TEST mode a test card's payment is test money: in testBalances, never in balances. */
    @Test
    void inTestModeATestCardIsTestMoneyOnly() throws Exception {
        assertThat(testMoneyCheck.code()).isZero();
        assertThat(testMoneyPay.code()).isZero();
        final Balances balances = balances(MODE_ORG, "test-money");
        assertThat(balances.testRubMinor()).isEqualTo(120_00);
        assertThat(balances.raw().path("balances")).as("live balances").isEmpty();
    }

    /**
     * Once the organization is LIVE, a test card's Check is declined (13); its Pay, should CloudPayments send one, is
     * answered 0 (refusing only makes CloudPayments repeat it) and credits nothing; a live card is live money.
     */
    @Test
    void onceLiveATestCardIsDeclinedAndCreditsNothingWhileALiveCardIsLiveMoney() throws Exception {
        assertThat(testCardCheckWhileLive.code()).isEqualTo(13);
        assertThat(testCardPayWhileLive.code()).isZero();
        assertThat(reasonsFor(testCardPayWhileLive)).containsExactly("TEST_IN_LIVE");
        assertThat(balances(MODE_ORG, "test-card-while-live").exists()).as("a balance for the test card's customer").isFalse();

        assertThat(liveCardPayWhileLive.code()).isZero();
        assertThat(reasonsFor(liveCardPayWhileLive)).isEmpty();
        final Balances live = balances(MODE_ORG, "live-money");
        assertThat(live.liveRubMinor()).isEqualTo(130_00);
        assertThat(live.raw().path("testBalances")).as("test balances").isEmpty();
    }

    // ---- what the gateway is expected to take ----

    /**
     * Whether the gateway can read {@code body} as a notification of {@code url}'s type at all: card operations (Check,
     * Pay, Fail, Confirm) need a Currency and TestMode, which Cancel and Refund bodies lack; a Refund needs the
     * PaymentTransactionId only a Refund body has; a Cancel only a TransactionId, an Amount and a DateTime, which every
     * body has; a Recurrent a subscription Id, which no payment body has.
     */
    private static boolean gatewayCanRead(final Body body, final NotificationKind url) {
        return switch (url) {
            case CHECK, PAY, FAIL, CONFIRM -> body.has("Currency") && body.has("TestMode");
            case CANCEL -> true;
            case REFUND -> body.has("PaymentTransactionId");
            case RECURRENT -> false;
        };
    }

    private static void assertRepostAnsweredAsItsBodyAllows(final Post p) {
        final boolean readable = gatewayCanRead(p.step().body(), p.url());
        if (p.url() == CHECK) {
            // A Check is always answered 200 with a code; a body of another type must never be answered 0.
            assertThat(p.status()).as("HTTP status of %s", p.describe()).isEqualTo(200);
            assertThat(p.code()).as("code answered to %s", p.describe()).isNotEqualTo(0);
            assertThat(p.publishedToLedger()).as("whether %s was recorded for the ledger", p.describe()).isEqualTo(readable);
        } else if (readable) {
            assertThat(p.status()).as("HTTP status of %s", p.describe()).isEqualTo(200);
            assertThat(p.code()).as("code answered to %s", p.describe()).isZero();
        } else {
            assertThat(p.status()).as("HTTP status of %s (a body the URL's type cannot be read from)", p.describe()).isEqualTo(400);
        }
    }

    // ---- the lifecycle states ----

    /** Who made a delivery: CloudPayments itself, or someone re-posting a captured body to another type's URL. */
    enum Role { GENUINE, EARLY_REPOST, REPOST }

    /** A body delivered to a URL; {@code early} for a re-post made before the genuine notification it could pre-empt. */
    record Step(Body body, NotificationKind url, boolean early) {
        Step(final Body body, final NotificationKind url) {
            this(body, url, false);
        }
    }

    /**
     * One transaction taken to one lifecycle state by what CloudPayments sent for it, paid by a customer of its own,
     * and what CloudPayments took for it.
     */
    static final class Lifecycle {
        private static final long FIRST_TRANSACTION_ID = 7_100_000_000L;

        final String state;
        final Payment payment;
        final int checkCode;
        final long takenMinor;
        /** The balance changes CloudPayments' notifications make, as {@code KIND +amount}. */
        final List<String> postings;
        private final List<Step> steps = new ArrayList<>();
        private final List<Body> genuine = new ArrayList<>();
        private final Map<Step, String> knownGaps = new HashMap<>();

        private Lifecycle(final String state, final int number, final String customer, final int checkCode, final long takenMinor,
                          final List<String> postings) {
            this.state = state;
            this.payment = new Payment(FIRST_TRANSACTION_ID + number * 100L, customer, Card.LIVE);
            this.checkCode = checkCode;
            this.takenMinor = takenMinor;
            this.postings = postings;
        }

        /** Every state, each with its own TransactionId and customer, five minutes apart from t0 on. */
        static List<Lifecycle> all(final CloudPaymentsBodies cp, final Instant t0) {
            final List<Lifecycle> all = new ArrayList<>();
            Lifecycle s;

            s = new Lifecycle("only a Check, approved (one-stage)", 1, "checked-one-stage", 0, 0, List.of());
            final Body approvedCheck = s.genuine(cp.check(s.payment, 150_00, COMPLETED, s.at(t0, 0)));
            s.knownGap(approvedCheck, CONFIRM, "a one-stage Check's body is a well-formed Confirm (Completed, no other type's field);"
                    + " the ledger holds it for an authorization that never comes: never credited, never flagged");
            all.add(s);

            s = new Lifecycle("only a Check, approved (two-stage)", 2, "checked-two-stage", 0, 0, List.of());
            s.genuine(cp.check(s.payment, 160_00, AUTHORIZED, s.at(t0, 0)));
            all.add(s);

            s = new Lifecycle("a Check declined by the gateway (amount above the organization's limit: 12)", 3, "check-declined", 12, 0, List.of());
            s.genuine(cp.check(s.payment, MAX_TOP_UP_MINOR + 4_000_00, COMPLETED, s.at(t0, 0)));
            all.add(s);

            s = new Lifecycle("failed (Check, Fail)", 4, "failed", 0, 0, List.of());
            final Body failedCheck = s.genuine(cp.check(s.payment, 200_00, COMPLETED, s.at(t0, 0)));
            s.early(failedCheck, PAY);
            s.early(failedCheck, FAIL);
            s.genuine(cp.fail(s.payment, 200_00, s.at(t0, 5)));
            all.add(s);

            s = new Lifecycle("one-stage completed (Check, Pay Completed)", 5, "one-stage", 0, 300_00, List.of("PAY +30000"));
            final Body oneStageCheck = s.genuine(cp.check(s.payment, 300_00, COMPLETED, s.at(t0, 0)));
            s.early(oneStageCheck, PAY);
            s.early(oneStageCheck, CONFIRM);
            final Body oneStagePay = s.genuine(cp.pay(s.payment, 300_00, COMPLETED, "Payment", s.at(t0, 5)));
            s.knownGap(oneStagePay, CONFIRM, "the Check's body posted to /confirm before the Pay was held, then flagged when the Pay"
                    + " credited, and is still remembered; this body has its fingerprint (same amount, Completed), so the ledger takes it"
                    + " for a redelivery of that dropped Confirm: a silent duplicate, never credited");
            all.add(s);

            s = new Lifecycle("two-stage authorized (Check, Pay Authorized)", 6, "authorized", 0, 0, List.of());
            final Body authorizedCheck = s.genuine(cp.check(s.payment, 400_00, AUTHORIZED, s.at(t0, 0)));
            s.early(authorizedCheck, CONFIRM);
            s.genuine(cp.pay(s.payment, 400_00, AUTHORIZED, "Payment", s.at(t0, 5)));
            all.add(s);

            s = new Lifecycle("two-stage confirmed in part (Check, Pay Authorized 500, Confirm 350)", 7, "captured", 0, 350_00, List.of("CONFIRM +35000"));
            s.genuine(cp.check(s.payment, 500_00, AUTHORIZED, s.at(t0, 0)));
            final Body authorization = s.genuine(cp.pay(s.payment, 500_00, AUTHORIZED, "Payment", s.at(t0, 5)));
            s.early(authorization, CONFIRM);
            s.genuine(cp.confirm(s.payment, 350_00, s.at(t0, 60)));
            all.add(s);

            s = new Lifecycle("two-stage cancelled (Check, Pay Authorized, Cancel)", 8, "cancelled", 0, 0, List.of());
            s.genuine(cp.check(s.payment, 600_00, AUTHORIZED, s.at(t0, 0)));
            final Body cancelledAuthorization = cp.pay(s.payment, 600_00, AUTHORIZED, "Payment", s.at(t0, 5));
            s.early(cancelledAuthorization, CANCEL);
            s.genuine(cancelledAuthorization);
            s.genuine(cp.cancel(s.payment, 600_00, s.at(t0, 60)));
            all.add(s);

            s = new Lifecycle("completed and partly refunded (Check, Pay Completed 700, Refund 250)", 9, "refunded", 0, 450_00,
                    List.of("PAY +70000", "REFUND -25000"));
            final Body refundedCheck = s.genuine(cp.check(s.payment, 700_00, COMPLETED, s.at(t0, 0)));
            s.early(refundedCheck, PAY);
            s.genuine(cp.pay(s.payment, 700_00, COMPLETED, "Payment", s.at(t0, 5)));
            final Body refund = cp.refund(s.payment, s.payment.transactionId() + 1, 250_00, s.at(t0, 120));
            s.early(refund, CANCEL);
            s.genuine(refund);
            all.add(s);
            return all;
        }

        private Instant at(final Instant t0, final int seconds) {
            return t0.plus(Duration.ofMinutes(5L * (payment.transactionId() - FIRST_TRANSACTION_ID) / 100)).plusSeconds(seconds);
        }

        private Body genuine(final Body body) {
            genuine.add(body);
            steps.add(new Step(body, body.kind()));
            return body;
        }

        private void early(final Body body, final NotificationKind url) {
            steps.add(new Step(body, url, true));
        }

        /**
         * A re-post the ledger lets through without a dead letter, though it credits nothing: found by this test,
         * reported, not yet fixed. The test still holds it to crediting nothing and to no dead letter of another reason.
         */
        private void knownGap(final Body body, final NotificationKind url, final String why) {
            knownGaps.put(new Step(body, url), why);
        }

        Optional<String> knownGap(final Step step) {
            return Optional.ofNullable(knownGaps.get(new Step(step.body(), step.url())));
        }

        List<Step> checks() {
            return steps.stream().filter(s -> !s.early() && s.url() == CHECK).toList();
        }

        List<Step> afterChecks() {
            return steps.stream().filter(s -> s.early() || s.url() != CHECK).toList();
        }

        /** Every genuine body to every URL but its own, except where it was re-posted early. */
        List<Step> lateReposts() {
            final List<Step> reposts = new ArrayList<>();
            for (final Body body : genuine) {
                for (final NotificationKind url : URLS) {
                    final boolean postedEarly = steps.stream().anyMatch(s -> s.early() && s.body() == body && s.url() == url);
                    if (url != body.kind() && !postedEarly) {
                        reposts.add(new Step(body, url));
                    }
                }
            }
            return reposts;
        }
    }

    // ---- deliveries ----

    /** One delivery and the gateway's answer. */
    record Post(String orgId, Step step, Role role, Lifecycle lifecycle, int status, JsonNode answer) {

        NotificationKind url() {
            return step.url();
        }

        /** The code answered, or -1 when the answer has none. */
        int code() {
            return answer.path("code").asInt(-1);
        }

        /**
         * Whether the gateway recorded the notification on the payments topic for the ledger: at the Check URL, a
         * Check answered with a decision (not an error); elsewhere, {@code {"code":0}}. Recurrent never reaches the
         * ledger's payment rule.
         */
        boolean publishedToLedger() {
            if (url() == RECURRENT || status != 200) {
                return false;
            }
            return url() == CHECK ? !answer.has("error") : code() == 0;
        }

        String describe() {
            final String what = step.body().name() + " body to /" + url().name().toLowerCase(Locale.ROOT);
            return role == Role.EARLY_REPOST ? what + " (before the genuine notification)" : what;
        }
    }

    private static Post post(final String orgId, final Step step, final Role role, final Lifecycle lifecycle) {
        try {
            final HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/cloudpayments/" + orgId + "/"
                            + step.url().name().toLowerCase(Locale.ROOT)))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Content-HMAC", step.body().contentHmac())
                    .POST(HttpRequest.BodyPublishers.ofString(step.body().form())).build(), HttpResponse.BodyHandlers.ofString());
            return new Post(orgId, step, role, lifecycle, reply.statusCode(), JSON.readTree(reply.body()));
        } catch (final IOException e) {
            throw new IllegalStateException("cannot deliver " + step + " to the gateway", e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Post add(final Post post) {
        posts.add(post);
        return post;
    }

    private static long publishedToLedger() {
        return posts.stream().filter(Post::publishedToLedger).count();
    }

    private static void connect(final String orgId, final String publicId, final String apiSecret, final String mode) throws Exception {
        cloudPayments.accept(publicId, apiSecret);
        final JsonNode integration = admin("PUT", "/organizations/" + orgId + "/integrations/cloudpayments",
                "{\"publicId\":\"" + publicId + "\",\"apiSecret\":\"" + apiSecret + "\",\"currency\":\"RUB\",\"minTopUp\":\"10.00\","
                        + "\"maxTopUp\":\"" + CloudPaymentsBodies.amount(MAX_TOP_UP_MINOR) + "\",\"mode\":\"" + mode + "\"}");
        assertThat(integration.path("status").asText()).as("%s verified with (fake) CloudPayments", orgId).isEqualTo("CONNECTED");
        assertThat(integration.path("mode").asText()).isEqualTo(mode);
    }

    private static void setMode(final String orgId, final String mode) throws Exception {
        assertThat(admin("PUT", "/organizations/" + orgId + "/integrations/cloudpayments/mode", "{\"mode\":\"" + mode + "\"}")
                .path("mode").asText()).isEqualTo(mode);
    }

    private static JsonNode admin(final String method, final String path, final String json) throws Exception {
        final HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + stack.env().get("ADMIN_TOKEN"))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as("%s %s: %s", method, path, reply.body()).isEqualTo(200);
        return JSON.readTree(reply.body());
    }

    // ---- what the ledger did ----

    /**
     * Waits until the ledger has decided at least {@code published} notifications and every balance change and dead
     * letter it counted is readable (committed) on its topic. Only this class uses the stack, so the ledger's counters
     * count exactly its deliveries.
     */
    private static void awaitDecided(final long published) {
        await("the ledger decides all " + published + " notifications the gateway recorded, and commits what it decided")
                .atMost(Duration.ofMinutes(3)).pollInSameThread().pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    deadLetters.poll();
                    balanceEvents.poll();
                    final LedgerCounts counted = LedgerCounts.scrape();
                    return counted.decisions() >= published
                            && balanceEvents.records().size() >= counted.postings()
                            && deadLetters.records().stream().filter(d -> "ledger-service".equals(d.getService())).count() >= counted.deadLetters();
                });
    }

    /** The ledger's counters from its /metrics: decisions, balance changes and dead letters, over every outcome and mode. */
    record LedgerCounts(long decisions, long postings, long deadLetters) {
        static LedgerCounts scrape() throws IOException, InterruptedException {
            final String text = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ledgerUrl() + "/metrics")).timeout(Duration.ofSeconds(10))
                            .header("Authorization", "Bearer " + stack.env().get("ADMIN_TOKEN")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return new LedgerCounts(sum(text, "ledger_decisions_total{"), sum(text, "ledger_postings_total{"), sum(text, "ledger_dead_letters_total{"));
        }

        private static long sum(final String metrics, final String prefix) {
            return Math.round(metrics.lines().filter(line -> line.startsWith(prefix))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum());
        }
    }

    /**
     * The reasons of the ledger's dead letters for the notification {@code p} delivered: its organization, the URL's
     * type, the body's TransactionId and DateTime (each body of a transaction has its own time).
     */
    private static List<String> reasonsFor(final Post p) {
        final Deserializer<PaymentEvent> events = topics.payments().valueSerde().deserializer();
        final List<String> reasons = new ArrayList<>();
        for (final DeadLetter letter : deadLetters.records()) {
            if (!"ledger-service".equals(letter.getService()) || letter.getValue() == null) {
                continue;
            }
            final PaymentEvent e = events.deserialize(topics.payments().name(), bytes(letter.getValue()));
            if (e.getOrgId().equals(p.orgId()) && e.getKind() == p.url() && e.getTransactionId() == p.step().body().transactionId()
                    && e.getOccurredAt().equals(p.step().body().dateTime())) {
                reasons.add(letter.getReason());
            }
        }
        return reasons;
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final ByteBuffer copy = buffer.duplicate();
        final byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    /** A customer's balances as the ledger's HTTP API shows them; none when it answers 404 (never posted to). */
    record Balances(boolean exists, JsonNode raw) {
        long liveRubMinor() {
            return rub(raw.path("balances"));
        }

        long testRubMinor() {
            return rub(raw.path("testBalances"));
        }

        private static long rub(final JsonNode amounts) {
            for (final JsonNode amount : amounts) {
                if ("RUB".equals(amount.path("currency").asText())) {
                    return amount.path("balanceMinor").asLong();
                }
            }
            return 0;
        }
    }

    private static Balances balances(final String orgId, final String customerId) throws IOException, InterruptedException {
        final HttpResponse<String> reply = HTTP.send(HttpRequest.newBuilder(URI.create(stack.ledgerUrl() + "/orgs/" + orgId + "/balances/" + customerId))
                .header("Authorization", "Bearer " + stack.env().get("ADMIN_TOKEN"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as("GET /orgs/%s/balances/%s: %s", orgId, customerId, reply.body()).isIn(200, 404);
        return new Balances(reply.statusCode() == 200, reply.statusCode() == 200 ? JSON.readTree(reply.body()) : JSON.createObjectNode());
    }

    /** For the log: each state's re-posts with the gateway's answer and the ledger's dead-letter reasons. */
    private static String matrixTable() {
        final StringBuilder table = new StringBuilder();
        for (final Lifecycle lifecycle : lifecycles) {
            table.append("  ").append(lifecycle.state).append('\n');
            for (final Post p : posts.stream().filter(p -> p.lifecycle() == lifecycle).toList()) {
                table.append(String.format(Locale.ROOT, "    %-8s %-58s HTTP %d code %-3s %s%n", p.role() == Role.GENUINE ? "genuine" : "re-post",
                        p.role() == Role.GENUINE ? p.step().body().name() + " to its own URL" : p.describe(), p.status(), p.code(),
                        (p.publishedToLedger() ? "ledger: " + (reasonsFor(p).isEmpty() ? "no dead letter" : String.join(",", reasonsFor(p))) : "not recorded")
                                + (p.role() == Role.GENUINE ? "" : lifecycle.knownGap(p.step()).map(gap -> " -- known gap: " + gap).orElse(""))));
            }
        }
        return table.toString();
    }

    private static long millis(final long fromNanos, final long toNanos) {
        return Duration.ofNanos(toNanos - fromNanos).toMillis();
    }

    /** Reads a whole topic from the beginning (read_committed) and keeps what it read, polled only by the test thread. */
    static final class TopicReader<V> implements AutoCloseable {
        private final KafkaConsumer<String, V> consumer;
        private final List<V> records = new ArrayList<>();

        TopicReader(final EmbeddedStack stack, final String topic, final Deserializer<V> values) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.env().get("KAFKA_BOOTSTRAP_SERVERS"),
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                    new StringDeserializer(), values);
            final Collection<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        void poll() {
            for (final ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(100))) {
                records.add(r.value());
            }
        }

        List<V> records() {
            return records;
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}

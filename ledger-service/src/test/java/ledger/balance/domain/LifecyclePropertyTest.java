package ledger.balance.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ledger.events.CustomerBalances;
import ledger.events.NotificationKind;
import ledger.events.OrgMode;
import ledger.events.PaymentEvent;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The payment lifecycle against what CloudPayments really did. Each transaction gets a history CloudPayments could
 * have sent (approved or declined Check; one-stage Pay; Fail; two-stage authorization with a full or partial
 * capture, or a Cancel; a payout; a test payment before and after the organization went LIVE; refunds), and the
 * money CloudPayments took for it is known. The deliveries are shuffled, some are delivered again, and captured
 * bodies are re-posted to the URL of every other type (the URL is not signed, so an attacker can do that with any
 * body they saw). The ledger must end with exactly the money CloudPayments took, live and test apart, and never
 * more, whatever the order.
 */
class LifecyclePropertyTest {

    private static final String ORG = "org";
    private static final List<NotificationKind> PAYMENT_KINDS = List.of(NotificationKind.CHECK, NotificationKind.PAY,
            NotificationKind.FAIL, NotificationKind.CONFIRM, NotificationKind.CANCEL, NotificationKind.REFUND);

    @Property(tries = 400)
    void inAnyOrderWithRedeliveriesTheLedgerHoldsExactlyWhatCloudPaymentsTook(
            @ForAll @IntRange(min = 1, max = 8) final int transactions,
            @ForAll @LongRange(min = 0, max = 1_000_000) final long seed) {
        final Random random = new Random(seed);
        final Truth truth = new Truth();
        final List<PaymentEvent> sent = histories(random, transactions, truth);
        final List<PaymentEvent> deliveries = new ArrayList<>(sent);
        redeliverSome(random, sent, deliveries);
        Collections.shuffle(deliveries, random);
        assertThat(balances(deliveries)).isEqualTo(truth.balances());
    }

    @Property(tries = 400)
    void bodiesRepostedToAnyOtherTypeNeverCreditMoneyCloudPaymentsDidNotTake(
            @ForAll @IntRange(min = 1, max = 6) final int transactions,
            @ForAll @IntRange(min = 1, max = 12) final int reposts,
            @ForAll @LongRange(min = 0, max = 1_000_000) final long seed) {
        final Random random = new Random(seed);
        final Truth truth = new Truth();
        final List<PaymentEvent> sent = histories(random, transactions, truth);
        final List<PaymentEvent> deliveries = new ArrayList<>(sent);
        redeliverSome(random, sent, deliveries);
        boolean declinedRepost = false;
        for (int r = 0; r < reposts; r++) {
            final PaymentEvent captured = sent.get(random.nextInt(sent.size()));
            final NotificationKind target = PAYMENT_KINDS.get(random.nextInt(PAYMENT_KINDS.size()));
            if (target == captured.getKind()) {
                continue;
            }
            // The gateway answers a re-posted Check by its own rules; it may decline it.
            final Integer code = target != NotificationKind.CHECK ? null : random.nextInt(3) == 0 ? 13 : 0;
            declinedRepost |= code != null && code != 0;
            deliveries.add(repost(captured, target, code));
        }
        Collections.shuffle(deliveries, random);

        final Map<String, Long> ledger = balances(deliveries);
        final Map<String, Long> expected = truth.balances();
        for (final Map.Entry<String, Long> entry : ledger.entrySet()) {
            assertThat(entry.getValue()).as("%s never holds more than CloudPayments took", entry.getKey())
                    .isLessThanOrEqualTo(expected.getOrDefault(entry.getKey(), 0L));
        }
        if (!declinedRepost) {
            // A declined Check of a real transaction arriving first can only withhold money (flagged), never add it.
            assertThat(ledger).isEqualTo(expected);
        }
    }

    /** What CloudPayments sent for {@code transactions} transactions, in order, with the money it took in {@code truth}. */
    private static List<PaymentEvent> histories(final Random random, final int transactions, final Truth truth) {
        final List<PaymentEvent> sent = new ArrayList<>();
        for (int i = 0; i < transactions; i++) {
            sent.addAll(history(random, 1_000 + i, truth));
        }
        return sent;
    }

    /** What CloudPayments did with one transaction: its notifications, and the money it took into {@code truth}. */
    private static List<PaymentEvent> history(final Random random, final long txn, final Truth truth) {
        final String customer = "c" + random.nextInt(3);
        final long amount = 100 + random.nextInt(100_000);
        final boolean test = random.nextInt(4) == 0;
        final List<PaymentEvent> events = new ArrayList<>();
        final boolean checked = random.nextBoolean();
        long taken = 0;
        switch (random.nextInt(8)) {
            case 0 -> { // we declined the Check: CloudPayments declines the payment
                events.add(mode(Events.check(ORG, customer, txn, amount, 12), test, OrgMode.TEST));
                if (random.nextBoolean()) {
                    events.add(mode(Events.fail(ORG, customer, txn, amount), test, OrgMode.TEST));
                }
            }
            case 1 -> { // declined by the bank
                if (checked) {
                    events.add(mode(Events.check(ORG, customer, txn, amount, 0), test, OrgMode.TEST));
                }
                events.add(mode(Events.fail(ORG, customer, txn, amount), test, OrgMode.TEST));
            }
            case 2, 3 -> { // one-stage
                if (checked) {
                    events.add(mode(twoStage(Events.check(ORG, customer, txn, amount, 0), false), test, OrgMode.TEST));
                }
                events.add(mode(Events.pay(ORG, customer, txn, amount), test, OrgMode.TEST));
                taken = amount;
            }
            case 4 -> { // two-stage, captured in full or in part
                if (checked) {
                    events.add(mode(twoStage(Events.check(ORG, customer, txn, amount, 0), true), test, OrgMode.TEST));
                }
                events.add(mode(Events.authorize(ORG, customer, txn, amount), test, OrgMode.TEST));
                taken = random.nextBoolean() ? amount : 1 + random.nextInt((int) amount);
                events.add(mode(Events.confirm(ORG, customer, txn, taken), test, OrgMode.TEST));
            }
            case 5 -> { // two-stage, voided
                events.add(mode(Events.authorize(ORG, customer, txn, amount), test, OrgMode.TEST));
                events.add(Events.cancel(ORG, txn, amount));
            }
            case 6 -> // a payout to the customer's card: CloudPayments paid out, the game balance does not move
                    events.add(PaymentEvent.newBuilder(Events.pay(ORG, customer, txn, amount)).setOperationType("CardPayout").build());
            default -> // a test card after the organization went LIVE
                    events.add(mode(Events.pay(ORG, customer, txn, amount), true, OrgMode.LIVE));
        }
        final boolean credited = taken > 0;
        long left = taken;
        for (int r = 0, refunds = random.nextInt(3); r < refunds && left > 0; r++) {
            final long refund = 1 + random.nextInt((int) left);
            left -= refund;
            events.add(Events.refund(ORG, random.nextBoolean() ? customer : null, txn * 100 + r, txn, refund));
        }
        if (credited) {
            truth.add(customer, test, left);
        }
        return events;
    }

    private static void redeliverSome(final Random random, final List<PaymentEvent> sent, final List<PaymentEvent> deliveries) {
        for (final PaymentEvent e : sent) {
            if (random.nextInt(4) == 0) {
                deliveries.add(e);
            }
        }
    }

    /** The captured body of {@code e} posted to the URL of {@code kind}, as the gateway maps it: same fields, another type. */
    private static PaymentEvent repost(final PaymentEvent e, final NotificationKind kind, final Integer checkCode) {
        final long txn = e.getTransactionId();
        return PaymentEvent.newBuilder(e)
                .setKind(kind)
                .setEventId(ORG + ":" + kind + ":" + txn)
                .setCheckCode(checkCode)
                .build();
    }

    private static PaymentEvent mode(final PaymentEvent e, final boolean test, final OrgMode mode) {
        return PaymentEvent.newBuilder(e).setTestMode(test).setOrgMode(mode).build();
    }

    /** A Check says the status its payment will get: Authorized for a two-stage payment. */
    private static PaymentEvent twoStage(final PaymentEvent check, final boolean twoStage) {
        return PaymentEvent.newBuilder(check).setStatus(twoStage ? "Authorized" : "Completed").build();
    }

    /** Non-zero balances as {@code customer/live|test} → minor units, so live and test can never be mixed up. */
    private static Map<String, Long> balances(final List<PaymentEvent> deliveries) {
        final Map<String, Long> result = new HashMap<>();
        for (final CustomerBalances b : Replay.of(deliveries).balances().values()) {
            b.getBalances().forEach((currency, minor) -> put(result, b.getCustomerId() + "/live", minor));
            b.getTestBalances().forEach((currency, minor) -> put(result, b.getCustomerId() + "/test", minor));
        }
        return result;
    }

    private static void put(final Map<String, Long> balances, final String key, final long minor) {
        if (minor != 0) {
            balances.merge(key, minor, Long::sum);
        }
    }

    /** The money CloudPayments took, by customer and mode. */
    private static final class Truth {
        private final Map<String, Long> byCustomer = new HashMap<>();

        void add(final String customer, final boolean test, final long minor) {
            put(byCustomer, customer + (test ? "/test" : "/live"), minor);
        }

        Map<String, Long> balances() {
            return byCustomer;
        }
    }
}

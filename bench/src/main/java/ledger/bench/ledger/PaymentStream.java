package ledger.bench.ledger;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

import ledger.bench.common.PaymentEvents;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;

/**
 * An endless, deterministic stream of CloudPayments deliveries as the gateway publishes them, in publication order,
 * with the mix of ledger-service's test {@code PaymentLoad} and the fields the gateway fills from a real
 * notification (card, bank, fees, Data JSON, ...), so records have a realistic size:
 *
 * <ul>
 *   <li>per step: 50% one-stage Pay (Completed), 15% two-stage Pay (Authorized, then Confirm or, one in five,
 *       Cancel 1..40 steps later), 10% Fail (Declined), 22% partial refund of a credited payment, 3% refund of more
 *       than is left (an over-refund the ledger refuses);</li>
 *   <li>nine in ten Pays and Fails come after the Check of their transaction, approved by the gateway (an
 *       organization that lets the gateway check top-ups gets a Check for every attempt);</li>
 *   <li>about 5% of all deliveries are redeliveries of one of the last 200 notifications, 1..100 steps later
 *       (CloudPayments did not get our answer in time);</li>
 *   <li>customers spread uniformly over {@code orgs} organizations with {@code customersPerOrg} customers each;
 *       85% RUB, 10% USD, 5% EUR.</li>
 * </ul>
 *
 * Every event of a payment carries the payment's customer, so the gateway's key {@code orgId:customerId} puts all of
 * a payment's events on one partition, in this order. Memory: the last 200 deliveries, the pending Confirms, Cancels
 * and redeliveries, and a 24-byte record per credited payment (refund targets).
 */
final class PaymentStream {

    private final Random random;
    private final List<String> orgs = new ArrayList<>();
    private final int customersPerOrg;
    private final Instant start;
    private final long millisPerStep;
    private final ArrayDeque<PaymentEvent> ready = new ArrayDeque<>();
    private final Map<Long, List<PaymentEvent>> scheduled = new HashMap<>();
    private final PaymentEvent[] recent = new PaymentEvent[200];
    private long delivered;
    private long redeliveries;
    private final java.util.Set<PaymentEvent> pendingRedeliveries = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    // Credited payments as parallel arrays: org index, customer number, transaction id, what is left to refund.
    private int[] creditedOrg = new int[1 << 16];
    private int[] creditedCustomer = new int[1 << 16];
    private long[] creditedTxn = new long[1 << 16];
    private long[] creditedLeft = new long[1 << 16];
    private int credited;
    private final java.util.Set<String> creditedIds = new java.util.HashSet<>();
    private long nextTransactionId = 4_000_000_000L;
    private long step;

    /**
     * @param start business time of the first step
     * @param millisPerStep business time between steps (a step makes about 1.2 deliveries)
     */
    PaymentStream(final long seed, final int orgCount, final int customersPerOrg, final Instant start, final long millisPerStep) {
        this.random = new Random(seed);
        for (int i = 1; i <= orgCount; i++) {
            orgs.add(String.format(Locale.ROOT, "org-%02d", i));
        }
        this.customersPerOrg = customersPerOrg;
        this.start = start;
        this.millisPerStep = millisPerStep;
    }

    /** The next delivery. */
    PaymentEvent next() {
        while (ready.isEmpty()) {
            step();
        }
        final PaymentEvent event = ready.poll();
        if (pendingRedeliveries.remove(event)) {
            redeliveries++;
        }
        recent[(int) (delivered % recent.length)] = event;
        delivered++;
        return event;
    }

    /** How many of the deliveries handed out so far were redeliveries (the same notification again). */
    long redeliveries() {
        return redeliveries;
    }

    /** The publication key the gateway gives an event. */
    static String key(final PaymentEvent event) {
        return event.getOrgId() + ":" + (event.getCustomerId() == null ? "" : event.getCustomerId());
    }

    private void step() {
        final List<PaymentEvent> due = scheduled.remove(step);
        if (due != null) {
            due.forEach(this::deliver);
        }
        final int dice = random.nextInt(100);
        if (dice < 50) {
            deliverChecked(payment(NotificationKind.PAY, "Completed"));
        } else if (dice < 65) {
            final PaymentEvent authorized = payment(NotificationKind.PAY, "Authorized");
            deliverChecked(authorized);
            final long later = step + 1 + random.nextInt(40);
            final boolean cancelled = random.nextInt(5) == 0;
            final NotificationKind kind = cancelled ? NotificationKind.CANCEL : NotificationKind.CONFIRM;
            schedule(later, PaymentEvent.newBuilder(authorized)
                    .setEventId(PaymentEvents.eventId(authorized.getOrgId(), kind, authorized.getTransactionId()))
                    .setKind(kind)
                    .setStatus(cancelled ? "Cancelled" : "Completed")
                    .setGatewayName(cancelled ? null : authorized.getGatewayName())
                    .setAuthCode(cancelled ? null : authorized.getAuthCode())
                    .setFees(cancelled ? null : authorized.getFees())
                    .setOccurredAt(at(later)).setReceivedAt(at(later).plusMillis(300))
                    .build());
        } else if (dice < 75) {
            deliverChecked(PaymentEvent.newBuilder(payment(NotificationKind.FAIL, "Declined"))
                    .setReason("InsufficientFunds").setReasonCode(5051).setAuthCode(null).build());
        } else if (dice < 97 && credited > 0) {
            refund(false);
        } else if (credited > 0) {
            refund(true);
        } else {
            deliver(payment(NotificationKind.PAY, "Completed"));
        }
        // One step delivers about 1.2 notifications (Confirms and Cancels come on top), so 6 in 100 steps make
        // about 5% of the deliveries redeliveries.
        if (random.nextInt(100) < 6) {
            final long available = Math.min(delivered, recent.length);
            if (available > 0) {
                final PaymentEvent original = recent[(int) ((delivered - 1 - random.nextInt((int) available)) % recent.length)];
                final long later = step + 1 + random.nextInt(100);
                final PaymentEvent again = PaymentEvent.newBuilder(original).setReceivedAt(at(later).plusMillis(700)).build();
                pendingRedeliveries.add(again);
                schedule(later, again);
            }
        }
        step++;
    }

    private void refund(final boolean tooMuch) {
        final int target = random.nextInt(credited);
        final long left = creditedLeft[target];
        if (left < 2 && !tooMuch) {
            deliver(payment(NotificationKind.PAY, "Completed"));
            return;
        }
        final long amount = tooMuch ? left + 1 + random.nextInt(10_000) : 1 + random.nextLong(left / 2);
        if (!tooMuch) {
            creditedLeft[target] -= amount;
        }
        final String org = orgs.get(creditedOrg[target]);
        final long id = nextTransactionId++;
        deliver(PaymentEvents.refund(org, id, creditedTxn[target], customer(creditedCustomer[target]), amount)
                .setData("{\"clubId\":\"club-" + creditedCustomer[target] % 40 + "\",\"reason\":\"membership cancelled\"}")
                .setClubId("club-" + creditedCustomer[target] % 40)
                .setOccurredAt(at(step)).setReceivedAt(at(step).plusMillis(200))
                .build());
    }

    private PaymentEvent payment(final NotificationKind kind, final String status) {
        final int orgIndex = random.nextInt(orgs.size());
        final String org = orgs.get(orgIndex);
        final int customerNumber = random.nextInt(customersPerOrg);
        final String currency = PaymentEvents.currency(random, 85, 10);
        final long amount = PaymentEvents.amountMinor(random, currency);
        final long id = nextTransactionId++;
        final String club = "club-" + customerNumber % 40;
        return PaymentEvents.payment(org, kind, id, status, amount, currency, customerNumber)
                .setCustomerId(customer(customerNumber))
                .setClubId(club)
                .setDescription("Пополнение баланса, " + club)
                .setData("{\"clubId\":\"" + club + "\",\"phone\":\"+7900" + String.format(Locale.ROOT, "%07d", customerNumber) + "\"}")
                .setTestMode(false)
                .setOccurredAt(at(step)).setReceivedAt(at(step).plusMillis(200))
                .build();
    }

    private String customer(final int number) {
        return String.format(Locale.ROOT, "cust-%06d", number);
    }

    /** Delivers the Check of {@code attempt}'s transaction first, nine times in ten, then the attempt itself. */
    private void deliverChecked(final PaymentEvent attempt) {
        if (random.nextInt(10) < 9) {
            deliver(PaymentEvent.newBuilder(attempt)
                    .setEventId(PaymentEvents.eventId(attempt.getOrgId(), NotificationKind.CHECK, attempt.getTransactionId()))
                    .setKind(NotificationKind.CHECK)
                    .setStatus(attempt.getKind() == NotificationKind.FAIL ? "Completed" : attempt.getStatus())
                    .setGatewayName(null).setAuthCode(null).setRrn(null).setFees(null).setReason(null).setReasonCode(null)
                    .setCheckCode(0)
                    .setOccurredAt(attempt.getOccurredAt().minusMillis(1_500)).setReceivedAt(attempt.getReceivedAt().minusMillis(1_500))
                    .build());
        }
        deliver(attempt);
    }

    private void schedule(final long at, final PaymentEvent event) {
        scheduled.computeIfAbsent(at, k -> new ArrayList<>()).add(event);
    }

    private void deliver(final PaymentEvent event) {
        ready.add(event);
        final boolean credits = event.getKind() == NotificationKind.CONFIRM
                || event.getKind() == NotificationKind.PAY && "Completed".equals(event.getStatus());
        // A refund targets a payment credited once; a redelivered Pay or Confirm is not a second payment.
        if (credits && creditedIds.add(event.getOrgId() + ":" + event.getTransactionId())) {
            if (credited == creditedTxn.length) {
                final int size = credited * 2;
                creditedOrg = java.util.Arrays.copyOf(creditedOrg, size);
                creditedCustomer = java.util.Arrays.copyOf(creditedCustomer, size);
                creditedTxn = java.util.Arrays.copyOf(creditedTxn, size);
                creditedLeft = java.util.Arrays.copyOf(creditedLeft, size);
            }
            creditedOrg[credited] = orgs.indexOf(event.getOrgId());
            creditedCustomer[credited] = Integer.parseInt(event.getCustomerId().substring(5));
            creditedTxn[credited] = event.getTransactionId();
            creditedLeft[credited] = event.getAmountMinor();
            credited++;
        }
    }

    private Instant at(final long when) {
        return start.plusMillis(when * millisPerStep);
    }
}

package ledger.balance.app;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;

/**
 * A deterministic, realistic stream of CloudPayments deliveries as the gateway would publish them, in
 * publication order: one-stage payments, two-stage payments (Authorized, later Confirm or Cancel), declined
 * payments, partial refunds of credited payments, now and then a refund larger than what is left, and about
 * 5% redeliveries of an earlier notification (same event, later receipt). Every event carries its customer,
 * so it is keyed {@code orgId:customerId} like the gateway keys it.
 */
final class PaymentLoad {

    private static final List<String> ORGS = List.of("org-north", "org-south");

    private final Random random;
    private final int customersPerOrg;
    private final Instant start;
    private final List<PaymentEvent> deliveries = new ArrayList<>();
    private final Map<Integer, List<PaymentEvent>> scheduled = new TreeMap<>();
    private final List<Credited> credited = new ArrayList<>();
    private final Set<String> delivered = new HashSet<>();
    private long nextTransactionId = 4_000_000_000L;
    private int step;

    /** A credited payment and what is left of it to refund. */
    private static final class Credited {
        final PaymentEvent payment;
        long leftMinor;

        Credited(final PaymentEvent payment) {
            this.payment = payment;
            this.leftMinor = payment.getAmountMinor();
        }
    }

    private PaymentLoad(final long seed, final int customersPerOrg, final Instant start) {
        this.random = new Random(seed);
        this.customersPerOrg = customersPerOrg;
        this.start = start;
    }

    /** {@code count} deliveries over {@code customersPerOrg} customers in each of two organizations, from {@code start} on. */
    static List<PaymentEvent> generate(final long seed, final int count, final int customersPerOrg, final Instant start) {
        final PaymentLoad load = new PaymentLoad(seed, customersPerOrg, start);
        while (load.deliveries.size() < count) {
            load.next();
        }
        return List.copyOf(load.deliveries.subList(0, count));
    }

    private void next() {
        for (final PaymentEvent due : scheduled.getOrDefault(step, List.of())) {
            deliver(due);
        }
        scheduled.remove(step);
        final int dice = random.nextInt(100);
        if (dice < 50) {
            deliver(payment(NotificationKind.PAY, "Completed"));
        } else if (dice < 65) {
            final PaymentEvent authorized = payment(NotificationKind.PAY, "Authorized");
            deliver(authorized);
            final int later = step + 1 + random.nextInt(40);
            final boolean cancelled = random.nextInt(5) == 0;
            schedule(later, PaymentEvent.newBuilder(authorized)
                    .setEventId(authorized.getOrgId() + ":" + (cancelled ? NotificationKind.CANCEL : NotificationKind.CONFIRM) + ":" + authorized.getTransactionId())
                    .setKind(cancelled ? NotificationKind.CANCEL : NotificationKind.CONFIRM)
                    .setStatus(cancelled ? "Cancelled" : "Completed")
                    .setGatewayName(cancelled ? null : authorized.getGatewayName())
                    .setOccurredAt(at(later)).setReceivedAt(at(later).plusMillis(300))
                    .build());
        } else if (dice < 75) {
            deliver(PaymentEvent.newBuilder(payment(NotificationKind.FAIL, "Declined")).setReason("InsufficientFunds").setReasonCode(5051).build());
        } else if (dice < 97 && !credited.isEmpty()) {
            refund(false);
        } else if (!credited.isEmpty()) {
            refund(true);
        } else {
            deliver(payment(NotificationKind.PAY, "Completed"));
        }
        // One step delivers about 1.2 notifications (Confirms and Cancels come on top), so 7 in 100 steps make
        // about 5% of the deliveries redeliveries.
        if (random.nextInt(100) < 7 && !deliveries.isEmpty()) {
            // CloudPayments did not get our answer in time and delivers the same notification again.
            final PaymentEvent original = deliveries.get(deliveries.size() - 1 - random.nextInt(Math.min(deliveries.size(), 200)));
            final int later = step + 1 + random.nextInt(100);
            schedule(later, PaymentEvent.newBuilder(original).setReceivedAt(at(later).plusMillis(700)).build());
        }
        step++;
    }

    private void refund(final boolean tooMuch) {
        final Credited target = credited.get(random.nextInt(credited.size()));
        if (target.leftMinor < 2 && !tooMuch) {
            deliver(payment(NotificationKind.PAY, "Completed"));
            return;
        }
        final long amount = tooMuch ? target.leftMinor + 1 + random.nextInt(10_000) : 1 + random.nextLong(target.leftMinor / 2);
        if (!tooMuch) {
            target.leftMinor -= amount;
        }
        final PaymentEvent payment = target.payment;
        final long id = nextTransactionId++;
        deliver(PaymentEvent.newBuilder()
                .setEventId(payment.getOrgId() + ":" + NotificationKind.REFUND + ":" + id)
                .setOrgId(payment.getOrgId())
                .setKind(NotificationKind.REFUND)
                .setTransactionId(id)
                .setPaymentTransactionId(payment.getTransactionId())
                .setCustomerId(payment.getCustomerId())
                .setAmountMinor(amount)
                .setOperationType("Refund")
                .setOccurredAt(at(step)).setReceivedAt(at(step).plusMillis(200))
                .build());
    }

    private PaymentEvent payment(final NotificationKind kind, final String status) {
        final String org = ORGS.get(random.nextInt(ORGS.size()));
        final String customer = String.format("c%03d", random.nextInt(customersPerOrg));
        final int currencyDice = random.nextInt(100);
        final String currency = currencyDice < 85 ? "RUB" : currencyDice < 95 ? "USD" : "EUR";
        final long amount = currency.equals("RUB") ? 100 * (100 + random.nextInt(4_900)) : 50 * (10 + random.nextInt(190));
        final long id = nextTransactionId++;
        return PaymentEvent.newBuilder()
                .setEventId(org + ":" + kind + ":" + id)
                .setOrgId(org)
                .setKind(kind)
                .setTransactionId(id)
                .setCustomerId(customer)
                .setAmountMinor(amount)
                .setCurrency(currency)
                .setStatus(status)
                .setOperationType("Payment")
                .setGatewayName(kind == NotificationKind.PAY ? "Tinkoff" : null)
                .setTestMode(false)
                .setOccurredAt(at(step)).setReceivedAt(at(step).plusMillis(200))
                .build();
    }

    private void schedule(final int at, final PaymentEvent event) {
        scheduled.computeIfAbsent(at, k -> new ArrayList<>()).add(event);
    }

    private void deliver(final PaymentEvent event) {
        final boolean firstDelivery = delivered.add(event.getEventId());
        deliveries.add(event);
        final boolean credits = event.getKind() == NotificationKind.CONFIRM
                || event.getKind() == NotificationKind.PAY && "Completed".equals(event.getStatus());
        if (firstDelivery && credits) {
            credited.add(new Credited(event));
        }
    }

    private Instant at(final int when) {
        return start.plusSeconds(when);
    }
}

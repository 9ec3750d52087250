package ledger.bench.report;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import ledger.bench.common.PaymentEvents;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.events.ShiftAction;
import ledger.events.ShiftEvent;
import org.apache.avro.specific.SpecificRecord;

/**
 * A deterministic, time-ordered stream of what the report service reads: payment notifications as the gateway
 * publishes them and the clubs' shift events, for {@code clubs} clubs spread over {@code orgs} organizations,
 * {@code days} days of two 12-hour shifts per club (a day shift from about 09:00 and a night shift from about 21:00
 * UTC; each opened up to 10 minutes late and closed up to 10 minutes early, so about 1.4% of payments fall between
 * shifts).
 *
 * <p>Per payment transaction: 66% one-stage Pay (Completed), 2% Pay without a clubId (the app did not send one),
 * 12% two-stage Pay (Authorized, then a Confirm, or one in six a Cancel, 1-30 minutes later, without fee), 12% Fail
 * (Declined), 8% Refund of one of the club's recent payments (half of them without clubId, none with currency, card
 * or test flag: those are inherited). 90% RUB, 7% USD, 3% EUR; 1% test mode. Day shifts see 1.3x the average number
 * of payments, night shifts 0.7x. Notifications arrive 0.2-3 s after they happened, 0.5% of them 1-6 hours late (they
 * amend a closed shift); with {@code redeliveryShare} some are delivered a second time 1-120 s later (same event id).
 *
 * <p>Events come out in arrival order ({@code receivedAt} for payments, {@code occurredAt} for shift events), and the
 * stream ends after exactly {@code payments} payment events (redeliveries included) or when the days run out.
 */
final class ClubWorkload {

    /** Payment rows per generated transaction on average (two-stage payments make two). */
    static final double ROWS_PER_TRANSACTION = 1.12;

    private static final int CUSTOMERS_PER_CLUB = 3_000;
    private static final int RING = 4_096;

    /** A shift as generated: where it is, and when it opened. */
    record GeneratedShift(String orgId, String clubId, String shiftId, Instant openedAt) {
    }

    private record Timed(Instant at, long seq, SpecificRecord event) {
    }

    private final Random random;
    private final List<String> clubOrg = new ArrayList<>();
    private final List<String> clubIds = new ArrayList<>();
    private final LocalDate firstDay;
    private final int days;
    private final long paymentLimit;
    private final double meanTransactions;
    private final double redeliveryShare;
    private final PriorityQueue<Timed> queue = new PriorityQueue<>(Comparator.comparing(Timed::at).thenComparingLong(Timed::seq));
    private final List<GeneratedShift> shifts = new ArrayList<>();
    private final Set<PaymentEvent> pendingRedeliveries = Collections.newSetFromMap(new IdentityHashMap<>());
    private final long[][] ringTxn;
    private final long[][] ringAmount;
    private final int[][] ringCustomer;
    private final int[] ringSize;
    private long seq;
    private int slot;
    private Instant generatedUntil;
    private long nextTransactionId = 5_000_000_000L;
    private long paymentsEmitted;
    private long shiftEventsEmitted;
    private long redeliveriesEmitted;

    /**
     * @param payments how many payment events to emit at most; the transactions per shift are sized to reach it
     *                 within {@code days}
     */
    ClubWorkload(final long seed, final int orgs, final int clubs, final LocalDate firstDay, final int days,
                 final long payments, final double redeliveryShare) {
        this.random = new Random(seed);
        for (int c = 0; c < clubs; c++) {
            clubOrg.add(String.format(Locale.ROOT, "org-%02d", 1 + c % orgs));
            clubIds.add(String.format(Locale.ROOT, "club-%03d", 1 + c));
        }
        this.firstDay = firstDay;
        this.days = days;
        this.paymentLimit = payments;
        this.redeliveryShare = redeliveryShare;
        // 2% more than needed, so the stream ends on the payment count, inside the last day, not short of it.
        this.meanTransactions = 1.02 * payments / (1 + redeliveryShare) / ROWS_PER_TRANSACTION / clubs / days / 2;
        this.ringTxn = new long[clubs][RING];
        this.ringAmount = new long[clubs][RING];
        this.ringCustomer = new int[clubs][RING];
        this.ringSize = new int[clubs];
        this.generatedUntil = slotStart(0);
    }

    /** The next event in arrival order, or {@code null} at the end of the stream. */
    SpecificRecord next() {
        if (paymentsEmitted >= paymentLimit) {
            return null;
        }
        while ((queue.isEmpty() || !queue.peek().at().isBefore(generatedUntil)) && slot < days * 2) {
            generateSlot();
        }
        final Timed next = queue.poll();
        if (next == null) {
            return null;
        }
        if (next.event() instanceof PaymentEvent payment) {
            paymentsEmitted++;
            if (pendingRedeliveries.remove(payment)) {
                redeliveriesEmitted++;
            } else if (redeliveryShare > 0 && random.nextDouble() < redeliveryShare) {
                // CloudPayments did not get our answer in time and sends the same notification again.
                final Instant again = payment.getReceivedAt().plusMillis(1_000 + random.nextInt(119_000));
                final PaymentEvent redelivery = PaymentEvent.newBuilder(payment).setReceivedAt(again).build();
                pendingRedeliveries.add(redelivery);
                queue.add(new Timed(again, seq++, redelivery));
            }
        } else {
            shiftEventsEmitted++;
        }
        return next.event();
    }

    long paymentsEmitted() {
        return paymentsEmitted;
    }

    long shiftEventsEmitted() {
        return shiftEventsEmitted;
    }

    long redeliveriesEmitted() {
        return redeliveriesEmitted;
    }

    /** The shifts generated so far (some may open after the stream ended). */
    List<GeneratedShift> shifts() {
        return shifts;
    }

    List<String> clubIds() {
        return clubIds;
    }

    String orgOf(final int club) {
        return clubOrg.get(club);
    }

    private Instant slotStart(final int index) {
        return firstDay.plusDays(index / 2).atTime(index % 2 == 0 ? 9 : 21, 0).toInstant(ZoneOffset.UTC);
    }

    private void generateSlot() {
        final Instant start = slotStart(slot);
        final Instant end = start.plus(Duration.ofHours(12));
        final boolean dayShift = slot % 2 == 0;
        for (int c = 0; c < clubIds.size(); c++) {
            final String org = clubOrg.get(c);
            final String club = clubIds.get(c);
            final String shiftId = club + "-" + firstDay.plusDays(slot / 2) + (dayShift ? "-day" : "-night");
            final Instant opened = start.plusSeconds(random.nextInt(600));
            final Instant closed = end.minusSeconds(1 + random.nextInt(600));
            shifts.add(new GeneratedShift(org, club, shiftId, opened));
            queue.add(new Timed(opened, seq++, shiftEvent(org, club, shiftId, ShiftAction.OPENED, opened)));
            queue.add(new Timed(closed, seq++, shiftEvent(org, club, shiftId, ShiftAction.CLOSED, closed)));

            final double mean = meanTransactions * (dayShift ? 1.3 : 0.7);
            final int count = (int) Math.round(mean * (0.8 + 0.4 * random.nextDouble()));
            final long[] times = new long[count];
            for (int i = 0; i < count; i++) {
                times[i] = start.toEpochMilli() + (long) (random.nextDouble() * Duration.ofHours(12).toMillis());
            }
            java.util.Arrays.sort(times);
            for (final long time : times) {
                transaction(c, org, club, Instant.ofEpochMilli(time));
            }
        }
        generatedUntil = end;
        slot++;
    }

    private ShiftEvent shiftEvent(final String org, final String club, final String shiftId, final ShiftAction action, final Instant at) {
        return ShiftEvent.newBuilder()
                .setEventId(new UUID(random.nextLong(), random.nextLong()).toString())
                .setOrgId(org)
                .setClubId(club)
                .setShiftId(shiftId)
                .setAction(action)
                .setOccurredAt(at)
                .setActor("admin-" + club)
                .build();
    }

    private void transaction(final int club, final String org, final String clubId, final Instant at) {
        final int dice = random.nextInt(1000);
        if (dice < 660) {
            final PaymentEvent pay = payment(club, org, clubId, NotificationKind.PAY, "Completed", at);
            remember(club, pay);
            deliver(pay);
        } else if (dice < 680) {
            deliver(payment(club, org, null, NotificationKind.PAY, "Completed", at));
        } else if (dice < 800) {
            final PaymentEvent authorized = payment(club, org, clubId, NotificationKind.PAY, "Authorized", at);
            deliver(authorized);
            final boolean cancelled = random.nextInt(6) == 0;
            final NotificationKind kind = cancelled ? NotificationKind.CANCEL : NotificationKind.CONFIRM;
            final Instant later = at.plusSeconds(60 + random.nextInt(29 * 60));
            deliver(PaymentEvent.newBuilder(authorized)
                    .setEventId(PaymentEvents.eventId(org, kind, authorized.getTransactionId()))
                    .setKind(kind)
                    .setStatus(cancelled ? "Cancelled" : "Completed")
                    .setFees(null)
                    .setCurrency(cancelled ? null : authorized.getCurrency())
                    .setTestMode(cancelled ? null : authorized.getTestMode())
                    .setCard(cancelled ? null : authorized.getCard())
                    .setOccurredAt(later)
                    .setReceivedAt(arrival(later))
                    .build());
        } else if (dice < 920) {
            deliver(PaymentEvent.newBuilder(payment(club, org, clubId, NotificationKind.FAIL, "Declined", at))
                    .setReason("InsufficientFunds").setReasonCode(5051).setAuthCode(null).setFees(null).build());
        } else if (ringSize[club] > 0) {
            refund(club, org, clubId, at);
        } else {
            deliver(payment(club, org, clubId, NotificationKind.PAY, "Completed", at));
        }
    }

    private void refund(final int club, final String org, final String clubId, final Instant at) {
        final int target = random.nextInt(Math.min(ringSize[club], RING));
        final long original = ringTxn[club][target];
        final long amount = random.nextInt(3) == 0 ? ringAmount[club][target] : 100 * (1 + random.nextLong(Math.max(1, ringAmount[club][target] / 200)));
        final long id = nextTransactionId++;
        final int customer = ringCustomer[club][target];
        deliver(PaymentEvents.refund(org, id, original, customer(clubId, customer), amount)
                .setClubId(random.nextBoolean() ? clubId : null)
                .setStatus("Completed")
                .setOccurredAt(at)
                .setReceivedAt(arrival(at))
                .build());
    }

    private void remember(final int club, final PaymentEvent pay) {
        final int index = ringSize[club] % RING;
        ringTxn[club][index] = pay.getTransactionId();
        ringAmount[club][index] = pay.getAmountMinor();
        ringCustomer[club][index] = Integer.parseInt(pay.getCustomerId().substring(pay.getCustomerId().lastIndexOf('-') + 1));
        ringSize[club]++;
    }

    private PaymentEvent payment(final int clubIndex, final String org, final String club, final NotificationKind kind,
                                 final String status, final Instant at) {
        final int customerNumber = random.nextInt(CUSTOMERS_PER_CLUB);
        final String homeClub = clubIds.get(clubIndex);
        final String currency = PaymentEvents.currency(random, 90, 7);
        final long amount = PaymentEvents.amountMinor(random, currency);
        final long id = nextTransactionId++;
        final String phone = String.format(Locale.ROOT, "+7900%07d", clubIndex * CUSTOMERS_PER_CLUB + customerNumber);
        return PaymentEvents.payment(org, kind, id, status, amount, currency, customerNumber)
                .setCustomerId(customer(homeClub, customerNumber))
                .setClubId(club)
                .setDescription("Пополнение баланса")
                .setData(club == null ? "{\"phone\":\"" + phone + "\"}" : "{\"clubId\":\"" + club + "\",\"phone\":\"" + phone + "\"}")
                .setTestMode(random.nextInt(100) == 0)
                .setOccurredAt(at)
                .setReceivedAt(arrival(at))
                .build();
    }

    /** When a notification of {@code at} reaches the gateway: within seconds, or hours late for 0.5% of them. */
    private Instant arrival(final Instant at) {
        return random.nextInt(200) == 0
                ? at.plusSeconds(3_600 + random.nextInt(5 * 3_600))
                : at.plusMillis(200 + random.nextInt(2_800));
    }

    private void deliver(final PaymentEvent event) {
        queue.add(new Timed(event.getReceivedAt(), seq++, event));
    }

    private static String customer(final String club, final int number) {
        return String.format(Locale.ROOT, "cust-%s-%04d", club.substring("club-".length()), number);
    }
}

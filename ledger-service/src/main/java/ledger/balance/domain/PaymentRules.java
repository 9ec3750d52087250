package ledger.balance.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.events.PaymentState;
import ledger.events.Posting;

/**
 * The money rule, as a pure function of one payment's state and one event about that payment.
 *
 * <ul>
 *   <li>A one-stage Pay ({@code Status=Completed}) credits its amount. A two-stage Pay ({@code Authorized})
 *       credits nothing; its Confirm credits. A Cancel of an authorization credits nothing. A payment is
 *       credited at most once, whichever of Pay and Confirm comes first.</li>
 *   <li>A Refund debits the customer the payment was credited to, never more than what is left of the
 *       payment; a larger refund is flagged and not applied.</li>
 *   <li>A Refund that arrives before its payment is credited is held and applied right after the credit, so
 *       the order of arrival changes nothing.</li>
 *   <li>Idempotency is data: every applied event's id is remembered with a fingerprint of its content. The
 *       same id and content again is a duplicate; the same id with other content is a conflict.</li>
 *   <li>That memory is never forgotten: a payment's state (its fingerprints, credited and refunded amounts)
 *       is kept for as long as the ledger runs, far beyond CloudPayments' retry horizon of about 100
 *       deliveries over about 2 days, because a refund may come months later and must still find its
 *       payment, and a forgotten payment would let a late duplicate credit twice. The state stays small:
 *       one fingerprint per event of the payment (see {@code LedgerTopology} for the numbers).</li>
 * </ul>
 *
 * Fail, Check and Recurrent notifications never reach this rule: they move no money.
 */
public final class PaymentRules {

    private PaymentRules() {
    }

    /** The state key of the payment an event is about: the refunded payment for a Refund, else its own transaction. */
    public static String paymentKey(final PaymentEvent event) {
        final Long id = event.getKind() == NotificationKind.REFUND ? event.getPaymentTransactionId() : event.getTransactionId();
        return event.getOrgId() + ":" + (id == null ? "?" : id);
    }

    /** Whether an event of this kind can move money, so it must pass through the rule. */
    public static boolean concernsBalances(final PaymentEvent event) {
        return switch (event.getKind()) {
            case PAY, CONFIRM, REFUND, CANCEL -> true;
            case CHECK, FAIL, RECURRENT -> false;
        };
    }

    /**
     * Applies {@code event} to {@code current} (null when the ledger has never seen this payment).
     */
    public static PaymentDecision apply(final PaymentState current, final PaymentEvent event) {
        final String problem = validate(event);
        final PaymentState state = current != null ? copy(current) : fresh(event);
        if (problem != null) {
            return refuse(current, state, event, Outcome.INVALID, problem);
        }
        final String fingerprint = fingerprint(event);
        final String seen = state.getFingerprints().get(event.getEventId());
        if (seen != null) {
            if (seen.equals(fingerprint)) {
                state.setDuplicates(state.getDuplicates() + 1);
                return new PaymentDecision(Outcome.DUPLICATE, state, List.of(), List.of(), "already applied");
            }
            return refuse(current, state, event, Outcome.CONFLICT,
                    "event " + event.getEventId() + " was applied as [" + seen + "], now arrives as [" + fingerprint + "]");
        }
        return switch (event.getKind()) {
            case PAY -> pay(current, state, event, fingerprint);
            case CONFIRM -> credit(current, state, event, fingerprint);
            case CANCEL -> cancel(current, state, event, fingerprint);
            case REFUND -> refund(current, state, event, fingerprint);
            case CHECK, FAIL, RECURRENT -> throw new IllegalArgumentException(event.getKind() + " moves no money and must not reach the ledger rule");
        };
    }

    private static PaymentDecision pay(final PaymentState current, final PaymentState state, final PaymentEvent event, final String fingerprint) {
        final String status = event.getStatus();
        if ("Authorized".equalsIgnoreCase(status)) {
            final String mismatch = ownerMismatch(state, event);
            if (mismatch != null) {
                return refuse(current, state, event, Outcome.CONFLICT, mismatch);
            }
            remember(state, event, fingerprint);
            state.setAuthorizedMinor(event.getAmountMinor());
            return new PaymentDecision(Outcome.NO_BALANCE_CHANGE, state, List.of(), List.of(), "authorized; credited on Confirm");
        }
        if ("Completed".equalsIgnoreCase(status)) {
            return credit(current, state, event, fingerprint);
        }
        return refuse(current, state, event, Outcome.INVALID, "Pay with Status=" + status + " is neither Completed nor Authorized; not credited");
    }

    private static PaymentDecision credit(final PaymentState current, final PaymentState state, final PaymentEvent event, final String fingerprint) {
        final String mismatch = ownerMismatch(state, event);
        if (mismatch != null) {
            return refuse(current, state, event, Outcome.CONFLICT, mismatch);
        }
        if (state.getCancelled()) {
            return refuse(current, state, event, Outcome.CONFLICT, "credit for a payment whose authorization was cancelled");
        }
        if (state.getCreditedMinor() > 0) {
            // Pay(Completed) and Confirm of the same transaction: the money arrived once, so it is credited once.
            remember(state, event, fingerprint);
            state.setDuplicates(state.getDuplicates() + 1);
            return new PaymentDecision(Outcome.DUPLICATE, state, List.of(), List.of(), "payment already credited");
        }
        remember(state, event, fingerprint);
        state.setCustomerKey(event.getOrgId() + ":" + event.getCustomerId());
        state.setCurrency(event.getCurrency());
        state.setTestMode(Boolean.TRUE.equals(event.getTestMode()));
        state.setCreditedMinor(event.getAmountMinor());
        final List<Posting> postings = new ArrayList<>();
        postings.add(posting(state, event, event.getAmountMinor()));
        final List<Flag> flags = new ArrayList<>();
        final List<PaymentEvent> held = new ArrayList<>(state.getHeldRefunds());
        state.setHeldRefunds(new ArrayList<>());
        for (final PaymentEvent refund : held) {
            final String problem = refundProblem(state, refund);
            if (problem != null) {
                flags.add(new Flag(refund, problem.startsWith("over-refund") ? Outcome.OVER_REFUND : Outcome.CONFLICT, problem));
            } else {
                state.setRefundedMinor(state.getRefundedMinor() + refund.getAmountMinor());
                postings.add(posting(state, refund, -refund.getAmountMinor()));
            }
        }
        return new PaymentDecision(Outcome.APPLIED, state, postings, flags,
                held.isEmpty() ? "credited" : "credited; released " + held.size() + " held refund(s)");
    }

    private static PaymentDecision cancel(final PaymentState current, final PaymentState state, final PaymentEvent event, final String fingerprint) {
        if (state.getCreditedMinor() > 0) {
            return refuse(current, state, event, Outcome.CONFLICT, "Cancel of a payment already credited; a refund is the way to return credited money");
        }
        remember(state, event, fingerprint);
        state.setCancelled(true);
        return new PaymentDecision(Outcome.NO_BALANCE_CHANGE, state, List.of(), List.of(), "authorization cancelled");
    }

    private static PaymentDecision refund(final PaymentState current, final PaymentState state, final PaymentEvent event, final String fingerprint) {
        if (state.getCreditedMinor() == 0) {
            remember(state, event, fingerprint);
            final List<PaymentEvent> held = new ArrayList<>(state.getHeldRefunds());
            held.add(event);
            state.setHeldRefunds(held);
            return new PaymentDecision(Outcome.HELD, state, List.of(), List.of(), "payment not credited yet; refund held");
        }
        final String problem = refundProblem(state, event);
        if (problem != null) {
            return refuse(current, state, event, problem.startsWith("over-refund") ? Outcome.OVER_REFUND : Outcome.CONFLICT, problem);
        }
        remember(state, event, fingerprint);
        state.setRefundedMinor(state.getRefundedMinor() + event.getAmountMinor());
        return new PaymentDecision(Outcome.APPLIED, state, List.of(posting(state, event, -event.getAmountMinor())), List.of(), "refunded");
    }

    /** Why a refund cannot be applied to a credited payment, or null when it can. */
    private static String refundProblem(final PaymentState state, final PaymentEvent refund) {
        if (refund.getCurrency() != null && !refund.getCurrency().equals(state.getCurrency())) {
            return "refund in " + refund.getCurrency() + " of a payment in " + state.getCurrency();
        }
        if (refund.getCustomerId() != null && !(refund.getOrgId() + ":" + refund.getCustomerId()).equals(state.getCustomerKey())) {
            return "refund for customer " + refund.getCustomerId() + " of a payment credited to " + state.getCustomerKey();
        }
        final long left = state.getCreditedMinor() - state.getRefundedMinor();
        if (refund.getAmountMinor() > left) {
            return "over-refund: " + refund.getAmountMinor() + " asked, " + left + " left of " + state.getCreditedMinor();
        }
        return null;
    }

    private static String ownerMismatch(final PaymentState state, final PaymentEvent event) {
        final String customerKey = event.getOrgId() + ":" + event.getCustomerId();
        if (state.getCustomerKey() != null && !state.getCustomerKey().equals(customerKey)) {
            return "transaction " + event.getTransactionId() + " belongs to " + state.getCustomerKey() + ", not " + customerKey;
        }
        if (state.getCurrency() != null && !state.getCurrency().equals(event.getCurrency())) {
            return "transaction " + event.getTransactionId() + " is in " + state.getCurrency() + ", not " + event.getCurrency();
        }
        return null;
    }

    private static PaymentDecision refuse(final PaymentState current, final PaymentState state, final PaymentEvent event,
                                          final Outcome outcome, final String detail) {
        // The stored state is left as it was: a refused event teaches the ledger nothing.
        final PaymentState unchanged = current != null ? current : null;
        return new PaymentDecision(outcome, unchanged, List.of(), List.of(new Flag(event, outcome, detail)), detail);
    }

    private static void remember(final PaymentState state, final PaymentEvent event, final String fingerprint) {
        final Map<String, String> fingerprints = new HashMap<>(state.getFingerprints());
        fingerprints.put(event.getEventId(), fingerprint);
        state.setFingerprints(fingerprints);
        state.setUpdatedAt(java.time.Instant.ofEpochMilli(Math.max(state.getUpdatedAt().toEpochMilli(), event.getOccurredAt().toEpochMilli())));
        if (state.getCustomerKey() == null && event.getCustomerId() != null) {
            state.setCustomerKey(event.getOrgId() + ":" + event.getCustomerId());
        }
        if (state.getCurrency() == null && event.getCurrency() != null) {
            state.setCurrency(event.getCurrency());
        }
    }

    private static Posting posting(final PaymentState state, final PaymentEvent source, final long amountMinor) {
        final String customerKey = state.getCustomerKey();
        final int colon = customerKey.indexOf(':');
        return Posting.newBuilder()
                .setOrgId(customerKey.substring(0, colon))
                .setCustomerId(customerKey.substring(colon + 1))
                .setCurrency(state.getCurrency())
                .setAmountMinor(amountMinor)
                .setSourceEventId(source.getEventId())
                .setSourceTransactionId(source.getTransactionId())
                .setSourceKind(source.getKind())
                .setTestMode(state.getTestMode() || Boolean.TRUE.equals(source.getTestMode()))
                .setOccurredAt(source.getOccurredAt())
                .build();
    }

    /** What must not change between deliveries of the same event. */
    static String fingerprint(final PaymentEvent e) {
        return e.getKind() + "|" + e.getCustomerId() + "|" + e.getAmountMinor() + "|" + e.getCurrency()
                + "|" + Objects.toString(e.getPaymentTransactionId(), "") + "|" + Objects.toString(e.getStatus(), "");
    }

    /** Why the event cannot be applied at all, or null. */
    static String validate(final PaymentEvent e) {
        if (e.getAmountMinor() <= 0) {
            return "amount must be positive, got " + e.getAmountMinor();
        }
        return switch (e.getKind()) {
            case PAY, CONFIRM -> e.getTransactionId() == null ? "TransactionId missing"
                    : e.getCustomerId() == null || e.getCustomerId().isBlank() ? "AccountId missing: no customer to credit"
                    : e.getCurrency() == null ? "Currency missing" : null;
            case REFUND -> e.getTransactionId() == null ? "TransactionId missing"
                    : e.getPaymentTransactionId() == null ? "PaymentTransactionId missing" : null;
            case CANCEL -> e.getTransactionId() == null ? "TransactionId missing" : null;
            case CHECK, FAIL, RECURRENT -> null;
        };
    }

    private static PaymentState fresh(final PaymentEvent event) {
        return PaymentState.newBuilder()
                .setPaymentKey(paymentKey(event))
                .setFingerprints(new HashMap<>())
                .setHeldRefunds(new ArrayList<>())
                .setUpdatedAt(event.getOccurredAt())
                .build();
    }

    private static PaymentState copy(final PaymentState s) {
        return PaymentState.newBuilder(s)
                .setFingerprints(new HashMap<>(s.getFingerprints()))
                .setHeldRefunds(new ArrayList<>(s.getHeldRefunds()))
                .build();
    }
}

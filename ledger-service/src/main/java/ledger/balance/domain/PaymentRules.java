package ledger.balance.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ledger.events.NotificationKind;
import ledger.events.OrgMode;
import ledger.events.PaymentEvent;
import ledger.events.PaymentState;
import ledger.events.Posting;

/**
 * The money rule: the lifecycle of one CloudPayments transaction, as a pure function of the transaction's state
 * and one notification about it.
 *
 * <p>CloudPayments documents one lifecycle per transaction (PROTOCOL.md §1–2): a Check before the card is
 * charged, which we approve or decline; then a Pay ({@code Completed} for a one-stage payment, {@code Authorized}
 * for a two-stage one) or a Fail; for a two-stage payment a Confirm (capture) or a Cancel (void); then Refunds,
 * each a transaction of its own that names its payment. The ledger keeps that lifecycle per organization and
 * TransactionId, and credits only what it allows:
 * <ul>
 *   <li>A one-stage Pay credits its amount. A two-stage Pay credits nothing; its Confirm credits the amount
 *       captured, which may be less than the authorization (a partial capture) but never more. A Confirm that
 *       arrives before its authorization is held and decided when the authorization comes.</li>
 *   <li>A Refund debits the customer the payment was credited to, never more than is left of it; a Refund that
 *       arrives before its payment is credited is held and applied right after the credit.</li>
 *   <li>Check and Fail move no money, but they are part of the state: a Pay or Confirm after a Fail of the same
 *       transaction, a Fail after them, a Pay for a transaction whose Check we declined, a Confirm after a Cancel,
 *       a Confirm of a one-stage payment, a Pay or Confirm for another customer or currency than the
 *       transaction's, and a body that carries fields of another type are <b>conflicts</b>: never a credit,
 *       always a dead letter that names both notifications.</li>
 *   <li>The webhook's type comes from its URL, which nobody signs; Pay, Check, Fail and Confirm carry much the
 *       same fields. So each type must look like itself: a Pay carries GatewayName or AuthCode (a Check has
 *       neither), a Fail carries its Reason, a Confirm says {@code Completed}, only a Refund names a payment, and
 *       the gateway reports any other type's distinctive fields ({@link PaymentEvent#getBodyMismatch()}).</li>
 *   <li>A payout ({@code OperationType=CardPayout}, in a Pay or a Refund) never changes a balance.</li>
 *   <li>A test-mode Pay or Confirm that reaches an organization in LIVE mode credits nothing.</li>
 *   <li>Idempotency is data: every notification applied is remembered with a fingerprint of its content. The same
 *       id and content again is a duplicate; the same id with other content is a conflict. That memory is never
 *       forgotten (see {@code LedgerTopology} for why and what it costs).</li>
 * </ul>
 * Where a contradiction is only seen after a credit (a Fail that arrives after its Pay was credited), the credit
 * stands and the contradiction is flagged for the operator, who settles it against CloudPayments' own record of
 * the transaction ({@code ledger-ops reconcile}).
 */
public final class PaymentRules {

    private static final String COMPLETED = "Completed";
    private static final String AUTHORIZED = "Authorized";
    private static final String CARD_PAYOUT = "CardPayout";

    private PaymentRules() {
    }

    /** The state key of the payment an event is about: the refunded payment for a Refund, else its own transaction. */
    public static String paymentKey(final PaymentEvent event) {
        final Long id = event.getKind() == NotificationKind.REFUND ? event.getPaymentTransactionId() : event.getTransactionId();
        return event.getOrgId() + ":" + (id == null ? "?" : id);
    }

    /** Whether an event is about a payment's lifecycle, so it must pass through the rule (all but Recurrent). */
    public static boolean concernsPayments(final PaymentEvent event) {
        return event.getKind() != NotificationKind.RECURRENT;
    }

    /**
     * Applies {@code event} to {@code current} (null when the ledger has never seen this transaction).
     */
    public static PaymentDecision apply(final PaymentState current, final PaymentEvent event) {
        final String problem = validate(event);
        final PaymentState state = current != null ? copy(current) : fresh(event);
        if (problem != null) {
            return refuse(current, event, Outcome.INVALID, problem);
        }
        // The shape comes before the memory of what was decided. A body of another type posted to this URL can have the
        // fingerprint of the genuine notification it imitates (a Check names the amount and status its Pay will have),
        // and must be flagged, not taken for a redelivery; a genuine redelivery has its original's shape and stays a
        // duplicate.
        final String mismatch = bodyMismatch(event);
        if (mismatch != null) {
            return refuse(current, event, Outcome.CONFLICT, mismatch + "; nothing credited");
        }
        final String fingerprint = fingerprint(event);
        final String seen = state.getFingerprints().get(event.getEventId());
        if (seen != null) {
            if (seen.equals(fingerprint)) {
                state.setDuplicates(state.getDuplicates() + 1);
                return new PaymentDecision(Outcome.DUPLICATE, state, List.of(), List.of(), "already decided");
            }
            return refuse(current, event, Outcome.CONFLICT,
                    "event " + event.getEventId() + " was decided as [" + seen + "], now arrives as [" + fingerprint + "]");
        }
        final String owner = ownerMismatch(state, event);
        if (owner != null) {
            return refuse(current, event, Outcome.CONFLICT, owner);
        }
        return switch (event.getKind()) {
            case CHECK -> check(current, state, event, fingerprint);
            case PAY -> pay(current, state, event, fingerprint);
            case FAIL -> fail(current, state, event, fingerprint);
            case CONFIRM -> confirm(current, state, event, fingerprint);
            case CANCEL -> cancel(current, state, event, fingerprint);
            case REFUND -> refund(current, state, event, fingerprint);
            case RECURRENT -> throw new IllegalArgumentException("Recurrent is about a subscription, not a payment, and must not reach the ledger rule");
        };
    }

    private static PaymentDecision check(final PaymentState current, final PaymentState state, final PaymentEvent event, final String fingerprint) {
        final Integer code = event.getCheckCode();
        final boolean declined = code != null && code != 0;
        if (declined && (state.getCreditedMinor() > 0 || state.getAuthorizedMinor() > 0)) {
            return refuse(current, event, Outcome.CONFLICT, "Check " + event.getEventId() + " was declined (code " + code + "), but "
                    + moneyEvent(state) + " was taken; the money stands");
        }
        remember(state, event, fingerprint);
        state.setCheckCode(code);
        final List<Flag> flags = declined ? releaseHeld(state, "its Check " + event.getEventId() + " was declined (code " + code + ")") : List.of();
        return new PaymentDecision(Outcome.NO_BALANCE_CHANGE, state, List.of(), flags,
                code == null ? "Check recorded" : declined ? "Check declined with code " + code : "Check approved");
    }

    private static PaymentDecision pay(final PaymentState current, final PaymentState state, final PaymentEvent event, final String fingerprint) {
        final String contradiction = lifecycleProblem(state, event);
        if (contradiction != null) {
            return refuse(current, event, Outcome.CONFLICT, contradiction);
        }
        if (CARD_PAYOUT.equalsIgnoreCase(event.getOperationType())) {
            remember(state, event, fingerprint);
            state.setPayout(true);
            return notCredited(state, event, Outcome.PAYOUT, "payout to a card (OperationType=CardPayout): recorded, never credited");
        }
        if (isTestInLive(event)) {
            remember(state, event, fingerprint);
            state.setTestInLive(true);
            return notCredited(state, event, Outcome.TEST_IN_LIVE,
                    "test-mode payment while the organization is LIVE: recorded, never credited");
        }
        if (AUTHORIZED.equalsIgnoreCase(event.getStatus())) {
            remember(state, event, fingerprint);
            state.setTestMode(Boolean.TRUE.equals(event.getTestMode()));
            state.setAuthorizedMinor(event.getAmountMinor());
            final PaymentEvent held = state.getHeldConfirm();
            if (held == null) {
                return new PaymentDecision(Outcome.NO_BALANCE_CHANGE, state, List.of(), List.of(), "authorized; credited on Confirm");
            }
            state.setHeldConfirm(null);
            return capture(state, held, "authorized; held Confirm " + held.getEventId() + " ");
        }
        if (COMPLETED.equalsIgnoreCase(event.getStatus())) {
            if (state.getCancelled()) {
                return refuse(current, event, Outcome.CONFLICT, "Pay " + event.getEventId() + " completes a payment whose authorization was cancelled by Cancel "
                        + seenEvent(state, NotificationKind.CANCEL) + "; nothing credited");
            }
            final PaymentEvent held = state.getHeldConfirm();
            state.setHeldConfirm(null);
            final PaymentDecision credited = credit(state, event, fingerprint);
            if (held == null) {
                return credited;
            }
            final List<Flag> flags = new ArrayList<>(credited.flags());
            flags.add(new Flag(held, Outcome.CONFLICT, "Confirm " + held.getEventId() + " of one-stage payment " + event.getEventId()
                    + ": a completed payment has nothing to confirm; credited once"));
            return new PaymentDecision(credited.outcome(), credited.state(), credited.postings(), flags, credited.detail());
        }
        return refuse(current, event, Outcome.CONFLICT, "Pay " + event.getEventId() + " with Status=" + event.getStatus()
                + ": a Pay is Completed or Authorized; nothing credited");
    }

    private static PaymentDecision fail(final PaymentState current, final PaymentState state, final PaymentEvent event, final String fingerprint) {
        if (state.getCreditedMinor() > 0 || state.getAuthorizedMinor() > 0) {
            return refuse(current, event, Outcome.CONFLICT, "Fail " + event.getEventId() + " after " + moneyEvent(state)
                    + " of the same transaction; the money stands until the operator settles it with CloudPayments");
        }
        if (state.getCancelled() || state.getPayout() || state.getTestInLive()) {
            return refuse(current, event, Outcome.CONFLICT, "Fail " + event.getEventId() + " after " + anyEvent(state) + " of the same transaction");
        }
        remember(state, event, fingerprint);
        state.setFailed(true);
        final List<Flag> flags = releaseHeld(state, "the transaction failed (" + event.getEventId() + ")");
        return new PaymentDecision(Outcome.NO_BALANCE_CHANGE, state, List.of(), flags,
                "failed: " + Objects.toString(event.getReason(), "") + " " + Objects.toString(event.getReasonCode(), ""));
    }

    private static PaymentDecision confirm(final PaymentState current, final PaymentState state, final PaymentEvent event, final String fingerprint) {
        final String contradiction = lifecycleProblem(state, event);
        if (contradiction != null) {
            return refuse(current, event, Outcome.CONFLICT, contradiction);
        }
        if (state.getPayout()) {
            return refuse(current, event, Outcome.CONFLICT, "Confirm " + event.getEventId() + " of payout " + seenEvent(state, NotificationKind.PAY));
        }
        if (state.getCreditedMinor() > 0) {
            return refuse(current, event, Outcome.CONFLICT, "Confirm " + event.getEventId() + " of one-stage payment "
                    + moneyEvent(state) + ": a completed payment has nothing to confirm; credited once");
        }
        if (isTestInLive(event)) {
            remember(state, event, fingerprint);
            state.setTestInLive(true);
            return notCredited(state, event, Outcome.TEST_IN_LIVE,
                    "test-mode capture while the organization is LIVE: recorded, never credited");
        }
        remember(state, event, fingerprint);
        if (state.getAuthorizedMinor() == 0) {
            state.setHeldConfirm(event);
            return new PaymentDecision(Outcome.HELD, state, List.of(), List.of(), "no authorization yet; Confirm held until its Pay arrives");
        }
        return capture(state, event, "");
    }

    /** A Confirm against the known authorization: credits the captured amount, never more than was authorized. */
    private static PaymentDecision capture(final PaymentState state, final PaymentEvent confirm, final String prefix) {
        if (confirm.getAmountMinor() > state.getAuthorizedMinor()) {
            final Flag flag = new Flag(confirm, Outcome.CONFLICT, "Confirm " + confirm.getEventId() + " captures " + confirm.getAmountMinor()
                    + ", more than authorization " + seenEvent(state, NotificationKind.PAY) + " of " + state.getAuthorizedMinor() + "; nothing credited");
            return new PaymentDecision(Outcome.CONFLICT, state, List.of(), List.of(flag), prefix + flag.detail());
        }
        final PaymentDecision credited = creditAmount(state, confirm, confirm.getAmountMinor());
        return new PaymentDecision(credited.outcome(), credited.state(), credited.postings(), credited.flags(), prefix + credited.detail());
    }

    private static PaymentDecision cancel(final PaymentState current, final PaymentState state, final PaymentEvent event, final String fingerprint) {
        if (state.getCreditedMinor() > 0) {
            return refuse(current, event, Outcome.CONFLICT, "Cancel " + event.getEventId() + " of " + moneyEvent(state)
                    + ", which was credited; a refund is the way to return credited money");
        }
        if (state.getFailed() || state.getPayout()) {
            return refuse(current, event, Outcome.CONFLICT, "Cancel " + event.getEventId() + " after " + anyEvent(state) + " of the same transaction");
        }
        remember(state, event, fingerprint);
        state.setCancelled(true);
        final List<Flag> flags = releaseHeld(state, "its authorization was cancelled (" + event.getEventId() + ")");
        return new PaymentDecision(Outcome.NO_BALANCE_CHANGE, state, List.of(), flags, "authorization cancelled");
    }

    private static PaymentDecision refund(final PaymentState current, final PaymentState state, final PaymentEvent event, final String fingerprint) {
        if (CARD_PAYOUT.equalsIgnoreCase(event.getOperationType())) {
            remember(state, event, fingerprint);
            return notCredited(state, event, Outcome.PAYOUT, "payout to a card (OperationType=CardPayout): recorded, never debited");
        }
        if (state.getTestInLive()) {
            remember(state, event, fingerprint);
            return notCredited(state, event, Outcome.TEST_IN_LIVE, "refund of a test-mode payment that was never credited (organization LIVE)");
        }
        if (state.getFailed() || state.getCancelled() || state.getPayout()) {
            return refuse(current, event, Outcome.CONFLICT, "Refund " + event.getEventId() + " of a payment that was never credited: "
                    + anyEvent(state));
        }
        if (state.getCreditedMinor() == 0) {
            remember(state, event, fingerprint);
            final List<PaymentEvent> held = new ArrayList<>(state.getHeldRefunds());
            held.add(event);
            state.setHeldRefunds(held);
            return new PaymentDecision(Outcome.HELD, state, List.of(), List.of(), "payment not credited yet; refund held");
        }
        final String problem = refundProblem(state, event);
        if (problem != null) {
            return refuse(current, event, problem.startsWith("over-refund") ? Outcome.OVER_REFUND : Outcome.CONFLICT, problem);
        }
        remember(state, event, fingerprint);
        state.setRefundedMinor(state.getRefundedMinor() + event.getAmountMinor());
        return new PaymentDecision(Outcome.APPLIED, state, List.of(posting(state, event, -event.getAmountMinor())), List.of(), "refunded");
    }

    /** A one-stage Pay: credits its amount once, with the refunds held for it. */
    private static PaymentDecision credit(final PaymentState state, final PaymentEvent event, final String fingerprint) {
        remember(state, event, fingerprint);
        state.setTestMode(Boolean.TRUE.equals(event.getTestMode()));
        return creditAmount(state, event, event.getAmountMinor());
    }

    private static PaymentDecision creditAmount(final PaymentState state, final PaymentEvent event, final long amountMinor) {
        state.setCustomerKey(event.getOrgId() + ":" + event.getCustomerId());
        state.setCurrency(event.getCurrency());
        state.setCreditedMinor(amountMinor);
        final List<Posting> postings = new ArrayList<>();
        postings.add(posting(state, event, amountMinor));
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

    /** A notification recorded without moving money, flagged so the operator and the reports see it. */
    private static PaymentDecision notCredited(final PaymentState state, final PaymentEvent event, final Outcome outcome, final String detail) {
        final List<Flag> flags = new ArrayList<>();
        flags.add(new Flag(event, outcome, detail));
        flags.addAll(releaseHeld(state, "the payment is not credited (" + outcome + ")"));
        return new PaymentDecision(outcome, state, List.of(), flags, detail);
    }

    /**
     * Held notifications of a payment that will never be credited: they can never apply, so they are flagged now
     * rather than held forever.
     */
    private static List<Flag> releaseHeld(final PaymentState state, final String why) {
        final List<Flag> flags = new ArrayList<>();
        if (state.getHeldConfirm() != null) {
            flags.add(new Flag(state.getHeldConfirm(), Outcome.CONFLICT, "held Confirm " + state.getHeldConfirm().getEventId() + " dropped: " + why));
            state.setHeldConfirm(null);
        }
        for (final PaymentEvent refund : state.getHeldRefunds()) {
            flags.add(new Flag(refund, Outcome.CONFLICT, "held Refund " + refund.getEventId() + " dropped: " + why));
        }
        state.setHeldRefunds(new ArrayList<>());
        return flags;
    }

    /** Why a Pay or Confirm contradicts what is known of its transaction, or null. */
    private static String lifecycleProblem(final PaymentState state, final PaymentEvent event) {
        final String name = kindName(event.getKind()) + " " + event.getEventId();
        if (state.getFailed()) {
            return name + " after Fail " + seenEvent(state, NotificationKind.FAIL) + " of the same transaction; nothing credited";
        }
        if (state.getCheckCode() != null && state.getCheckCode() != 0) {
            return name + " for a transaction whose Check " + seenEvent(state, NotificationKind.CHECK) + " was declined (code "
                    + state.getCheckCode() + "); nothing credited";
        }
        if (event.getKind() == NotificationKind.CONFIRM && state.getCancelled()) {
            return name + " after Cancel " + seenEvent(state, NotificationKind.CANCEL) + "; nothing credited";
        }
        return null;
    }

    /** Why a refund cannot be applied to a credited payment, or null when it can. */
    private static String refundProblem(final PaymentState state, final PaymentEvent refund) {
        if (refund.getCurrency() != null && !refund.getCurrency().equals(state.getCurrency())) {
            return "refund " + refund.getEventId() + " in " + refund.getCurrency() + " of a payment in " + state.getCurrency();
        }
        if (refund.getCustomerId() != null && !(refund.getOrgId() + ":" + refund.getCustomerId()).equals(state.getCustomerKey())) {
            return "refund " + refund.getEventId() + " for customer " + refund.getCustomerId() + " of a payment credited to " + state.getCustomerKey();
        }
        final long left = state.getCreditedMinor() - state.getRefundedMinor();
        if (refund.getAmountMinor() > left) {
            return "over-refund: " + refund.getAmountMinor() + " asked, " + left + " left of " + state.getCreditedMinor();
        }
        return null;
    }

    /** Why a Check, Pay, Fail or Confirm names another customer or currency than its transaction has, or null. */
    private static String ownerMismatch(final PaymentState state, final PaymentEvent event) {
        if (event.getKind() == NotificationKind.REFUND || event.getKind() == NotificationKind.CANCEL) {
            return null; // refunds are checked against the credited payment; a Cancel names no customer
        }
        final String name = kindName(event.getKind()) + " " + event.getEventId();
        if (event.getCustomerId() != null && state.getCustomerKey() != null
                && !state.getCustomerKey().equals(event.getOrgId() + ":" + event.getCustomerId())) {
            return name + " is for customer " + event.getCustomerId() + ", but " + anyEvent(state) + " of transaction "
                    + event.getTransactionId() + " was for " + state.getCustomerKey();
        }
        if (event.getCurrency() != null && state.getCurrency() != null && !state.getCurrency().equals(event.getCurrency())) {
            return name + " is in " + event.getCurrency() + ", but " + anyEvent(state) + " of transaction "
                    + event.getTransactionId() + " was in " + state.getCurrency();
        }
        return null;
    }

    /**
     * Why the body does not look like the type its URL names, or null. The gateway names fields of another type it
     * found ({@code bodyMismatch}); the fields every event carries are checked here too, so the rule does not rest on
     * the gateway alone. A reconciled event is exempt: its type comes from the transaction's status in CloudPayments'
     * own API, read by the operator, not from a webhook URL.
     */
    static String bodyMismatch(final PaymentEvent e) {
        if (e.getBodyMismatch() != null) {
            return e.getBodyMismatch();
        }
        if (e.getReconciled()) {
            return null;
        }
        final String name = kindName(e.getKind());
        final boolean failFields = e.getReason() != null || e.getReasonCode() != null;
        final boolean payFields = e.getGatewayName() != null || e.getAuthCode() != null;
        final boolean namesPayment = e.getPaymentTransactionId() != null;
        final String status = e.getStatus();
        final String problem = switch (e.getKind()) {
            case PAY -> failFields ? "a Pay carrying a Fail's Reason/ReasonCode"
                    : namesPayment ? "a Pay carrying a Refund's PaymentTransactionId"
                    : !payFields ? "a Pay with neither GatewayName nor AuthCode, which every Pay carries (a Check's body?)"
                    : e.getOperationType() != null && !e.getOperationType().equalsIgnoreCase("Payment")
                            && !e.getOperationType().equalsIgnoreCase(CARD_PAYOUT) ? "a Pay with OperationType=" + e.getOperationType()
                    : null;
            case CONFIRM -> failFields ? "a Confirm carrying a Fail's Reason/ReasonCode"
                    : namesPayment ? "a Confirm carrying a Refund's PaymentTransactionId"
                    : !COMPLETED.equalsIgnoreCase(status) ? "a Confirm with Status=" + status + "; CloudPayments confirms with Status=Completed"
                    : null;
            case FAIL -> !failFields ? "a Fail without Reason or ReasonCode, which every Fail carries"
                    : namesPayment ? "a Fail carrying a Refund's PaymentTransactionId"
                    : status != null && !status.equalsIgnoreCase("Declined") ? "a Fail with Status=" + status
                    : null;
            case CHECK -> failFields ? "a Check carrying a Fail's Reason/ReasonCode"
                    : namesPayment ? "a Check carrying a Refund's PaymentTransactionId"
                    : payFields ? "a Check carrying a Pay's GatewayName/AuthCode"
                    : null;
            case CANCEL -> failFields ? "a Cancel carrying a Fail's Reason/ReasonCode"
                    : namesPayment ? "a Cancel carrying a Refund's PaymentTransactionId"
                    : payFields ? "a Cancel carrying a Pay's GatewayName/AuthCode"
                    : status != null && !status.equalsIgnoreCase("Cancelled") ? "a Cancel with Status=" + status
                    : null;
            case REFUND -> failFields ? "a Refund carrying a Fail's Reason/ReasonCode"
                    : e.getOperationType() != null && !e.getOperationType().equalsIgnoreCase("Refund")
                            && !e.getOperationType().equalsIgnoreCase(CARD_PAYOUT) ? "a Refund with OperationType=" + e.getOperationType()
                    : null;
            case RECURRENT -> null;
        };
        return problem == null ? null : problem + " (" + name + " " + e.getEventId() + ")";
    }

    private static boolean isTestInLive(final PaymentEvent event) {
        return Boolean.TRUE.equals(event.getTestMode()) && event.getOrgMode() == OrgMode.LIVE;
    }

    private static PaymentDecision refuse(final PaymentState current, final PaymentEvent event, final Outcome outcome, final String detail) {
        // The stored state is left as it was: a refused event teaches the ledger nothing.
        return new PaymentDecision(outcome, current, List.of(), List.of(new Flag(event, outcome, detail)), detail);
    }

    private static void remember(final PaymentState state, final PaymentEvent event, final String fingerprint) {
        final Map<String, String> fingerprints = new HashMap<>(state.getFingerprints());
        fingerprints.put(event.getEventId(), fingerprint);
        state.setFingerprints(fingerprints);
        state.setUpdatedAt(Instant.ofEpochMilli(Math.max(state.getUpdatedAt().toEpochMilli(), event.getOccurredAt().toEpochMilli())));
        if (state.getCustomerKey() == null && event.getCustomerId() != null && event.getKind() != NotificationKind.REFUND) {
            state.setCustomerKey(event.getOrgId() + ":" + event.getCustomerId());
        }
        if (state.getCurrency() == null && event.getCurrency() != null && event.getKind() != NotificationKind.REFUND) {
            state.setCurrency(event.getCurrency());
        }
    }

    /** The id of the remembered notification of {@code kind} for this transaction, for messages that name both sides. */
    private static String seenEvent(final PaymentState state, final NotificationKind kind) {
        final String prefix = kind.name() + "|";
        for (final Map.Entry<String, String> e : state.getFingerprints().entrySet()) {
            if (e.getValue().startsWith(prefix)) {
                return e.getKey();
            }
        }
        return "(not recorded)";
    }

    /** The notification that moved or held the transaction's money: a Pay or Confirm. */
    private static String moneyEvent(final PaymentState state) {
        final String confirm = seenEvent(state, NotificationKind.CONFIRM);
        return confirm.startsWith("(") ? "Pay " + seenEvent(state, NotificationKind.PAY) : "Confirm " + confirm;
    }

    /** Some notification already decided for the transaction, for messages. */
    private static String anyEvent(final PaymentState state) {
        for (final NotificationKind kind : List.of(NotificationKind.PAY, NotificationKind.CONFIRM, NotificationKind.FAIL,
                NotificationKind.CANCEL, NotificationKind.CHECK)) {
            final String seen = seenEvent(state, kind);
            if (!seen.startsWith("(")) {
                return kindName(kind) + " " + seen;
            }
        }
        return "what came before";
    }

    private static String kindName(final NotificationKind kind) {
        final String name = kind.name();
        return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
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
                .setTestMode(state.getTestMode())
                .setOccurredAt(source.getOccurredAt())
                .build();
    }

    /**
     * What must not change between deliveries of the same notification. The organization's mode is not part of it:
     * a redelivery after a switch to LIVE is the same notification, decided once.
     */
    static String fingerprint(final PaymentEvent e) {
        final String base = e.getKind() + "|" + e.getCustomerId() + "|" + e.getAmountMinor() + "|" + e.getCurrency()
                + "|" + Objects.toString(e.getPaymentTransactionId(), "") + "|" + Objects.toString(e.getStatus(), "");
        return e.getKind() == NotificationKind.CHECK ? base + "|" + Objects.toString(e.getCheckCode(), "") : base;
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
            case CHECK, FAIL, CANCEL -> e.getTransactionId() == null ? "TransactionId missing" : null;
            case RECURRENT -> null;
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

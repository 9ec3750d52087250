package ledger.operator.reconcile;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import ledger.balance.domain.Flag;
import ledger.events.Card;
import ledger.events.Fees;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.events.PaymentState;
import ledger.gateway.notification.AppData;
import ledger.gateway.notification.MinorUnits;
import ledger.operator.history.LedgerReplay;
import ledger.operator.history.PaymentHistory;

/**
 * Compares CloudPayments' transactions of a time window with what the ledger holds for them: the payments topic
 * decided by the ledger's own rule ({@link LedgerReplay}), payment by payment.
 *
 * <ul>
 *   <li><b>missing</b>: CloudPayments completed or authorized a payment the ledger never received. It can be injected
 *       as the Pay the webhook would have been: same event id {@code orgId:PAY:TransactionId}, same content, marked
 *       {@code reconciled}. Should the webhook still arrive, the ledger takes it for a duplicate.</li>
 *   <li><b>missing confirm</b>: CloudPayments completed a payment the ledger holds as authorized only (its Confirm was
 *       missed); the Confirm can be injected the same way ({@code orgId:CONFIRM:TransactionId}).</li>
 *   <li><b>mismatched</b>: both know the payment but disagree on amount, currency, account, status, test mode or
 *       refund, or the ledger refused the webhook (dead-lettered it).</li>
 *   <li><b>unknown</b>: the ledger credited or authorized a payment of the window that CloudPayments does not list.</li>
 * </ul>
 * Declined and cancelled attempts move no money and are only differences when the ledger credited them. Refunds and
 * card payouts listed by CloudPayments (Type 1 and 2) are counted, not compared: a payment's {@code Refunded} flag is.
 */
public final class Reconciliation {

    public enum Kind { MISSING, MISSING_CONFIRM, MISMATCHED, UNKNOWN }

    /** One difference; {@code injection} is the event that would repair it, or null. */
    public record Finding(Kind kind, long transactionId, String detail, PaymentEvent injection) {
    }

    /**
     * @param listed transactions CloudPayments listed; @param payments of them payments (Type 0)
     */
    public record Result(List<Finding> findings, int listed, int payments, int matched, int ledgerPayments) {

        public List<PaymentEvent> injections() {
            return findings.stream().map(Finding::injection).filter(Objects::nonNull).toList();
        }
    }

    private Reconciliation() {
    }

    public static Result compare(final String orgId, final List<CloudPaymentsList.Transaction> listed, final PaymentHistory history,
                                 final Instant from, final Instant to, final Instant now) {
        final List<PaymentEvent> events = history.deliveries().stream().map(PaymentHistory.Delivery::event)
                .filter(e -> e.getOrgId().equals(orgId)).toList();
        final LedgerReplay replay = LedgerReplay.of(events);
        final Map<String, Flag> refusals = new HashMap<>();
        replay.flags().forEach(f -> refusals.put(f.event().getEventId(), f));
        final Map<Long, PaymentEvent> firstCredit = new TreeMap<>();
        for (final PaymentEvent e : events) {
            if ((e.getKind() == NotificationKind.PAY || e.getKind() == NotificationKind.CONFIRM) && e.getTransactionId() != null) {
                firstCredit.putIfAbsent(e.getTransactionId(), e);
            }
        }

        final List<Finding> findings = new ArrayList<>();
        final Set<Long> listedIds = new HashSet<>();
        int payments = 0;
        int matched = 0;
        for (final CloudPaymentsList.Transaction t : listed) {
            listedIds.add(t.transactionId());
            if (t.type() != 0) {
                continue;
            }
            payments++;
            final int before = findings.size();
            compareOne(orgId, t, replay.payments().get(orgId + ":" + t.transactionId()), refusals, now, findings);
            if (findings.size() == before) {
                matched++;
            }
        }

        int ledgerPayments = 0;
        for (final Map.Entry<Long, PaymentEvent> e : firstCredit.entrySet()) {
            final Instant at = e.getValue().getOccurredAt();
            final PaymentState state = replay.payments().get(orgId + ":" + e.getKey());
            if (at.isBefore(from) || at.isAfter(to) || state == null || (state.getCreditedMinor() == 0 && state.getAuthorizedMinor() == 0)) {
                continue;
            }
            ledgerPayments++;
            if (!listedIds.contains(e.getKey())) {
                findings.add(new Finding(Kind.UNKNOWN, e.getKey(), "the ledger " + (state.getCreditedMinor() > 0
                        ? "credited " + state.getCreditedMinor() : "holds an authorization of " + state.getAuthorizedMinor())
                        + " " + state.getCurrency() + " to " + state.getCustomerKey() + " at " + at + "; CloudPayments does not list it", null));
            }
        }
        return new Result(findings, listed.size(), payments, matched, ledgerPayments);
    }

    private static void compareOne(final String orgId, final CloudPaymentsList.Transaction t, final PaymentState state,
                                   final Map<String, Flag> refusals, final Instant now, final List<Finding> findings) {
        final String status = t.status() == null ? "" : t.status();
        final boolean credited = state != null && state.getCreditedMinor() > 0;
        final boolean authorized = state != null && state.getAuthorizedMinor() > 0 && !credited && !state.getCancelled();
        final long tx = t.transactionId();
        switch (status) {
            case "Completed", "Authorized" -> {
                final boolean completed = status.equals("Completed");
                if (state == null || (!credited && !authorized && !state.getCancelled())) {
                    if (state != null && (state.getFailed() || state.getPayout() || state.getTestInLive())) {
                        // Injecting would only be refused again: the contradiction is for the operator to settle.
                        findings.add(new Finding(Kind.MISMATCHED, tx, "CloudPayments: " + status + "; the ledger holds the transaction "
                                + (state.getFailed() ? "failed (a Fail arrived)" : state.getPayout() ? "as a payout" : "as a test payment while LIVE")
                                + " and credited nothing", null));
                        return;
                    }
                    final Flag refused = refusals.get(orgId + ":PAY:" + tx);
                    if (refused != null) {
                        findings.add(new Finding(Kind.MISMATCHED, tx, "CloudPayments: " + status + "; the ledger refused the Pay ("
                                + refused.reason() + ": " + refused.detail() + ")", null));
                        return;
                    }
                    final Amount amount = amount(t);
                    if (amount.problem != null) {
                        findings.add(new Finding(Kind.MISSING, tx, "CloudPayments: " + status + " " + t.amount() + " " + t.currency()
                                + " for account " + t.accountId() + "; cannot be injected: " + amount.problem, null));
                        return;
                    }
                    findings.add(new Finding(Kind.MISSING, tx, "CloudPayments: " + status + " " + t.amount() + " " + t.currency() + " for account "
                            + t.accountId() + " at " + t.createdAt() + "; the ledger never received it",
                            t.accountId() == null ? null : injection(orgId, NotificationKind.PAY, t, amount.minor, now)));
                    return;
                }
                if (state.getCancelled()) {
                    findings.add(new Finding(Kind.MISMATCHED, tx, "status: CloudPayments " + status + ", the ledger holds it cancelled", null));
                    return;
                }
                if (completed && authorized) {
                    final Amount amount = amount(t);
                    findings.add(new Finding(Kind.MISSING_CONFIRM, tx, "status: CloudPayments Completed, the ledger holds it Authorized (its Confirm was missed)",
                            amount.problem == null && t.accountId() != null ? injection(orgId, NotificationKind.CONFIRM, t, amount.minor, now) : null));
                    return;
                }
                if (!completed && credited) {
                    findings.add(new Finding(Kind.MISMATCHED, tx, "status: CloudPayments Authorized, the ledger credited " + state.getCreditedMinor(), null));
                    return;
                }
                final List<String> diffs = new ArrayList<>();
                final Amount amount = amount(t);
                final long held = credited ? state.getCreditedMinor() : state.getAuthorizedMinor();
                if (amount.problem != null || amount.minor != held) {
                    diffs.add("amount: CloudPayments " + t.amount() + " " + t.currency() + ", the ledger " + held);
                }
                if (!Objects.equals(t.currency(), state.getCurrency())) {
                    diffs.add("currency: CloudPayments " + t.currency() + ", the ledger " + state.getCurrency());
                }
                if (!Objects.equals(orgId + ":" + t.accountId(), state.getCustomerKey())) {
                    diffs.add("account: CloudPayments " + t.accountId() + ", the ledger " + state.getCustomerKey());
                }
                if (t.testMode() != state.getTestMode()) {
                    diffs.add("test mode: CloudPayments " + t.testMode() + ", the ledger " + state.getTestMode());
                }
                if (t.refunded() != (state.getRefundedMinor() > 0)) {
                    diffs.add("refund: CloudPayments " + (t.refunded() ? "refunded" : "not refunded") + ", the ledger refunded " + state.getRefundedMinor());
                }
                if (!diffs.isEmpty()) {
                    findings.add(new Finding(Kind.MISMATCHED, tx, String.join("; ", diffs), null));
                }
            }
            case "Declined", "Cancelled" -> {
                if (credited) {
                    findings.add(new Finding(Kind.MISMATCHED, tx, "status: CloudPayments " + status + ", the ledger credited " + state.getCreditedMinor()
                            + " to " + state.getCustomerKey(), null));
                }
            }
            default -> {
                // AwaitingAuthentication and other transient states: nothing settled yet.
            }
        }
    }

    private record Amount(long minor, String problem) {
    }

    private static Amount amount(final CloudPaymentsList.Transaction t) {
        if (t.amount() == null) {
            return new Amount(0, "no Amount");
        }
        final MinorUnits.Result r = MinorUnits.parse("Amount", t.amount().toPlainString(), t.currency());
        if (r instanceof MinorUnits.Valid v) {
            return new Amount(v.amountMinor(), null);
        }
        return new Amount(0, ((MinorUnits.Invalid) r).error().toString());
    }

    private static Long minor(final BigDecimal value, final String currency) {
        if (value == null || currency == null) {
            return null;
        }
        final MinorUnits.Result r = MinorUnits.parse("amount", value.abs().toPlainString(), currency);
        return r instanceof MinorUnits.Valid v ? v.amountMinor() : null;
    }

    /**
     * The notification CloudPayments would have sent, as the gateway would have mapped it: the same event id and the
     * same content the ledger fingerprints (kind, account, amount, currency, status), marked {@code reconciled}.
     */
    static PaymentEvent injection(final String orgId, final NotificationKind kind, final CloudPaymentsList.Transaction t,
                                  final long amountMinor, final Instant now) {
        final boolean card = t.cardFirstSix() != null || t.cardLastFour() != null || t.cardType() != null;
        final Long fee = minor(t.totalFee(), t.currency());
        return PaymentEvent.newBuilder()
                .setEventId(orgId + ":" + kind + ":" + t.transactionId())
                .setOrgId(orgId)
                .setKind(kind)
                .setTransactionId(t.transactionId())
                .setCustomerId(t.accountId())
                .setClubId(AppData.clubIdOf(t.jsonData()).orElse(null))
                .setAmountMinor(amountMinor)
                .setCurrency(t.currency())
                .setPaymentAmountMinor(minor(t.paymentAmount(), t.paymentCurrency()))
                .setPaymentCurrency(t.paymentCurrency())
                .setOccurredAt(t.createdAt().truncatedTo(ChronoUnit.MILLIS))
                .setReceivedAt(now.truncatedTo(ChronoUnit.MILLIS))
                .setTestMode(t.testMode())
                .setStatus(kind == NotificationKind.CONFIRM ? "Completed" : t.status())
                .setOperationType("Payment")
                .setInvoiceId(t.invoiceId())
                .setCard(card ? Card.newBuilder().setFirstSix(t.cardFirstSix()).setLastFour(t.cardLastFour()).setType(t.cardType())
                        .setExpDate(t.cardExpDate()).setIssuer(t.issuer()).setIssuerBankCountry(t.issuerBankCountry()).setProduct(t.cardProduct())
                        .build() : null)
                .setGatewayName(t.gatewayName())
                .setAuthCode(t.authCode())
                .setRrn(t.rrn())
                .setFees(fee == null || kind == NotificationKind.CONFIRM ? null : Fees.newBuilder().setTotalFeeMinor(fee).build())
                .setDescription(t.description())
                .setData(t.jsonData())
                .setReconciled(true)
                .build();
    }
}

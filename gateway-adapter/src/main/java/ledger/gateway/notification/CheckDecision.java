package ledger.gateway.notification;

import java.util.Objects;
import ledger.events.NotificationKind;
import ledger.events.OrgMode;
import ledger.events.PaymentEvent;

/**
 * The answer to a CloudPayments Check notification, which arrives before the card is charged and decides
 * whether the payment may proceed (PROTOCOL.md §4.3).
 *
 * <p>The rules, in order, so that the most fundamental refusal is the one reported: the organization must be
 * connected and taking payments (else {@link #NOT_ACCEPTED}, code 13); the body must look like a Check, not a
 * notification of another type sent to the Check URL (else {@link #BODY_MISMATCH}, 13; see {@link BodyShape}, whose
 * verdict the event carries as {@code bodyMismatch}); an organization its admin set to
 * {@link OrgMode#LIVE} takes no test-mode payment (else {@link #TEST_PAYMENT_IN_LIVE_MODE}, 13: the ledger would
 * credit nothing for it, so the payer is stopped before paying); the AccountId must look like a customer
 * id — present, not blank, at most {@value #MAX_ACCOUNT_ID_CHARS} characters, no control characters (else
 * {@link #INVALID_ACCOUNT}, 11); the payment must be in the organization's currency and within its inclusive
 * limits (else {@link #INVALID_AMOUNT}, 12). Whether the customer exists in the club's CRM is not decided
 * here. The decision is a pure function of its inputs: no I/O, no clock.
 */
public enum CheckDecision {

    /** Code 0: the payment may proceed. */
    ACCEPT(0),
    /** Code 11: the AccountId is missing or cannot be a customer id. */
    INVALID_ACCOUNT(11),
    /** Code 12: wrong currency, or the amount is outside the organization's limits. */
    INVALID_AMOUNT(12),
    /** Code 13: the organization is not connected or its payments are disabled. */
    NOT_ACCEPTED(13),
    /** Code 13: a test-mode (TestMode=1) payment for an organization whose admin set it to LIVE. */
    TEST_PAYMENT_IN_LIVE_MODE(13),
    /** Code 13: the body carries fields of another notification type ({@link PaymentEvent#getBodyMismatch()}). */
    BODY_MISMATCH(13);

    /** Longer AccountIds are no customer id of ours, and would bloat every key on every topic. */
    static final int MAX_ACCOUNT_ID_CHARS = 128;

    private final int code;

    CheckDecision(final int code) {
        this.code = code;
    }

    /** The number to answer CloudPayments with, as {@code {"code": N}}. */
    public int code() {
        return code;
    }

    /**
     * Decides a Check.
     *
     * @param check  the mapped Check notification
     * @param policy the organization's top-up rules
     * @throws IllegalArgumentException when {@code check} is not a Check: other kinds accept only code 0
     */
    public static CheckDecision decide(final PaymentEvent check, final TopUpPolicy policy) {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(policy, "policy");
        if (check.getKind() != NotificationKind.CHECK) {
            throw new IllegalArgumentException("only Check notifications are decided, got " + check.getKind());
        }
        if (!policy.enabled()) {
            return NOT_ACCEPTED;
        }
        if (check.getBodyMismatch() != null) {
            return BODY_MISMATCH;
        }
        if (policy.mode() == OrgMode.LIVE && Boolean.TRUE.equals(check.getTestMode())) {
            return TEST_PAYMENT_IN_LIVE_MODE;
        }
        if (!isWellFormedAccountId(check.getCustomerId())) {
            return INVALID_ACCOUNT;
        }
        final long amountMinor = check.getAmountMinor();
        if (!policy.currency().equals(check.getCurrency())
                || amountMinor < policy.minAmountMinor() || amountMinor > policy.maxAmountMinor()) {
            return INVALID_AMOUNT;
        }
        return ACCEPT;
    }

    /**
     * Whether {@code accountId} can be a customer id: not null, not blank, at most
     * {@value #MAX_ACCOUNT_ID_CHARS} characters (Unicode code points) and free of control characters, which
     * would corrupt keys, logs and CSV reports.
     */
    public static boolean isWellFormedAccountId(final String accountId) {
        return accountId != null
                && !accountId.isBlank()
                && accountId.codePointCount(0, accountId.length()) <= MAX_ACCOUNT_ID_CHARS
                && accountId.codePoints().noneMatch(Character::isISOControl);
    }
}

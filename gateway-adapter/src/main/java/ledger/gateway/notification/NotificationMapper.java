package ledger.gateway.notification;

import static ledger.gateway.notification.CloudPaymentsField.ACCOUNT_ID;
import static ledger.gateway.notification.CloudPaymentsField.AMOUNT;
import static ledger.gateway.notification.CloudPaymentsField.AUTH_CODE;
import static ledger.gateway.notification.CloudPaymentsField.CARD_EXP_DATE;
import static ledger.gateway.notification.CloudPaymentsField.CARD_FIRST_SIX;
import static ledger.gateway.notification.CloudPaymentsField.CARD_LAST_FOUR;
import static ledger.gateway.notification.CloudPaymentsField.CARD_PRODUCT;
import static ledger.gateway.notification.CloudPaymentsField.CARD_TYPE;
import static ledger.gateway.notification.CloudPaymentsField.CURRENCY;
import static ledger.gateway.notification.CloudPaymentsField.DATA;
import static ledger.gateway.notification.CloudPaymentsField.DATE_TIME;
import static ledger.gateway.notification.CloudPaymentsField.DESCRIPTION;
import static ledger.gateway.notification.CloudPaymentsField.FAILED_TRANSACTIONS_NUMBER;
import static ledger.gateway.notification.CloudPaymentsField.FALLBACK_DECLINED_TRANSACTION_ID;
import static ledger.gateway.notification.CloudPaymentsField.GATEWAY_NAME;
import static ledger.gateway.notification.CloudPaymentsField.ID;
import static ledger.gateway.notification.CloudPaymentsField.INTERVAL;
import static ledger.gateway.notification.CloudPaymentsField.INVOICE_ID;
import static ledger.gateway.notification.CloudPaymentsField.ISSUER;
import static ledger.gateway.notification.CloudPaymentsField.ISSUER_BANK_COUNTRY;
import static ledger.gateway.notification.CloudPaymentsField.LAST_TRANSACTION_DATE;
import static ledger.gateway.notification.CloudPaymentsField.MAX_PERIODS;
import static ledger.gateway.notification.CloudPaymentsField.NEXT_TRANSACTION_DATE;
import static ledger.gateway.notification.CloudPaymentsField.OPERATION_TYPE;
import static ledger.gateway.notification.CloudPaymentsField.PAYMENT_AMOUNT;
import static ledger.gateway.notification.CloudPaymentsField.PAYMENT_CURRENCY;
import static ledger.gateway.notification.CloudPaymentsField.PAYMENT_METHOD;
import static ledger.gateway.notification.CloudPaymentsField.PAYMENT_TRANSACTION_ID;
import static ledger.gateway.notification.CloudPaymentsField.PERIOD;
import static ledger.gateway.notification.CloudPaymentsField.PROCESSOR_AND_PARTNER_FEE;
import static ledger.gateway.notification.CloudPaymentsField.REASON;
import static ledger.gateway.notification.CloudPaymentsField.REASON_CODE;
import static ledger.gateway.notification.CloudPaymentsField.REQUIRE_CONFIRMATION;
import static ledger.gateway.notification.CloudPaymentsField.RRN;
import static ledger.gateway.notification.CloudPaymentsField.START_DATE;
import static ledger.gateway.notification.CloudPaymentsField.STATUS;
import static ledger.gateway.notification.CloudPaymentsField.SUBSCRIPTION_ID;
import static ledger.gateway.notification.CloudPaymentsField.SUCCESSFUL_TRANSACTIONS_NUMBER;
import static ledger.gateway.notification.CloudPaymentsField.TEST_MODE;
import static ledger.gateway.notification.CloudPaymentsField.TOTAL_FEE;
import static ledger.gateway.notification.CloudPaymentsField.TRANSACTION_ID;
import static ledger.gateway.notification.CloudPaymentsField.VAT_ABOVE_TOTAL_FEE;
import static ledger.gateway.notification.CloudPaymentsField.VAT_WITHIN_PROCESSOR_FEE;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import ledger.events.Card;
import ledger.events.Fees;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.events.Subscription;

/**
 * Turns one verified CloudPayments notification into the {@link PaymentEvent} the gateway publishes, or into
 * a list of errors that name every offending field.
 *
 * <p>What is required ({@link #requiredFields}) is what the ledger cannot do without: the idempotency key
 * ({@code TransactionId}; for Recurrent the subscription {@code Id}, {@code Status} and counters), the money
 * ({@code Amount}, {@code Currency} where CloudPayments sends one), the business time ({@code DateTime}) and
 * the test-mode flag of card operations, so that test money is never taken for live money. Fields the
 * documentation marks required but the ledger does not need (OperationType, GatewayName, card fields,
 * Reason...) are optional here: real bodies lack some of them (a 2015 Pay has no GatewayName, Fail bodies
 * disagree with the documentation about Status), and refusing a Pay answers CloudPayments with an error that
 * it repeats about a hundred times without ever changing the body. Every field that is present must be
 * well-formed, whether required or not; all errors are collected, not just the first.
 *
 * <p>Conventions: an empty value is an absent one; unknown extra fields are ignored; amounts are exact
 * {@code long} minor units ({@link MinorUnits}) of {@code Currency} — for Refund and Cancel, which carry no
 * Currency, of CloudPayments' documented two-decimal format; date-times are UTC ({@link UtcDateTime});
 * {@code CardType} and other descriptive values are kept as sent; {@code Data} is kept verbatim and
 * {@code clubId} is read from it leniently ({@link AppData}), never refusing the notification.
 *
 * <p>Data minimisation: the card token ({@code Token}, which can charge the card again), the cardholder's
 * {@code Name}, {@code Email}, {@code IpAddress} and the other {@code Ip*} fields, {@code CardId} and
 * {@code CustomFields} are deliberately not copied into the event. The ledger and the reports do not need
 * them, and every copy on a Kafka topic is one more place personal data must be protected and erased.
 *
 * <p>Identity: {@code eventId} is {@code orgId:KIND:TransactionId}; for Recurrent, which has no
 * TransactionId, {@code orgId:RECURRENT:subscriptionId:status:successful:failed}, so that each status change
 * is one event and a redelivery of it is a duplicate. {@code occurredAt} is {@code DateTime}; Recurrent has
 * none, so its {@code occurredAt} is the receipt time. {@code receivedAt} is truncated to milliseconds, the
 * precision of the Avro field, so that an event equals itself after a round trip through Kafka.
 */
public final class NotificationMapper {

    /** CloudPayments documents every amount as "dot, two digits after it"; used only when no Currency says otherwise. */
    static final int DOCUMENTED_DECIMALS = 2;

    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,19}");
    private static final Map<NotificationKind, Set<String>> REQUIRED = requiredByKind();

    private NotificationMapper() {
    }

    /** The outcome of mapping: an event ready to publish, or what is wrong with the notification. */
    public sealed interface Result permits Mapped, Rejected {
    }

    /** @param event the payment event, complete and valid against its Avro schema */
    public record Mapped(PaymentEvent event) implements Result {
    }

    /** @param errors every field error found: missing required fields first, then malformed values; never empty */
    public record Rejected(List<FieldError> errors) implements Result {
        public Rejected {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("a rejection needs at least one error");
            }
        }

        /** The errors as one line, e.g. {@code Amount: "12,50" is not a decimal amount; DateTime: ...}. */
        public String message() {
            return errors.stream().map(FieldError::toString).collect(Collectors.joining("; "));
        }
    }

    /**
     * The fields without which a notification of {@code kind} is refused, in the order they are checked.
     */
    public static Set<String> requiredFields(final NotificationKind kind) {
        return REQUIRED.get(Objects.requireNonNull(kind, "kind"));
    }

    /**
     * Maps one notification.
     *
     * @param orgId      the organization whose webhook URL and secret the notification arrived with
     * @param kind       the notification type, from the webhook URL (the body does not say)
     * @param form       the notification's parameters
     * @param receivedAt when the gateway received this delivery
     */
    public static Result map(final String orgId, final NotificationKind kind, final NotificationForm form,
                             final Instant receivedAt) {
        Objects.requireNonNull(orgId, "orgId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(form, "form");
        Objects.requireNonNull(receivedAt, "receivedAt");
        if (orgId.isBlank()) {
            throw new IllegalArgumentException("orgId must not be blank");
        }
        final FieldReader fields = new FieldReader(form, REQUIRED.get(kind));
        final Instant received = receivedAt.truncatedTo(ChronoUnit.MILLIS);

        final Long transactionId = fields.positiveLong(TRANSACTION_ID);
        final Long paymentTransactionId = fields.positiveLong(PAYMENT_TRANSACTION_ID);
        final String currency = fields.currency(CURRENCY);
        final OptionalInt decimals = currency != null ? MinorUnits.decimalsOf(currency)
                : fields.isPresent(CURRENCY) ? OptionalInt.empty() : OptionalInt.of(DOCUMENTED_DECIMALS);
        final Long amountMinor = fields.amount(AMOUNT, decimals);
        final String paymentCurrency = fields.currency(PAYMENT_CURRENCY);
        final OptionalInt paymentDecimals = paymentCurrency != null ? MinorUnits.decimalsOf(paymentCurrency)
                : fields.isPresent(PAYMENT_CURRENCY) ? OptionalInt.empty() : decimals;
        final Long paymentAmountMinor = fields.amount(PAYMENT_AMOUNT, paymentDecimals);
        final Instant dateTime = fields.instant(DATE_TIME);
        final Boolean testMode = fields.bit(TEST_MODE);
        final Integer reasonCode = fields.nonNegativeInt(REASON_CODE);
        final Long fallbackDeclinedTransactionId = fields.positiveLong(FALLBACK_DECLINED_TRANSACTION_ID);
        final Fees fees = fees(fields, decimals);
        final Subscription subscription = kind == NotificationKind.RECURRENT ? subscription(fields) : null;

        if (!fields.errors().isEmpty()) {
            return new Rejected(fields.errors());
        }
        final String data = fields.text(DATA);
        final PaymentEvent event = PaymentEvent.newBuilder()
                .setEventId(eventId(orgId, kind, transactionId, subscription))
                .setOrgId(orgId)
                .setKind(kind)
                .setTransactionId(transactionId)
                .setPaymentTransactionId(paymentTransactionId)
                .setCustomerId(fields.text(ACCOUNT_ID))
                .setClubId(AppData.clubIdOf(data).orElse(null))
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setPaymentAmountMinor(paymentAmountMinor)
                .setPaymentCurrency(paymentCurrency)
                .setOccurredAt(dateTime != null ? dateTime : received)
                .setReceivedAt(received)
                .setTestMode(testMode)
                // For Recurrent, Status is the subscription's (Active, PastDue...), not a payment status.
                .setStatus(subscription == null ? fields.text(STATUS) : null)
                .setOperationType(fields.text(OPERATION_TYPE))
                .setInvoiceId(fields.text(INVOICE_ID))
                .setSubscriptionId(subscription == null ? fields.text(SUBSCRIPTION_ID) : subscription.getId())
                .setCard(card(fields))
                .setGatewayName(fields.text(GATEWAY_NAME))
                .setAuthCode(fields.text(AUTH_CODE))
                .setRrn(fields.text(RRN))
                .setFees(fees)
                .setReason(fields.text(REASON))
                .setReasonCode(reasonCode)
                .setDescription(fields.text(DESCRIPTION))
                .setPaymentMethod(fields.text(PAYMENT_METHOD))
                .setFallbackDeclinedTransactionId(fallbackDeclinedTransactionId)
                .setData(data)
                .setSubscription(subscription)
                .setReconciled(false)
                .build();
        return new Mapped(event);
    }

    private static String eventId(final String orgId, final NotificationKind kind, final Long transactionId,
                                  final Subscription subscription) {
        if (kind == NotificationKind.RECURRENT) {
            return String.join(":", orgId, kind.name(), subscription.getId(), subscription.getStatus(),
                    String.valueOf(subscription.getSuccessfulTransactions()),
                    String.valueOf(subscription.getFailedTransactions()));
        }
        return orgId + ":" + kind.name() + ":" + transactionId;
    }

    /** The masked card, or null when the notification carries no card field at all (Refund, Cancel). */
    private static Card card(final FieldReader fields) {
        if (!fields.anyPresent(CARD_FIRST_SIX, CARD_LAST_FOUR, CARD_TYPE, CARD_EXP_DATE, ISSUER,
                ISSUER_BANK_COUNTRY, CARD_PRODUCT)) {
            return null;
        }
        return Card.newBuilder()
                .setFirstSix(fields.text(CARD_FIRST_SIX))
                .setLastFour(fields.text(CARD_LAST_FOUR))
                .setType(fields.text(CARD_TYPE))
                .setExpDate(fields.text(CARD_EXP_DATE))
                .setIssuer(fields.text(ISSUER))
                .setIssuerBankCountry(fields.text(ISSUER_BANK_COUNTRY))
                .setProduct(fields.text(CARD_PRODUCT))
                .build();
    }

    /** The fees in minor units of the payment's currency, or null when none of the four fee fields is sent. */
    private static Fees fees(final FieldReader fields, final OptionalInt decimals) {
        final boolean anyFee = fields.anyPresent(TOTAL_FEE, VAT_ABOVE_TOTAL_FEE, PROCESSOR_AND_PARTNER_FEE,
                VAT_WITHIN_PROCESSOR_FEE);
        final Long totalFee = fields.amount(TOTAL_FEE, decimals);
        final Long vatAboveTotalFee = fields.amount(VAT_ABOVE_TOTAL_FEE, decimals);
        final Long processorAndPartnerFee = fields.amount(PROCESSOR_AND_PARTNER_FEE, decimals);
        final Long vatWithinProcessorFee = fields.amount(VAT_WITHIN_PROCESSOR_FEE, decimals);
        if (!anyFee) {
            return null;
        }
        return Fees.newBuilder()
                .setTotalFeeMinor(totalFee)
                .setVatAboveTotalFeeMinor(vatAboveTotalFee)
                .setProcessorAndPartnerFeeMinor(processorAndPartnerFee)
                .setVatWithinProcessorFeeMinor(vatWithinProcessorFee)
                .build();
    }

    /** The subscription state of a Recurrent notification; null when a required part is missing or bad. */
    private static Subscription subscription(final FieldReader fields) {
        final String id = fields.text(ID);
        final String status = fields.text(STATUS);
        final Boolean requireConfirmation = fields.bit(REQUIRE_CONFIRMATION);
        final Instant startAt = fields.instant(START_DATE);
        final Integer period = fields.nonNegativeInt(PERIOD);
        final Integer maxPeriods = fields.nonNegativeInt(MAX_PERIODS);
        final Integer successful = fields.nonNegativeInt(SUCCESSFUL_TRANSACTIONS_NUMBER);
        final Integer failed = fields.nonNegativeInt(FAILED_TRANSACTIONS_NUMBER);
        final Instant lastTransactionAt = fields.instant(LAST_TRANSACTION_DATE);
        final Instant nextTransactionAt = fields.instant(NEXT_TRANSACTION_DATE);
        if (id == null || status == null || successful == null || failed == null) {
            // The reader has recorded why; the caller rejects the notification.
            return null;
        }
        return Subscription.newBuilder()
                .setId(id)
                .setStatus(status)
                .setDescription(fields.text(DESCRIPTION))
                .setRequireConfirmation(requireConfirmation)
                .setStartAt(startAt)
                .setInterval(fields.text(INTERVAL))
                .setPeriod(period)
                .setMaxPeriods(maxPeriods)
                .setSuccessfulTransactions(successful)
                .setFailedTransactions(failed)
                .setLastTransactionAt(lastTransactionAt)
                .setNextTransactionAt(nextTransactionAt)
                .build();
    }

    private static Map<NotificationKind, Set<String>> requiredByKind() {
        final Map<NotificationKind, Set<String>> required = new EnumMap<>(NotificationKind.class);
        // Card operations: identity, money, time, and whether it is test money.
        final Set<String> cardOperation = ordered(TRANSACTION_ID, AMOUNT, CURRENCY, DATE_TIME, TEST_MODE);
        required.put(NotificationKind.CHECK, cardOperation);
        required.put(NotificationKind.PAY, cardOperation);
        required.put(NotificationKind.FAIL, cardOperation);
        required.put(NotificationKind.CONFIRM, cardOperation);
        // A refund has its own id and must point at the refunded payment; currency and test mode are the payment's.
        required.put(NotificationKind.REFUND, ordered(TRANSACTION_ID, PAYMENT_TRANSACTION_ID, AMOUNT, DATE_TIME));
        required.put(NotificationKind.CANCEL, ordered(TRANSACTION_ID, AMOUNT, DATE_TIME));
        // A subscription change has no TransactionId; its identity is the subscription and its counters.
        required.put(NotificationKind.RECURRENT, ordered(ID, STATUS, AMOUNT, CURRENCY,
                SUCCESSFUL_TRANSACTIONS_NUMBER, FAILED_TRANSACTIONS_NUMBER));
        for (final NotificationKind kind : NotificationKind.values()) {
            if (!required.containsKey(kind)) {
                throw new IllegalStateException("no required fields defined for " + kind);
            }
        }
        return required;
    }

    private static Set<String> ordered(final String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
    }

    /**
     * Reads typed values from a form, recording a {@link FieldError} for each required field that is
     * missing and each present field that is malformed, and returning null for either.
     */
    private static final class FieldReader {

        private final NotificationForm form;
        private final Set<String> reported = new LinkedHashSet<>();
        private final List<FieldError> errors = new ArrayList<>();

        FieldReader(final NotificationForm form, final Set<String> required) {
            this.form = form;
            // Missing required fields are found up front, so none is overlooked whatever order values are read in.
            for (final String name : required) {
                if (!form.has(name)) {
                    report(FieldError.missing(name));
                }
            }
        }

        List<FieldError> errors() {
            return errors;
        }

        boolean isPresent(final String name) {
            return form.has(name);
        }

        boolean anyPresent(final String... names) {
            for (final String name : names) {
                if (form.has(name)) {
                    return true;
                }
            }
            return false;
        }

        /** The value as sent, or null when absent or empty. */
        String text(final String name) {
            return form.value(name).orElse(null);
        }

        Long positiveLong(final String name) {
            final String value = text(name);
            if (value == null) {
                return null;
            }
            if (DIGITS.matcher(value).matches()) {
                try {
                    final long parsed = Long.parseLong(value);
                    if (parsed > 0) {
                        return parsed;
                    }
                } catch (final NumberFormatException tooLarge) {
                    // Nineteen digits can exceed Long.MAX_VALUE; reported below like any other bad id.
                }
            }
            report(new FieldError(name, FieldError.quote(value) + " is not a positive integer id"));
            return null;
        }

        Integer nonNegativeInt(final String name) {
            final String value = text(name);
            if (value == null) {
                return null;
            }
            if (value.length() <= 10 && DIGITS.matcher(value).matches()) {
                final long parsed = Long.parseLong(value);
                if (parsed <= Integer.MAX_VALUE) {
                    return (int) parsed;
                }
            }
            report(new FieldError(name, FieldError.quote(value) + " is not a non-negative integer"));
            return null;
        }

        /** 1/0 as CloudPayments sends in forms, true/false as a JSON body may. */
        Boolean bit(final String name) {
            final String value = text(name);
            if (value == null) {
                return null;
            }
            switch (value.toLowerCase(Locale.ROOT)) {
                case "1":
                case "true":
                    return Boolean.TRUE;
                case "0":
                case "false":
                    return Boolean.FALSE;
                default:
                    report(new FieldError(name, FieldError.quote(value) + " is not 1, 0, true or false"));
                    return null;
            }
        }

        Instant instant(final String name) {
            final String value = text(name);
            if (value == null) {
                return null;
            }
            final Instant instant = UtcDateTime.parse(value).orElse(null);
            if (instant == null) {
                report(new FieldError(name, FieldError.quote(value) + " is not a date-time yyyy-MM-dd HH:mm:ss"));
            }
            return instant;
        }

        /** An ISO 4217 code with a minor unit, upper-cased (CloudPayments sends upper case anyway). */
        String currency(final String name) {
            final String value = text(name);
            if (value == null) {
                return null;
            }
            final String code = value.toUpperCase(Locale.ROOT);
            if (MinorUnits.decimalsOf(code).isEmpty()) {
                report(new FieldError(name, FieldError.quote(value) + " is not a known ISO 4217 currency"));
                return null;
            }
            return code;
        }

        /**
         * An amount in minor units. {@code decimals} is empty when the currency it belongs to is itself bad;
         * that error is already recorded, and repeating it for every amount would only add noise.
         */
        Long amount(final String name, final OptionalInt decimals) {
            final String value = text(name);
            if (value == null || decimals.isEmpty()) {
                return null;
            }
            final MinorUnits.Result result = MinorUnits.parse(name, value, decimals.getAsInt());
            if (result instanceof MinorUnits.Invalid invalid) {
                report(invalid.error());
                return null;
            }
            return ((MinorUnits.Valid) result).amountMinor();
        }

        private void report(final FieldError error) {
            // One error per field: a field read twice (Description, Status) must not be reported twice.
            if (reported.add(error.field())) {
                errors.add(error);
            }
        }
    }
}

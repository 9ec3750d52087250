package ledger.bench.common;

import java.util.Locale;
import java.util.Random;

import ledger.events.Card;
import ledger.events.Fees;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;

/**
 * Payment events as the gateway publishes them for CloudPayments notifications, with the fields it fills from a real
 * notification (card, bank, auth code, RRN, fees, payment method), so generated records have a realistic size. The
 * builders draw nothing at random: what varies comes in as arguments, so each generator keeps its own random sequence.
 */
public final class PaymentEvents {

    private static final String[] CARD_TYPES = {"Visa", "MasterCard", "MIR"};
    private static final String[] ISSUERS = {"Sberbank of Russia", "Tinkoff Bank", "VTB Bank", "Alfa-Bank", "Raiffeisenbank"};
    private static final String[] BANKS = {"Tinkoff", "Sber", "CloudPayments"};
    private static final String[] METHODS = {"", "", "", "SberPay", "T-Pay", "Sbp"};

    private PaymentEvents() {
    }

    /**
     * The event id the gateway gives a notification: one per organization, kind and transaction, so a redelivered
     * notification has the id it had the first time.
     */
    public static String eventId(final String orgId, final NotificationKind kind, final long transactionId) {
        return orgId + ":" + kind + ":" + transactionId;
    }

    /** A currency drawn with one {@code random.nextInt(100)}: RUB {@code rubPercent}% of the time, USD {@code usdPercent}%, else EUR. */
    public static String currency(final Random random, final int rubPercent, final int usdPercent) {
        final int dice = random.nextInt(100);
        return dice < rubPercent ? "RUB" : dice < rubPercent + usdPercent ? "USD" : "EUR";
    }

    /** A top-up amount in minor units: 100 to 4,999 whole roubles, or 5.00 to 99.50 in steps of 0.50 in another currency. */
    public static long amountMinor(final Random random, final String currency) {
        return currency.equals("RUB") ? 100 * (100 + random.nextInt(4_900)) : 50 * (10 + random.nextInt(190));
    }

    /**
     * A Pay or Fail notification's event, paid with the card of customer number {@code customerNumber}; the caller adds
     * the customer, club, description, Data, test flag and times.
     */
    public static PaymentEvent.Builder payment(final String orgId, final NotificationKind kind, final long transactionId, final String status,
                                               final long amountMinor, final String currency, final int customerNumber) {
        return PaymentEvent.newBuilder()
                .setEventId(eventId(orgId, kind, transactionId))
                .setOrgId(orgId)
                .setKind(kind)
                .setTransactionId(transactionId)
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setPaymentAmountMinor(amountMinor)
                .setPaymentCurrency(currency)
                .setStatus(status)
                .setOperationType("Payment")
                .setInvoiceId("inv-" + transactionId)
                .setCard(Card.newBuilder()
                        .setFirstSix(customerNumber % 3 == 0 ? "220070" : "424242")
                        .setLastFour(String.format(Locale.ROOT, "%04d", customerNumber % 10_000))
                        .setType(CARD_TYPES[customerNumber % CARD_TYPES.length])
                        .setExpDate(String.format(Locale.ROOT, "%02d/%02d", 1 + customerNumber % 12, 27 + customerNumber % 5))
                        .setIssuer(ISSUERS[customerNumber % ISSUERS.length])
                        .setIssuerBankCountry("RU")
                        .setProduct("N")
                        .build())
                .setGatewayName(BANKS[(int) (transactionId % BANKS.length)])
                .setAuthCode(String.format(Locale.ROOT, "A%05d", transactionId % 100_000))
                .setRrn(Long.toString(100_000_000_000L + transactionId))
                .setFees(Fees.newBuilder().setTotalFeeMinor(amountMinor * 39 / 1000).build())
                .setPaymentMethod(METHODS[(int) (transactionId % METHODS.length)]);
    }

    /**
     * A Refund notification's event: {@code amountMinor} back from payment {@code paymentTransactionId} (currency, card and
     * test flag are the payment's, left out as CloudPayments leaves them out); the caller adds the club, Data, status and times.
     */
    public static PaymentEvent.Builder refund(final String orgId, final long transactionId, final long paymentTransactionId,
                                              final String customerId, final long amountMinor) {
        return PaymentEvent.newBuilder()
                .setEventId(eventId(orgId, NotificationKind.REFUND, transactionId))
                .setOrgId(orgId)
                .setKind(NotificationKind.REFUND)
                .setTransactionId(transactionId)
                .setPaymentTransactionId(paymentTransactionId)
                .setCustomerId(customerId)
                .setAmountMinor(amountMinor)
                .setOperationType("Refund")
                .setInvoiceId("inv-" + paymentTransactionId);
    }
}

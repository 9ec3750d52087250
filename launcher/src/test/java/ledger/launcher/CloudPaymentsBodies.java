package ledger.launcher;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import ledger.events.NotificationKind;
import ledger.gateway.notification.Signature;

/**
 * CloudPayments notification bodies as CloudPayments sends them: the fields each type carries (PROTOCOL.md §2) in
 * the order of real bodies (§2.8), optional fields present and empty, form-encoded the way CloudPayments encodes
 * ({@link FormEncoding}), and signed over the exact bytes with the organization's API Secret ({@code Content-HMAC},
 * §4.1). What tells the types apart is what real bodies carry: a Check has neither GatewayName nor AuthCode and says
 * the status the payment will get ({@code Completed} one-stage, {@code Authorized} two-stage); a Pay carries
 * GatewayName, AuthCode, Token and TotalFee; a Fail is {@code Declined} with a Reason and ReasonCode; a Confirm is
 * {@code Completed} and may carry the authorization's AuthCode; Cancel and Refund carry no currency, card or test
 * flag, and a Refund has its own TransactionId and names its payment in PaymentTransactionId.
 */
final class CloudPaymentsBodies {

    static final String COMPLETED = "Completed";
    static final String AUTHORIZED = "Authorized";

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** One notification body: its type, its fields in order, the exact bytes sent and their signature. */
    record Body(NotificationKind kind, Map<String, String> fields, String form, String contentHmac) {

        long transactionId() {
            return Long.parseLong(fields.get("TransactionId"));
        }

        /** The notification's DateTime (UTC): the business time the ledger gives its event. */
        Instant dateTime() {
            return LocalDateTime.parse(fields.get("DateTime"), DATE_TIME).toInstant(ZoneOffset.UTC);
        }

        /** Whether the body carries {@code field} with a value (CloudPayments sends empty optional fields; empty is absent). */
        boolean has(final String field) {
            final String value = fields.get(field);
            return value != null && !value.isEmpty();
        }

        String name() {
            return typeName(kind);
        }
    }

    /** The card a payer used: a live card, or one of CloudPayments' test cards, which test mode answers with GatewayName=Test. */
    record Card(String firstSix, String lastFour, String type, String issuer, String gatewayName, boolean test) {
        static final Card LIVE = new Card("220220", "3055", "MIR", "Sberbank of Russia", "Tbank", false);
        static final Card TEST = new Card("424242", "4242", "Visa", "CloudPayments", "Test", true);
    }

    /** What every notification about one payment says alike: its TransactionId, the customer (AccountId) and the card. */
    record Payment(long transactionId, String accountId, Card card) {
    }

    private final String apiSecret;
    private final String clubId;

    CloudPaymentsBodies(final String apiSecret, final String clubId) {
        this.apiSecret = apiSecret;
        this.clubId = clubId;
    }

    static String typeName(final NotificationKind kind) {
        final String name = kind.name();
        return name.charAt(0) + name.substring(1).toLowerCase(Locale.ROOT);
    }

    /** A Check, before the card is charged: the status the payment will get, no GatewayName, no AuthCode. */
    Body check(final Payment p, final long amountMinor, final String status, final Instant at) {
        final Map<String, String> f = cardOperation(p, amountMinor, "Payment", at);
        f.put("TestMode", testMode(p));
        f.put("Status", status);
        f.put("Data", data());
        f.put("CardProduct", "N1");
        f.put("PaymentMethod", "");
        return sign(NotificationKind.CHECK, f);
    }

    /** A Pay: {@code Completed} one-stage or {@code Authorized} two-stage; {@code operationType} Payment or CardPayout. */
    Body pay(final Payment p, final long amountMinor, final String status, final String operationType, final Instant at) {
        final Map<String, String> f = cardOperation(p, amountMinor, operationType, at);
        f.put("AuthCode", "A1B2C3");
        f.put("Token", "tk_" + Long.toHexString(p.transactionId() * 7919L) + "0123456789abcdef");
        f.put("TestMode", testMode(p));
        f.put("Status", status);
        f.put("GatewayName", p.card().gatewayName());
        f.put("Data", data());
        f.put("TotalFee", amount(p.card().test() ? 0 : amountMinor * 39 / 1000));
        f.put("CardProduct", "N1");
        f.put("PaymentMethod", "");
        f.put("Rrn", rrn(p));
        f.put("InstallmentTerm", "");
        f.put("InstallmentMonthlyPayment", "");
        f.put("CustomFields", "");
        return sign(NotificationKind.PAY, f);
    }

    /** A Fail: declined by the bank for insufficient funds (Status=Declined, StatusCode=5, Reason, ReasonCode 5051). */
    Body fail(final Payment p, final long amountMinor, final Instant at) {
        final Map<String, String> f = cardOperation(p, amountMinor, "Payment", at);
        f.put("TestMode", testMode(p));
        f.put("Status", "Declined");
        f.put("StatusCode", "5");
        f.put("Reason", "InsufficientFunds");
        f.put("ReasonCode", "5051");
        f.put("Data", data());
        f.put("PaymentMethod", "");
        f.put("InstallmentTerm", "");
        f.put("InstallmentMonthlyPayment", "");
        f.put("CustomFields", "");
        return sign(NotificationKind.FAIL, f);
    }

    /** A Confirm: the capture of a two-stage payment, {@code Completed}, with the authorization's AuthCode. */
    Body confirm(final Payment p, final long amountMinor, final Instant at) {
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("TransactionId", Long.toString(p.transactionId()));
        f.put("Amount", amount(amountMinor));
        f.put("Currency", "RUB");
        f.put("PaymentAmount", amount(amountMinor));
        f.put("PaymentCurrency", "RUB");
        f.put("DateTime", DATE_TIME.format(at.atOffset(ZoneOffset.UTC)));
        f.put("CardFirstSix", p.card().firstSix());
        f.put("CardLastFour", p.card().lastFour());
        f.put("CardType", p.card().type());
        f.put("CardExpDate", "12/29");
        f.put("TestMode", testMode(p));
        f.put("Status", COMPLETED);
        f.put("InvoiceId", invoiceId(p));
        f.put("AccountId", p.accountId());
        f.put("SubscriptionId", "");
        f.put("Name", "");
        f.put("Email", "");
        f.put("IpAddress", "192.0.2.10");
        f.put("Issuer", p.card().issuer());
        f.put("IssuerBankCountry", "RU");
        f.put("Description", "Пополнение игрового баланса");
        f.put("AuthCode", "A1B2C3");
        f.put("Data", data());
        f.put("PaymentMethod", "");
        f.put("Rrn", rrn(p));
        return sign(NotificationKind.CONFIRM, f);
    }

    /** A Cancel (void of an authorization): no currency, no card, no test flag. */
    Body cancel(final Payment p, final long amountMinor, final Instant at) {
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("TransactionId", Long.toString(p.transactionId()));
        f.put("Amount", amount(amountMinor));
        f.put("DateTime", DATE_TIME.format(at.atOffset(ZoneOffset.UTC)));
        f.put("InvoiceId", invoiceId(p));
        f.put("AccountId", p.accountId());
        f.put("Email", "");
        f.put("Data", data());
        f.put("Rrn", rrn(p));
        return sign(NotificationKind.CANCEL, f);
    }

    /** A Refund: its own TransactionId, the refunded payment's PaymentTransactionId, OperationType=Refund. */
    Body refund(final Payment p, final long refundTransactionId, final long amountMinor, final Instant at) {
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("TransactionId", Long.toString(refundTransactionId));
        f.put("PaymentTransactionId", Long.toString(p.transactionId()));
        f.put("Amount", amount(amountMinor));
        f.put("DateTime", DATE_TIME.format(at.atOffset(ZoneOffset.UTC)));
        f.put("OperationType", "Refund");
        f.put("InvoiceId", invoiceId(p));
        f.put("AccountId", p.accountId());
        f.put("Email", "");
        f.put("Data", data());
        f.put("Rrn", Long.toString(refundTransactionId * 31 % 1_000_000_000_000L));
        return sign(NotificationKind.REFUND, f);
    }

    /** The fields Check, Pay and Fail share, up to the card's Description, in the order real bodies have them. */
    private Map<String, String> cardOperation(final Payment p, final long amountMinor, final String operationType, final Instant at) {
        final Map<String, String> f = new LinkedHashMap<>();
        f.put("TransactionId", Long.toString(p.transactionId()));
        f.put("Amount", amount(amountMinor));
        f.put("Currency", "RUB");
        f.put("PaymentAmount", amount(amountMinor));
        f.put("PaymentCurrency", "RUB");
        f.put("OperationType", operationType);
        f.put("InvoiceId", invoiceId(p));
        f.put("AccountId", p.accountId());
        f.put("SubscriptionId", "");
        f.put("Name", "");
        f.put("Email", "");
        f.put("DateTime", DATE_TIME.format(at.atOffset(ZoneOffset.UTC)));
        f.put("IpAddress", "192.0.2.10");
        f.put("IpCountry", "RU");
        f.put("IpCity", "Москва");
        f.put("IpRegion", "Москва");
        f.put("IpDistrict", "Центральный федеральный округ");
        f.put("IpLatitude", "55.75222");
        f.put("IpLongitude", "37.61556");
        f.put("CardId", Long.toHexString(p.transactionId() * 104_729L));
        f.put("CardFirstSix", p.card().firstSix());
        f.put("CardLastFour", p.card().lastFour());
        f.put("CardType", p.card().type());
        f.put("CardExpDate", "12/29");
        f.put("Issuer", p.card().issuer());
        f.put("IssuerBankCountry", "RU");
        f.put("Description", "Пополнение игрового баланса");
        return f;
    }

    private Body sign(final NotificationKind kind, final Map<String, String> fields) {
        final String form = FormEncoding.encode(fields);
        return new Body(kind, Collections.unmodifiableMap(fields), form, Signature.sign(apiSecret, form.getBytes(StandardCharsets.UTF_8)));
    }

    private String data() {
        return "{\"clubId\":\"" + clubId + "\"}";
    }

    private static String testMode(final Payment p) {
        return p.card().test() ? "1" : "0";
    }

    private static String invoiceId(final Payment p) {
        return "app-" + p.transactionId();
    }

    private static String rrn(final Payment p) {
        return Long.toString(p.transactionId() * 13 % 1_000_000_000_000L);
    }

    static String amount(final long minor) {
        return minor / 100 + "." + String.format(Locale.ROOT, "%02d", minor % 100);
    }
}

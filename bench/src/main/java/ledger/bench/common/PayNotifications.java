package ledger.bench.common;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * CloudPayments Pay notifications as CloudPayments posts them: the fields of its documented example, form-encoded,
 * signed with the {@link BenchGateway} organization's API secret in a {@code Content-HMAC} header.
 */
public final class PayNotifications {

    private static final byte[] CODE_ZERO = "{\"code\":0}".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter CLOUDPAYMENTS_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private PayNotifications() {
    }

    /**
     * The form body of a completed one-stage payment, unique per TransactionId; the amount, card digits, token and
     * club follow from {@code txn}.
     *
     * @param emailUser the part of the payer's e-mail address before {@code @example.org}
     */
    public static byte[] form(final long txn, final String accountId, final String emailUser, final Instant dateTime) {
        return body(txn, accountId, emailUser, dateTime, true);
    }

    /**
     * The Check CloudPayments sends before that payment: the same fields less those only a Pay carries (AuthCode,
     * Token, GatewayName, TotalFee, Rrn); the gateway declines a Check that carries them as another type's body.
     */
    public static byte[] checkForm(final long txn, final String accountId, final String emailUser, final Instant dateTime) {
        return body(txn, accountId, emailUser, dateTime, false);
    }

    private static byte[] body(final long txn, final String accountId, final String emailUser, final Instant dateTime, final boolean pay) {
        final long amountMinor = 10_000 + (txn * 7919) % 490_000;
        final String amount = amountMinor / 100 + "." + String.format(Locale.ROOT, "%02d", amountMinor % 100);
        final String body = "TransactionId=" + txn + "&Amount=" + amount + "&Currency=RUB&PaymentAmount=" + amount
                + "&PaymentCurrency=RUB&OperationType=Payment&InvoiceId=inv-" + txn + "&AccountId=" + accountId
                + "&SubscriptionId=&Name=IVAN+PETROV&Email=" + emailUser + "%40example.org"
                + "&DateTime=" + URLEncoder.encode(CLOUDPAYMENTS_TIME.format(dateTime), StandardCharsets.UTF_8)
                + "&IpAddress=127.0.0.1&IpCountry=RU&IpCity=%d0%9c%d0%be%d1%81%d0%ba%d0%b2%d0%b0&IpRegion=&IpDistrict="
                + "&IpLatitude=55.75&IpLongitude=37.61&CardFirstSix=424242&CardLastFour=" + String.format(Locale.ROOT, "%04d", txn % 10_000)
                + "&CardType=Visa&CardExpDate=12%2f30&Issuer=Sberbank+of+Russia&IssuerBankCountry=RU"
                + "&Description=%d0%9f%d0%be%d0%bf%d0%be%d0%bb%d0%bd%d0%b5%d0%bd%d0%b8%d0%b5+%d0%b1%d0%b0%d0%bb%d0%b0%d0%bd%d1%81%d0%b0"
                + (pay ? "&AuthCode=A1B2C3&Token=tk_" + Long.toHexString(txn * 2654435761L) : "") + "&TestMode=0&Status=Completed"
                + (pay ? "&GatewayName=Tinkoff" : "")
                + "&Data=%7b%22clubId%22%3a%22club-" + txn % 40 + "%22%7d" + (pay ? "&TotalFee=" + amountMinor * 39 / 1000 / 100 + ".00" : "")
                + "&CardProduct=N&PaymentMethod=" + (pay ? "&Rrn=" + (100_000_000_000L + txn) : "");
        return body.getBytes(StandardCharsets.US_ASCII);
    }

    /** An HMAC-SHA256 keyed with the organization's secret; not thread-safe, so one per sending thread. */
    public static Mac signer() {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(BenchGateway.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code response} accepts the notification as CloudPayments expects: 200 with {@code {"code":0}}. */
    public static boolean accepted(final KeepAliveClient.Response response) {
        return response.status() == 200 && Arrays.equals(response.body(), CODE_ZERO);
    }

    /** The complete HTTP request posting {@code form} to {@code path}, signed with {@code signer}. */
    public static byte[] signedPost(final int port, final String path, final Mac signer, final byte[] form) {
        final String hmac = Base64.getEncoder().encodeToString(signer.doFinal(form));
        return KeepAliveClient.post(port, path, "application/x-www-form-urlencoded", hmac, form);
    }
}

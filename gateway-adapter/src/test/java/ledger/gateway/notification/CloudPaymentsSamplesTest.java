package ledger.gateway.notification;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ledger.events.Card;
import ledger.events.Fees;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import ledger.events.Subscription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every real or documented CloudPayments notification we hold (src/test/resources/cloudpayments/samples)
 * goes through the whole pure pipeline — form body, signature, parsing, mapping — and comes out as the
 * event a person reading the sample would expect: exact minor units, UTC instants, test mode, card, fees,
 * Data verbatim, no personal data.
 */
class CloudPaymentsSamplesTest {

    private static final String ORG = "org-1";
    private static final Instant RECEIVED = Instant.parse("2026-06-01T10:00:00.123Z");

    private static final String UNDR_CHECK = "undr_cloud_payments__webhooks_spec__on_check.parsed.json";
    private static final String UNDR_PAY = "undr_cloud_payments__webhooks_spec__on_pay.parsed.json";
    private static final String UNDR_FAIL = "undr_cloud_payments__webhooks_spec__on_fail.parsed.json";
    private static final String UNDR_RECURRENT = "undr_cloud_payments__webhooks_spec__on_recurrent.parsed.json";
    private static final String NUTRIDB_TEST_MODE = "nutridb__pay_2576174960__urldecoded.redacted.txt";
    private static final String NUTRIDB_LIVE = "nutridb__pay_2593940675__urldecoded.redacted.txt";
    private static final String NUTRIDB_CRLF_DATA = "nutridb__pay_2683570734__urldecoded.redacted.txt";
    private static final String LARAVEL_PAY = "laravel_log_2025-07-01__pay_2922684028__parsed.redacted.json";
    private static final String LARAVEL_FAIL_1 = "laravel_log_2025-07-01__fail_2922685408__parsed.redacted.json";
    private static final String LARAVEL_FAIL_2 = "laravel_log_2025-07-01__fail_2922685835__parsed.redacted.json";
    private static final String PYFORMDATA = "pyformdata_2026-05-28__pay_3541977847_testmode__parsed_pairs.json";

    static Stream<Arguments> samples() {
        return Stream.of(
                Arguments.of(UNDR_CHECK, NotificationKind.CHECK),
                Arguments.of(UNDR_PAY, NotificationKind.PAY),
                Arguments.of(UNDR_FAIL, NotificationKind.FAIL),
                Arguments.of(UNDR_RECURRENT, NotificationKind.RECURRENT),
                Arguments.of(NUTRIDB_TEST_MODE, NotificationKind.PAY),
                Arguments.of(NUTRIDB_LIVE, NotificationKind.PAY),
                Arguments.of(NUTRIDB_CRLF_DATA, NotificationKind.PAY),
                Arguments.of(LARAVEL_PAY, NotificationKind.PAY),
                Arguments.of(LARAVEL_FAIL_1, NotificationKind.FAIL),
                Arguments.of(LARAVEL_FAIL_2, NotificationKind.FAIL),
                Arguments.of(PYFORMDATA, NotificationKind.PAY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleMapsTheSameFromLowerCaseUpperCaseAndJsonBodies(final String file, final NotificationKind kind) {
        final List<Map.Entry<String, String>> pairs = Samples.pairs(file);
        final PaymentEvent fromCloudPaymentsStyle = mapped(FormBodies.cloudPaymentsStyle(pairs, UTF_8),
                "application/x-www-form-urlencoded", kind);
        final PaymentEvent fromJavaStyle = mapped(FormBodies.javaStyle(pairs, UTF_8),
                "application/x-www-form-urlencoded; charset=utf-8", kind);
        final PaymentEvent fromJson = mapped(Samples.asJsonBody(file), "application/json", kind);

        assertThat(fromJavaStyle).isEqualTo(fromCloudPaymentsStyle);
        assertThat(fromJson).isEqualTo(fromCloudPaymentsStyle);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everySampleSignedWithTheApiSecretVerifiesAndCarriesNoPersonalData(final String file,
                                                                           final NotificationKind kind) {
        final byte[] body = FormBodies.cloudPaymentsStyle(Samples.pairs(file), UTF_8);
        final Map<String, String> headers = Map.of(
                "content-hmac", Signature.sign("api-secret", body),
                "x-content-hmac", Signature.signDecoded("api-secret", body));

        assertThat(Signature.verify(body, headers, List.of("api-secret"))).isEqualTo(Signature.Outcome.VALID_CONTENT_HMAC);
        final PaymentEvent event = mapped(body, null, kind);
        final Map<String, String> sent = new java.util.HashMap<>();
        Samples.pairs(file).forEach(pair -> sent.put(pair.getKey(), pair.getValue()));
        // The token can charge the card again; names, e-mails and IPs are personal data (data minimisation).
        for (final String personal : List.of("Token", "Name", "Email", "IpAddress", "IpLatitude", "CardId")) {
            final String value = sent.getOrDefault(personal, "");
            final boolean alsoTheAccountId = value.equals(sent.get("AccountId"));
            if (!value.isEmpty() && !alsoTheAccountId) {
                assertThat(event.toString()).as(personal).doesNotContain(value);
            }
        }
        assertThat(event.getClubId()).as("no sample carries a clubId").isNull();
    }

    @Test
    void undrCheck() {
        final PaymentEvent check = mapped(UNDR_CHECK, NotificationKind.CHECK);

        assertThat(check.getEventId()).isEqualTo("org-1:CHECK:1701609");
        assertThat(check.getTransactionId()).isEqualTo(1701609L);
        assertThat(check.getAmountMinor()).isEqualTo(12300L);
        assertThat(check.getCurrency()).isEqualTo("RUB");
        assertThat(check.getPaymentAmountMinor()).isEqualTo(12300L);
        assertThat(check.getPaymentCurrency()).isEqualTo("RUB");
        assertThat(check.getOccurredAt()).isEqualTo(Instant.parse("2015-11-17T23:06:15Z"));
        assertThat(check.getReceivedAt()).isEqualTo(RECEIVED);
        assertThat(check.getTestMode()).isTrue();
        assertThat(check.getStatus()).isEqualTo("Completed");
        assertThat(check.getOperationType()).isNull();
        assertThat(check.getInvoiceId()).isEqualTo("1234567");
        assertThat(check.getCustomerId()).isEqualTo("user@example.com");
        assertThat(check.getSubscriptionId()).isNull();
        assertThat(check.getCard()).isEqualTo(card("411111", "1111", "Visa", "01/19", null, null, null));
        assertThat(check.getFees()).isNull();
        assertThat(check.getGatewayName()).isNull();
        assertThat(check.getDescription()).isEqualTo("Оплата в example.com");
        assertThat(check.getData()).isEqualTo("{\"cloudPayments\":{\"recurrent\":{\"interval\":\"Month\",\"period\":1}}}");
        assertThat(check.getClubId()).isNull();
        assertThat(check.getReconciled()).isFalse();
    }

    @Test
    void undrPay() {
        final PaymentEvent pay = mapped(UNDR_PAY, NotificationKind.PAY);

        assertThat(pay.getEventId()).isEqualTo("org-1:PAY:1701609");
        assertThat(pay.getAmountMinor()).isEqualTo(12300L);
        assertThat(pay.getOccurredAt()).isEqualTo(Instant.parse("2015-11-17T23:06:17Z"));
        assertThat(pay.getTestMode()).isTrue();
        assertThat(pay.getStatus()).isEqualTo("Completed");
        assertThat(pay.getSubscriptionId()).isEqualTo("sc_b865df3d4f27c54dc8067520c071a");
        assertThat(pay.getAuthCode()).isEqualTo("A1B2C3");
        // A 2015 Pay predates GatewayName; it is documented as required but must not cost the payment.
        assertThat(pay.getGatewayName()).isNull();
        assertThat(pay.getCard()).isEqualTo(card("411111", "1111", "Visa", "01/19", null, null, null));
        assertThat(pay.getFees()).isNull();
        assertThat(pay.getData()).isEqualTo(Samples.value(UNDR_PAY, "Data"));
        assertThat(pay.toString()).doesNotContain("9BBEF19476623CA56C17DA75FD57734DBF82530686043A6E491C6D71BEFE8F6E");
    }

    @Test
    void undrFail() {
        final PaymentEvent fail = mapped(UNDR_FAIL, NotificationKind.FAIL);

        assertThat(fail.getEventId()).isEqualTo("org-1:FAIL:1701658");
        assertThat(fail.getAmountMinor()).isEqualTo(12300L);
        assertThat(fail.getOccurredAt()).isEqualTo(Instant.parse("2015-11-17T23:35:09Z"));
        assertThat(fail.getStatus()).isEqualTo("Declined");
        assertThat(fail.getReason()).isEqualTo("InsufficientFunds");
        assertThat(fail.getReasonCode()).isEqualTo(5051);
        assertThat(fail.getTestMode()).isTrue();
        assertThat(fail.getCard()).isEqualTo(card("400005", "5556", "Visa", "01/19", null, null, null));
    }

    @Test
    void undrRecurrent() {
        final PaymentEvent recurrent = mapped(UNDR_RECURRENT, NotificationKind.RECURRENT);

        assertThat(recurrent.getEventId()).isEqualTo("org-1:RECURRENT:sc_a38ca02005d40db7d32b36a0097b0:PastDue:11:22");
        assertThat(recurrent.getTransactionId()).isNull();
        assertThat(recurrent.getCustomerId()).isEqualTo("1234");
        assertThat(recurrent.getAmountMinor()).isEqualTo(200L);
        assertThat(recurrent.getCurrency()).isEqualTo("RUB");
        assertThat(recurrent.getSubscriptionId()).isEqualTo("sc_a38ca02005d40db7d32b36a0097b0");
        assertThat(recurrent.getStatus()).as("a subscription status is not a payment status").isNull();
        assertThat(recurrent.getTestMode()).isNull();
        assertThat(recurrent.getCard()).isNull();
        // Recurrent carries no DateTime: the business time is when the change was delivered.
        assertThat(recurrent.getOccurredAt()).isEqualTo(RECEIVED);
        final Subscription expected = Subscription.newBuilder()
                .setId("sc_a38ca02005d40db7d32b36a0097b0")
                .setStatus("PastDue")
                .setDescription("just description")
                .setRequireConfirmation(false)
                .setStartAt(Instant.parse("2015-12-17T20:22:14Z"))
                .setInterval("Month")
                .setPeriod(1)
                .setMaxPeriods(null)
                .setSuccessfulTransactions(11)
                .setFailedTransactions(22)
                .setLastTransactionAt(null)
                .setNextTransactionAt(Instant.parse("2015-11-18T20:29:05Z"))
                .build();
        assertThat(recurrent.getSubscription()).isEqualTo(expected);
        assertThat(recurrent.toString()).doesNotContain("user@example.com");
    }

    @Test
    void nutriDbTestModePay() {
        final PaymentEvent pay = mapped(NUTRIDB_TEST_MODE, NotificationKind.PAY);

        assertThat(pay.getEventId()).isEqualTo("org-1:PAY:2576174960");
        assertThat(pay.getTransactionId()).isEqualTo(2576174960L);
        assertThat(pay.getAmountMinor()).isEqualTo(1000L);
        assertThat(pay.getPaymentAmountMinor()).isEqualTo(1000L);
        assertThat(pay.getOccurredAt()).isEqualTo(Instant.parse("2024-11-15T21:53:25Z"));
        assertThat(pay.getTestMode()).isTrue();
        assertThat(pay.getOperationType()).isEqualTo("Payment");
        assertThat(pay.getInvoiceId()).isEqualTo("39915412-3472-4f46-ba3e-6b9e3fa142c6");
        assertThat(pay.getCustomerId()).isEqualTo("79000000000");
        assertThat(pay.getSubscriptionId()).isEqualTo("sc_bf31902f8e950c0b3a32394299b9b");
        assertThat(pay.getCard()).isEqualTo(card("437772", "3451", "Visa", "02/25", "T-Bank (Tinkoff)", "RU", "N1"));
        assertThat(pay.getGatewayName()).isEqualTo("Test");
        assertThat(pay.getAuthCode()).isEqualTo("A1B2C3");
        assertThat(pay.getFees()).isEqualTo(fees(0L, null, null, null));
        assertThat(pay.getDescription()).isEqualTo("тестовая подписка2");
        assertThat(pay.getPaymentMethod()).isNull();
        assertThat(pay.getRrn()).isNull();
        assertThat(pay.getData()).isEqualTo(Samples.value(NUTRIDB_TEST_MODE, "Data")).startsWith("{\"CloudPayments\"");
        assertThat(pay.getClubId()).isNull();
    }

    @Test
    void nutriDbLivePayWithFee() {
        final PaymentEvent pay = mapped(NUTRIDB_LIVE, NotificationKind.PAY);

        assertThat(pay.getEventId()).isEqualTo("org-1:PAY:2593940675");
        assertThat(pay.getAmountMinor()).isEqualTo(390_000L);
        assertThat(pay.getOccurredAt()).isEqualTo(Instant.parse("2024-11-29T10:03:04Z"));
        assertThat(pay.getTestMode()).isFalse();
        assertThat(pay.getCard()).isEqualTo(card("220220", "1248", "MIR", "12/33", "Sberbank", "RU", "PRD"));
        assertThat(pay.getGatewayName()).isEqualTo("Tinkoff");
        assertThat(pay.getAuthCode()).isEqualTo("136461");
        assertThat(pay.getRrn()).isEqualTo("433410512543");
        assertThat(pay.getFees()).isEqualTo(fees(31_200L, null, null, null));
        assertThat(pay.getDescription()).isEqualTo("Тариф на 3 месяца");
    }

    @Test
    void nutriDbPayKeepsCrlfIndentedDataVerbatim() {
        final PaymentEvent pay = mapped(NUTRIDB_CRLF_DATA, NotificationKind.PAY);
        final String file = new String(Samples.bytes(NUTRIDB_CRLF_DATA), UTF_8);
        final String dataAsLogged = file.substring(file.indexOf("&Data=") + 6, file.indexOf("&TotalFee="));

        assertThat(pay.getEventId()).isEqualTo("org-1:PAY:2683570734");
        assertThat(pay.getAmountMinor()).isEqualTo(390_000L);
        assertThat(pay.getOccurredAt()).isEqualTo(Instant.parse("2025-02-07T12:15:54Z"));
        assertThat(pay.getTestMode()).isFalse();
        assertThat(pay.getInvoiceId()).as("sent empty").isNull();
        assertThat(pay.getSubscriptionId()).as("sent empty").isNull();
        assertThat(pay.getAuthCode()).as("sent empty").isNull();
        assertThat(pay.getCustomerId()).isEqualTo("2ffeadfd-1b90-4b96-9253-2e366e70eee3");
        assertThat(pay.getCard()).isEqualTo(card("220220", "8185", "MIR", "09/27", "Sberbank", "RU", "PRD"));
        assertThat(pay.getGatewayName()).isEqualTo("TBank Mapi");
        assertThat(pay.getPaymentMethod()).isEqualTo("SberPay");
        assertThat(pay.getRrn()).isEqualTo("5817720443");
        assertThat(pay.getFees()).isEqualTo(fees(15_210L, null, null, null));
        assertThat(pay.getData()).isEqualTo(dataAsLogged)
                .startsWith("{\r\n        \"CloudPayments\": {\r\n")
                .endsWith("}\r\n      }");
        assertThat(pay.getClubId()).isNull();
    }

    @Test
    void laravelPayWithNullsAsEmptyValues() {
        final PaymentEvent pay = mapped(LARAVEL_PAY, NotificationKind.PAY);

        assertThat(pay.getEventId()).isEqualTo("org-1:PAY:2922684028");
        assertThat(pay.getAmountMinor()).isEqualTo(190_000L);
        assertThat(pay.getOccurredAt()).isEqualTo(Instant.parse("2025-07-01T14:51:38Z"));
        assertThat(pay.getTestMode()).isTrue();
        assertThat(pay.getStatus()).isEqualTo("Completed");
        assertThat(pay.getOperationType()).isEqualTo("Payment");
        assertThat(pay.getInvoiceId()).isEqualTo("1");
        assertThat(pay.getCustomerId()).isEqualTo("buyer@example.net");
        assertThat(pay.getSubscriptionId()).isNull();
        assertThat(pay.getCard()).isEqualTo(card("220412", "1661", "MIR", "12/29", "\"YooMoney\", NBCO LLC", "RU", "PRP"));
        assertThat(pay.getGatewayName()).isEqualTo("Test");
        assertThat(pay.getFees()).isEqualTo(fees(0L, null, null, null));
        assertThat(pay.getPaymentMethod()).isNull();
        assertThat(pay.getData()).isNull();
        assertThat(pay.getClubId()).isNull();
        assertThat(pay.getDescription()).isEqualTo("Оплата выкупов. Кол-во: 20");
    }

    @Test
    void laravelFails() {
        final PaymentEvent first = mapped(LARAVEL_FAIL_1, NotificationKind.FAIL);
        final PaymentEvent second = mapped(LARAVEL_FAIL_2, NotificationKind.FAIL);

        assertThat(first.getEventId()).isEqualTo("org-1:FAIL:2922685408");
        assertThat(first.getOccurredAt()).isEqualTo(Instant.parse("2025-07-01T14:52:14Z"));
        assertThat(first.getCard().getExpDate()).isEqualTo("12/22");
        assertThat(second.getEventId()).isEqualTo("org-1:FAIL:2922685835");
        assertThat(second.getOccurredAt()).isEqualTo(Instant.parse("2025-07-01T14:52:32Z"));
        assertThat(second.getCard().getExpDate()).isEqualTo("12/32");
        for (final PaymentEvent fail : List.of(first, second)) {
            assertThat(fail.getAmountMinor()).isEqualTo(190_000L);
            assertThat(fail.getCurrency()).isEqualTo("RUB");
            assertThat(fail.getTestMode()).isTrue();
            assertThat(fail.getStatus()).isEqualTo("Declined");
            assertThat(fail.getReason()).isEqualTo("AuthenticationFailed");
            assertThat(fail.getReasonCode()).isEqualTo(5206);
            assertThat(fail.getInvoiceId()).isEqualTo("2");
            assertThat(fail.getFees()).isNull();
            assertThat(fail.getGatewayName()).isNull();
            assertThat(fail.getData()).isNull();
        }
    }

    @Test
    void pythonFormDataPayKeepsNewlineIndentedData() {
        final PaymentEvent pay = mapped(PYFORMDATA, NotificationKind.PAY);

        assertThat(pay.getEventId()).isEqualTo("org-1:PAY:3541977847");
        assertThat(pay.getAmountMinor()).isEqualTo(149_000L);
        assertThat(pay.getOccurredAt()).isEqualTo(Instant.parse("2026-05-28T12:55:43Z"));
        assertThat(pay.getTestMode()).isTrue();
        assertThat(pay.getInvoiceId()).isEqualTo("efef06ce-ec69-471d-9235-f06415a562eb");
        assertThat(pay.getCustomerId()).isEqualTo("1");
        assertThat(pay.getSubscriptionId()).isEqualTo("sc_d7dd2bee6a1ceb1bf2b83aa17eab6");
        assertThat(pay.getCard()).isEqualTo(card("424242", "4242", "Visa", "01/30", "TINKOFF", "RU", null));
        assertThat(pay.getGatewayName()).isEqualTo("Test");
        assertThat(pay.getAuthCode()).isEqualTo("A1B2C3");
        // The 2026 fee fields arrive empty: absent, not zero.
        assertThat(pay.getFees()).isEqualTo(fees(0L, null, null, null));
        assertThat(pay.getDescription()).isEqualTo("Оплата подписки на 1 месяц");
        assertThat(pay.getData()).isEqualTo(
                "{\n  \"CloudPayments\": {\n    \"recurrent\": {\n      \"interval\": \"Month\",\n      \"period\": 1\n    }\n  }\n}");
        assertThat(pay.getClubId()).isNull();
    }

    private static PaymentEvent mapped(final String file, final NotificationKind kind) {
        return mapped(FormBodies.cloudPaymentsStyle(Samples.pairs(file), UTF_8), "application/x-www-form-urlencoded", kind);
    }

    private static PaymentEvent mapped(final byte[] body, final String contentType, final NotificationKind kind) {
        final NotificationForm.Result parsed = NotificationForm.parse(body, contentType, UTF_8);
        assertThat(parsed).isInstanceOf(NotificationForm.Parsed.class);
        final NotificationMapper.Result result =
                NotificationMapper.map(ORG, kind, ((NotificationForm.Parsed) parsed).form(), RECEIVED);
        assertThat(result).isInstanceOf(NotificationMapper.Mapped.class);
        return ((NotificationMapper.Mapped) result).event();
    }

    private static Card card(final String firstSix, final String lastFour, final String type, final String expDate,
                             final String issuer, final String issuerBankCountry, final String product) {
        return new Card(firstSix, lastFour, type, expDate, issuer, issuerBankCountry, product);
    }

    private static Fees fees(final Long total, final Long vatAboveTotal, final Long processorAndPartner,
                             final Long vatWithinProcessor) {
        return new Fees(total, vatAboveTotal, processorAndPartner, vatWithinProcessor);
    }
}

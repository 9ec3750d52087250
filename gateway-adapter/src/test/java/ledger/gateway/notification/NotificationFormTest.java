package ledger.gateway.notification;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bodies are read the way CloudPayments writes them, and malformed bytes are refused with a named problem. */
class NotificationFormTest {

    private static final Charset WINDOWS_1251 = Charset.forName("windows-1251");

    @Test
    void decodesPlusAsSpaceAndEscapesInEitherCase() {
        final NotificationForm form = parsed("DateTime=2015-11-17+14%3a51%3a20&CardExpDate=01%2F19&Name=A%2bB");

        assertThat(form.value("DateTime")).hasValue("2015-11-17 14:51:20");
        assertThat(form.value("CardExpDate")).hasValue("01/19");
        assertThat(form.value("Name")).hasValue("A+B");
    }

    @Test
    void decodesUtf8Cyrillic() {
        final NotificationForm form = parsed("Description=%d0%9e%d0%bf%d0%bb%d0%b0%d1%82%d0%b0+%d0%b2+example.com");

        assertThat(form.value("Description")).hasValue("Оплата в example.com");
    }

    @Test
    void decodesWindows1251CyrillicWhenTheOrganizationIsConfiguredForIt() {
        final String description = "Пополнение баланса клуба «Арена» №7";
        final byte[] body = ("TransactionId=1&Description=" + FormBodies.dotNetEncode(description, WINDOWS_1251))
                .getBytes(US_ASCII);

        final NotificationForm.Result result = NotificationForm.parse(body, "application/x-www-form-urlencoded", WINDOWS_1251);

        assertThat(result).isInstanceOf(NotificationForm.Parsed.class);
        assertThat(((NotificationForm.Parsed) result).form().value("Description")).hasValue(description);
        // The same bytes are not UTF-8: refused rather than turned into replacement characters.
        assertThat(NotificationForm.parseUrlEncoded(body, UTF_8)).isEqualTo(new NotificationForm.Malformed(
                NotificationForm.Problem.INVALID_CHARACTERS, "the value of \"Description\" is not valid UTF-8"));
    }

    @Test
    void treatsEmptyValuesAndValuelessNamesAsAbsent() {
        final NotificationForm form = parsed("SubscriptionId=&Name=&TestMode=1&Flag&&=orphan");

        assertThat(form.has("SubscriptionId")).isFalse();
        assertThat(form.value("Name")).isEmpty();
        assertThat(form.value("Flag")).isEmpty();
        assertThat(form.names()).containsExactly("TestMode");
    }

    @Test
    void looksNamesUpExactly() {
        final NotificationForm form = parsed("TransactionId=1&amount=2");

        assertThat(form.value("transactionid")).isEmpty();
        assertThat(form.value("Amount")).isEmpty();
        assertThat(form.value("amount")).hasValue("2");
    }

    @Test
    void keepsUnknownFieldsAndArrivalOrder() {
        final NotificationForm form = parsed("Zeta=1&InstallmentTerm=3&Alpha=2");

        assertThat(form.asMap()).containsExactly(Map.entry("Zeta", "1"), Map.entry("InstallmentTerm", "3"),
                Map.entry("Alpha", "2"));
    }

    @Test
    void refusesADuplicateNameWithADifferentValue() {
        assertThat(NotificationForm.parseUrlEncoded("Amount=1.00&Amount=100.00".getBytes(US_ASCII), UTF_8))
                .isEqualTo(new NotificationForm.Malformed(NotificationForm.Problem.DUPLICATE_FIELD,
                        "\"Amount\" occurs twice with different values"));
    }

    @Test
    void acceptsAnIdenticalOrEmptyRepetition() {
        final NotificationForm form = parsed("Amount=1.00&Amount=1.00&Name=&Name=X&Name=");

        assertThat(form.value("Amount")).hasValue("1.00");
        assertThat(form.value("Name")).hasValue("X");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"Amount=100%", "Amount=100%2", "Amount=%zz", "Amount=%g0", "Am%ount=1", "Data=%7B%22a%22%3A%7"})
    void refusesMalformedPercentEncoding(final String body) {
        final NotificationForm.Result result = NotificationForm.parseUrlEncoded(body.getBytes(US_ASCII), UTF_8);

        assertThat(result).isInstanceOf(NotificationForm.Malformed.class);
        assertThat(((NotificationForm.Malformed) result).problem())
                .isEqualTo(NotificationForm.Problem.MALFORMED_PERCENT_ENCODING);
    }

    @Test
    void readsAGetQueryStringWithOrWithoutTheQuestionMark() {
        final NotificationForm.Result withMark = NotificationForm.parseQueryString("?TransactionId=5&Amount=1.00", UTF_8);
        final NotificationForm.Result without = NotificationForm.parseQueryString("TransactionId=5&Amount=1.00", UTF_8);

        assertThat(withMark).isEqualTo(without);
        assertThat(((NotificationForm.Parsed) without).form().value("TransactionId")).hasValue("5");
    }

    @Test
    void readsAnEmptyBodyAsAnEmptyForm() {
        assertThat(parsed("").names()).isEmpty();
    }

    @Test
    void readsJsonKeepingNumberTextBooleansAndNestedJsonVerbatim() {
        final String body = "{\"TransactionId\": 1701609, \"Amount\": 100.00, \"TestMode\": true, \"Fee\": -0.50,"
                + " \"InvoiceId\": null, \"Email\": \"\", \"Data\": {\"clubId\": 7,\r\n  \"x\": [1, 2]},"
                + " \"CustomFields\": [ {\"ID\":\"6206927683\"} ], \"Description\": \"Оплата\"}";

        final NotificationForm form = json(body);

        assertThat(form.asMap()).containsExactly(
                Map.entry("TransactionId", "1701609"),
                Map.entry("Amount", "100.00"),
                Map.entry("TestMode", "true"),
                Map.entry("Fee", "-0.50"),
                Map.entry("Data", "{\"clubId\": 7,\r\n  \"x\": [1, 2]}"),
                Map.entry("CustomFields", "[ {\"ID\":\"6206927683\"} ]"),
                Map.entry("Description", "Оплата"));
    }

    @Test
    void choosesJsonByContentTypeOrByABraceWhenThereIsNone() {
        final byte[] body = "{\"TransactionId\":\"9\"}".getBytes(UTF_8);

        for (final String contentType : new String[] {"application/json", "Application/JSON; charset=utf-8",
                "application/vnd.cp+json", null}) {
            final NotificationForm.Result result = NotificationForm.parse(body, contentType, UTF_8);
            assertThat(result).as(contentType).isInstanceOf(NotificationForm.Parsed.class);
            assertThat(((NotificationForm.Parsed) result).form().value("TransactionId")).as(contentType).hasValue("9");
        }
        // Declared a form, a brace-first body is read as a form: the header decides when it is there.
        assertThat(((NotificationForm.Parsed) NotificationForm.parse(body, "application/x-www-form-urlencoded", UTF_8))
                .form().value("TransactionId")).isEmpty();
    }

    @Test
    void refusesMultipartBodies() {
        final NotificationForm.Result result = NotificationForm.parse("--x".getBytes(US_ASCII),
                "multipart/form-data; boundary=x", UTF_8);

        assertThat(((NotificationForm.Malformed) result).problem())
                .isEqualTo(NotificationForm.Problem.UNSUPPORTED_CONTENT_TYPE);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"{", "{\"a\":}", "{\"a\":1} x", "{\"a\":1}{}", "", "{'a':1}", "{\"a\":1,}"})
    void refusesInvalidJson(final String body) {
        final NotificationForm.Result result = NotificationForm.parseJson(body.getBytes(UTF_8), UTF_8);

        assertThat(result).isInstanceOf(NotificationForm.Malformed.class);
        assertThat(((NotificationForm.Malformed) result).problem()).isIn(NotificationForm.Problem.INVALID_JSON,
                NotificationForm.Problem.NOT_A_JSON_OBJECT);
    }

    @Test
    void refusesJsonThatIsNotAnObject() {
        for (final String body : List.of("[1,2]", "\"x\"", "42", "null")) {
            assertThat(NotificationForm.parseJson(body.getBytes(UTF_8), UTF_8)).as(body).isEqualTo(
                    new NotificationForm.Malformed(NotificationForm.Problem.NOT_A_JSON_OBJECT, "the body is JSON but not an object"));
        }
    }

    @Test
    void refusesDuplicateJsonKeysWithDifferentValues() {
        assertThat(NotificationForm.parseJson("{\"Amount\":\"1.00\",\"Amount\":\"2.00\"}".getBytes(UTF_8), UTF_8))
                .isInstanceOf(NotificationForm.Malformed.class);
    }

    @Test
    void showsNamesButNeverValuesWhenPrinted() {
        assertThat(parsed("Email=a%40b.c&AccountId=1").toString()).isEqualTo("NotificationForm[Email, AccountId]");
    }

    @Test
    void buildsFromAMapDroppingEmptyValues() {
        final Map<String, String> parameters = new java.util.LinkedHashMap<>();
        parameters.put("A", "1");
        parameters.put("B", "");
        parameters.put("C", null);

        assertThat(NotificationForm.of(parameters).asMap()).containsExactly(Map.entry("A", "1"));
    }

    private static NotificationForm parsed(final String body) {
        final NotificationForm.Result result = NotificationForm.parseUrlEncoded(body.getBytes(US_ASCII), UTF_8);
        assertThat(result).isInstanceOf(NotificationForm.Parsed.class);
        return ((NotificationForm.Parsed) result).form();
    }

    private static NotificationForm json(final String body) {
        final NotificationForm.Result result = NotificationForm.parse(body.getBytes(UTF_8), "application/json", UTF_8);
        assertThat(result).as(result.toString()).isInstanceOf(NotificationForm.Parsed.class);
        return ((NotificationForm.Parsed) result).form();
    }
}

package ledger.gateway.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ledger.events.Fees;
import ledger.events.NotificationKind;
import ledger.events.PaymentEvent;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The mapping rules on small hand-made notifications: what each kind requires, how each typed field is read,
 * and that every problem is reported by field name, all at once. The real samples are in
 * {@link CloudPaymentsSamplesTest}.
 */
class NotificationMapperTest {

    private static final String ORG = "org-1";
    private static final Instant RECEIVED = Instant.parse("2026-06-01T10:00:00.123456789Z");

    /** A minimal valid notification of each kind, as CloudPayments would send it. */
    private static Map<String, String> minimal(final NotificationKind kind) {
        final Map<String, String> form = new LinkedHashMap<>();
        switch (kind) {
            case REFUND:
                form.put("TransactionId", "2000");
                form.put("PaymentTransactionId", "1000");
                form.put("Amount", "50.00");
                form.put("DateTime", "2026-05-01 12:00:00");
                form.put("OperationType", "Refund");
                break;
            case CANCEL:
                form.put("TransactionId", "1000");
                form.put("Amount", "100.00");
                form.put("DateTime", "2026-05-01 12:00:00");
                break;
            case RECURRENT:
                form.put("Id", "sc_1");
                form.put("AccountId", "42");
                form.put("Amount", "100.00");
                form.put("Currency", "RUB");
                form.put("Status", "Active");
                form.put("SuccessfulTransactionsNumber", "3");
                form.put("FailedTransactionsNumber", "0");
                break;
            default:
                form.put("TransactionId", "1000");
                form.put("Amount", "100.00");
                form.put("Currency", "RUB");
                form.put("DateTime", "2026-05-01 12:00:00");
                form.put("TestMode", "0");
                form.put("AccountId", "42");
                break;
        }
        return form;
    }

    static Stream<Arguments> everyRequiredFieldOfEveryKind() {
        final List<Arguments> cases = new ArrayList<>();
        for (final NotificationKind kind : NotificationKind.values()) {
            for (final String field : NotificationMapper.requiredFields(kind)) {
                cases.add(Arguments.of(kind, field));
            }
        }
        return cases.stream();
    }

    @Test
    void requiresWhatTheLedgerCannotDoWithout() {
        final List<String> cardOperation = List.of("TransactionId", "Amount", "Currency", "DateTime", "TestMode");
        assertThat(NotificationMapper.requiredFields(NotificationKind.CHECK)).containsExactlyElementsOf(cardOperation);
        assertThat(NotificationMapper.requiredFields(NotificationKind.PAY)).containsExactlyElementsOf(cardOperation);
        assertThat(NotificationMapper.requiredFields(NotificationKind.FAIL)).containsExactlyElementsOf(cardOperation);
        assertThat(NotificationMapper.requiredFields(NotificationKind.CONFIRM)).containsExactlyElementsOf(cardOperation);
        assertThat(NotificationMapper.requiredFields(NotificationKind.REFUND))
                .containsExactly("TransactionId", "PaymentTransactionId", "Amount", "DateTime");
        assertThat(NotificationMapper.requiredFields(NotificationKind.CANCEL))
                .containsExactly("TransactionId", "Amount", "DateTime");
        assertThat(NotificationMapper.requiredFields(NotificationKind.RECURRENT)).containsExactly("Id", "Status",
                "Amount", "Currency", "SuccessfulTransactionsNumber", "FailedTransactionsNumber");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(NotificationKind.class)
    void mapsTheMinimalNotificationOfEveryKind(final NotificationKind kind) {
        final PaymentEvent event = mapped(kind, minimal(kind));

        assertThat(event.getKind()).isEqualTo(kind);
        assertThat(event.getOrgId()).isEqualTo(ORG);
        assertThat(event.getReconciled()).isFalse();
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("everyRequiredFieldOfEveryKind")
    void refusesANotificationMissingARequiredField(final NotificationKind kind, final String field) {
        final Map<String, String> absent = minimal(kind);
        absent.remove(field);
        final Map<String, String> empty = minimal(kind);
        empty.put(field, "");

        assertThat(errors(kind, absent)).containsExactly(new FieldError(field, "is required but missing"));
        assertThat(errors(kind, empty)).as("empty is absent").containsExactly(new FieldError(field, "is required but missing"));
    }

    @Test
    void reportsEveryProblemAtOnceNamingTheFields() {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.remove("TransactionId");
        form.put("Amount", "12,50");
        form.put("DateTime", "17.11.2015 23:06");
        form.put("TestMode", "yes");
        form.put("TotalFee", "1.005");
        form.put("ReasonCode", "x");

        final NotificationMapper.Result result = map(NotificationKind.PAY, form);

        assertThat(result).isInstanceOf(NotificationMapper.Rejected.class);
        final NotificationMapper.Rejected rejected = (NotificationMapper.Rejected) result;
        assertThat(rejected.errors()).extracting(FieldError::field)
                .containsExactly("TransactionId", "Amount", "DateTime", "TestMode", "ReasonCode", "TotalFee");
        assertThat(rejected.message())
                .contains("TransactionId: is required but missing")
                .contains("Amount: \"12,50\" is not a decimal amount")
                .contains("DateTime: \"17.11.2015 23:06\" is not a date-time")
                .contains("TestMode: \"yes\" is not 1, 0, true or false")
                .contains("TotalFee: \"1.005\" has more than 2 decimal places");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"abc", "0", "-1", "+1", "1.5", "1e3", " 1", "99999999999999999999", "9223372036854775808"})
    void refusesATransactionIdThatIsNotAPositiveLong(final String transactionId) {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("TransactionId", transactionId);

        assertThat(errors(NotificationKind.PAY, form)).extracting(FieldError::field).containsExactly("TransactionId");
    }

    @Test
    void acceptsTheLargestTransactionId() {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("TransactionId", "9223372036854775807");

        assertThat(mapped(NotificationKind.PAY, form).getEventId()).isEqualTo("org-1:PAY:9223372036854775807");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"12,50", "-1.00", "1e3", "1.005", " 100.00", "100.00 RUB", "92233720368547758.08"})
    void refusesMalformedAmounts(final String amount) {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("Amount", amount);

        assertThat(errors(NotificationKind.PAY, form)).extracting(FieldError::field).containsExactly("Amount");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"2026-05-01", "2026-02-30 12:00:00", "01.05.2026 12:00:00", "2026-05-01 12:00", "now"})
    void refusesMalformedDateTimes(final String dateTime) {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("DateTime", dateTime);

        assertThat(errors(NotificationKind.PAY, form)).extracting(FieldError::field).containsExactly("DateTime");
    }

    @Test
    void readsDateTimeAsUtcAndAcceptsIsoWithAnOffset() {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        assertThat(mapped(NotificationKind.PAY, form).getOccurredAt()).isEqualTo(Instant.parse("2026-05-01T12:00:00Z"));

        form.put("DateTime", "2026-05-01T15:00:00+03:00");
        assertThat(mapped(NotificationKind.PAY, form).getOccurredAt()).isEqualTo(Instant.parse("2026-05-01T12:00:00Z"));
    }

    @Test
    void keepsReceivedAtToTheMillisecondSoTheEventSurvivesAvro() throws IOException {
        final PaymentEvent event = mapped(NotificationKind.PAY, minimal(NotificationKind.PAY));

        assertThat(event.getReceivedAt()).isEqualTo(Instant.parse("2026-06-01T10:00:00.123Z"));
        assertThat(avroRoundTrip(event)).isEqualTo(event);
    }

    @ParameterizedTest(name = "TestMode={0}")
    @ValueSource(strings = {"1", "true", "TRUE", "True"})
    void readsTestModeOn(final String testMode) {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("TestMode", testMode);

        assertThat(mapped(NotificationKind.PAY, form).getTestMode()).isTrue();
    }

    @ParameterizedTest(name = "TestMode={0}")
    @ValueSource(strings = {"0", "false", "False"})
    void readsTestModeOff(final String testMode) {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("TestMode", testMode);

        assertThat(mapped(NotificationKind.PAY, form).getTestMode()).isFalse();
    }

    @Test
    void convertsAmountsAndFeesInTheMinorUnitOfTheCurrency() {
        final Map<String, String> yen = minimal(NotificationKind.PAY);
        yen.put("Currency", "JPY");
        yen.put("Amount", "1500");
        yen.put("TotalFee", "45.00");
        final Map<String, String> dinar = minimal(NotificationKind.PAY);
        dinar.put("Currency", "KWD");
        dinar.put("Amount", "1.250");
        dinar.put("TotalFee", "0.013");
        dinar.put("VatWithinProcessorFee", "0.002");

        final PaymentEvent yenEvent = mapped(NotificationKind.PAY, yen);
        final PaymentEvent dinarEvent = mapped(NotificationKind.PAY, dinar);

        assertThat(yenEvent.getAmountMinor()).isEqualTo(1500L);
        assertThat(yenEvent.getFees()).isEqualTo(new Fees(45L, null, null, null));
        assertThat(dinarEvent.getAmountMinor()).isEqualTo(1250L);
        assertThat(dinarEvent.getFees()).isEqualTo(new Fees(13L, null, null, 2L));
    }

    @Test
    void readsAllFourFeeFields() {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("TotalFee", "3.90");
        form.put("VatAboveTotalFee", "0.78");
        form.put("ProcessorAndPartnerFee", "1.00");
        form.put("VatWithinProcessorFee", "0.17");

        assertThat(mapped(NotificationKind.PAY, form).getFees()).isEqualTo(new Fees(390L, 78L, 100L, 17L));
    }

    @Test
    void readsPaymentAmountInItsOwnCurrency() {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("PaymentAmount", "150");
        form.put("PaymentCurrency", "JPY");

        final PaymentEvent event = mapped(NotificationKind.PAY, form);

        assertThat(event.getPaymentAmountMinor()).isEqualTo(150L);
        assertThat(event.getPaymentCurrency()).isEqualTo("JPY");
    }

    @Test
    void reportsAnUnknownCurrencyOnceNotOncePerAmount() {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("Currency", "XYZ");
        form.put("TotalFee", "1.00");

        assertThat(errors(NotificationKind.PAY, form)).containsExactly(
                new FieldError("Currency", "\"XYZ\" is not a known ISO 4217 currency"));
    }

    @Test
    void upperCasesTheCurrencyCode() {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("Currency", "rub");

        assertThat(mapped(NotificationKind.PAY, form).getCurrency()).isEqualTo("RUB");
    }

    @Test
    void mapsARefundToItsOwnIdPointingAtThePayment() {
        final PaymentEvent refund = mapped(NotificationKind.REFUND, minimal(NotificationKind.REFUND));

        assertThat(refund.getEventId()).isEqualTo("org-1:REFUND:2000");
        assertThat(refund.getTransactionId()).isEqualTo(2000L);
        assertThat(refund.getPaymentTransactionId()).isEqualTo(1000L);
        // No Currency in a Refund: the documented two-decimal format applies; the currency stays the payment's.
        assertThat(refund.getAmountMinor()).isEqualTo(5000L);
        assertThat(refund.getCurrency()).isNull();
        assertThat(refund.getTestMode()).isNull();
        assertThat(refund.getCard()).isNull();
        assertThat(refund.getFees()).isNull();
        assertThat(refund.getOperationType()).isEqualTo("Refund");
    }

    @Test
    void refusesARefundWithoutTheRefundedPayment() {
        final Map<String, String> form = minimal(NotificationKind.REFUND);
        form.put("PaymentTransactionId", "abc");

        assertThat(errors(NotificationKind.REFUND, form)).extracting(FieldError::field).containsExactly("PaymentTransactionId");
    }

    @Test
    void usesACurrencyIfARefundHappensToCarryOne() {
        final Map<String, String> form = minimal(NotificationKind.REFUND);
        form.put("Currency", "JPY");
        form.put("Amount", "50");

        final PaymentEvent refund = mapped(NotificationKind.REFUND, form);

        assertThat(refund.getAmountMinor()).isEqualTo(50L);
        assertThat(refund.getCurrency()).isEqualTo("JPY");
    }

    @Test
    void mapsACancel() {
        final PaymentEvent cancel = mapped(NotificationKind.CANCEL, minimal(NotificationKind.CANCEL));

        assertThat(cancel.getEventId()).isEqualTo("org-1:CANCEL:1000");
        assertThat(cancel.getAmountMinor()).isEqualTo(10_000L);
        assertThat(cancel.getOccurredAt()).isEqualTo(Instant.parse("2026-05-01T12:00:00Z"));
    }

    @Test
    void mapsAConfirm() {
        final Map<String, String> form = minimal(NotificationKind.CONFIRM);
        form.put("Status", "Completed");

        final PaymentEvent confirm = mapped(NotificationKind.CONFIRM, form);

        assertThat(confirm.getEventId()).isEqualTo("org-1:CONFIRM:1000");
        assertThat(confirm.getStatus()).isEqualTo("Completed");
    }

    @Test
    void mapsEveryRecurrentField() {
        final Map<String, String> form = minimal(NotificationKind.RECURRENT);
        form.put("Description", "Monthly top-up");
        form.put("RequireConfirmation", "true");
        form.put("StartDate", "2026-01-01 00:00:00");
        form.put("Interval", "Week");
        form.put("Period", "2");
        form.put("MaxPeriods", "12");
        form.put("LastTransactionDate", "2026-05-01 09:00:00");
        form.put("NextTransactionDate", "2026-05-15T09:00:00Z");
        form.put("DateTime", "2026-05-01 09:00:05");

        final PaymentEvent event = mapped(NotificationKind.RECURRENT, form);

        assertThat(event.getEventId()).isEqualTo("org-1:RECURRENT:sc_1:Active:3:0");
        assertThat(event.getCustomerId()).isEqualTo("42");
        assertThat(event.getAmountMinor()).isEqualTo(10_000L);
        assertThat(event.getOccurredAt()).as("a DateTime, when sent, is the business time")
                .isEqualTo(Instant.parse("2026-05-01T09:00:05Z"));
        assertThat(event.getSubscription().getRequireConfirmation()).isTrue();
        assertThat(event.getSubscription().getStartAt()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(event.getSubscription().getInterval()).isEqualTo("Week");
        assertThat(event.getSubscription().getPeriod()).isEqualTo(2);
        assertThat(event.getSubscription().getMaxPeriods()).isEqualTo(12);
        assertThat(event.getSubscription().getLastTransactionAt()).isEqualTo(Instant.parse("2026-05-01T09:00:00Z"));
        assertThat(event.getSubscription().getNextTransactionAt()).isEqualTo(Instant.parse("2026-05-15T09:00:00Z"));
        assertThat(event.getSubscription().getDescription()).isEqualTo("Monthly top-up");
    }

    @Test
    void distinguishesSuccessiveStatusChangesOfOneSubscription() {
        final Map<String, String> pastDue = minimal(NotificationKind.RECURRENT);
        pastDue.put("Status", "PastDue");
        pastDue.put("FailedTransactionsNumber", "1");
        final Map<String, String> activeAgain = minimal(NotificationKind.RECURRENT);
        activeAgain.put("SuccessfulTransactionsNumber", "4");

        assertThat(mapped(NotificationKind.RECURRENT, pastDue).getEventId()).isEqualTo("org-1:RECURRENT:sc_1:PastDue:3:1");
        assertThat(mapped(NotificationKind.RECURRENT, activeAgain).getEventId()).isEqualTo("org-1:RECURRENT:sc_1:Active:4:0");
    }

    @Test
    void refusesMalformedRecurrentFields() {
        final Map<String, String> form = minimal(NotificationKind.RECURRENT);
        form.put("RequireConfirmation", "maybe");
        form.put("StartDate", "yesterday");
        form.put("Period", "-1");
        form.put("FailedTransactionsNumber", "1.0");
        form.put("MaxPeriods", "99999999999");

        assertThat(errors(NotificationKind.RECURRENT, form)).extracting(FieldError::field)
                .containsExactly("RequireConfirmation", "StartDate", "Period", "MaxPeriods", "FailedTransactionsNumber");
    }

    @Test
    void extractsTheClubIdAndKeepsDataVerbatim() {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("Data", "{\r\n  \"clubId\": 17,\r\n  \"app\": \"ios\"\r\n}");

        final PaymentEvent event = mapped(NotificationKind.PAY, form);

        assertThat(event.getClubId()).isEqualTo("17");
        assertThat(event.getData()).isEqualTo("{\r\n  \"clubId\": 17,\r\n  \"app\": \"ios\"\r\n}");
    }

    @Test
    void acceptsMalformedDataKeepingItVerbatimWithoutAClub() {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("Data", "{\"clubId\": \"7\", oops");

        final PaymentEvent event = mapped(NotificationKind.PAY, form);

        assertThat(event.getClubId()).isNull();
        assertThat(event.getData()).isEqualTo("{\"clubId\": \"7\", oops");
    }

    @Test
    void ignoresUnknownFieldsAndLeavesPersonalDataOut() {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("Token", "tk_0123456789abcdef0123456789abc");
        form.put("Name", "IVAN PETROV");
        form.put("Email", "ivan@example.org");
        form.put("IpAddress", "203.0.113.77");
        form.put("CardId", "6863f5ead53cf72cd90055e1");
        form.put("CustomFields", "[{\"ID\":\"6206927683\"}]");
        form.put("InstallmentTerm", "");
        form.put("SomethingNew2027", "whatever");

        final String event = mapped(NotificationKind.PAY, form).toString();

        assertThat(event).doesNotContain("tk_0123456789abcdef0123456789abc", "IVAN PETROV", "ivan@example.org",
                "203.0.113.77", "6863f5ead53cf72cd90055e1", "6206927683", "whatever");
    }

    @Test
    void keepsCardTypeAsSentAndBuildsACardFromAnyCardField() {
        final Map<String, String> form = minimal(NotificationKind.PAY);
        form.put("CardType", "MasterCard");

        final PaymentEvent event = mapped(NotificationKind.PAY, form);

        assertThat(event.getCard().getType()).isEqualTo("MasterCard");
        assertThat(event.getCard().getFirstSix()).isNull();
        assertThat(mapped(NotificationKind.PAY, minimal(NotificationKind.PAY)).getCard()).isNull();
    }

    @Test
    void readsOptionalIdsAndCodes() {
        final Map<String, String> form = minimal(NotificationKind.FAIL);
        form.put("ReasonCode", "5051");
        form.put("Reason", "InsufficientFunds");
        form.put("FallBackScenarioDeclinedTransactionId", "999");
        form.put("GatewayName", "Tinkoff");
        form.put("Rrn", "433410512543");

        final PaymentEvent fail = mapped(NotificationKind.FAIL, form);

        assertThat(fail.getReasonCode()).isEqualTo(5051);
        assertThat(fail.getReason()).isEqualTo("InsufficientFunds");
        assertThat(fail.getFallbackDeclinedTransactionId()).isEqualTo(999L);
        assertThat(fail.getGatewayName()).isEqualTo("Tinkoff");
        assertThat(fail.getRrn()).isEqualTo("433410512543");
    }

    @Test
    void refusesAProgrammingErrorLoudly() {
        final NotificationForm form = NotificationForm.of(minimal(NotificationKind.PAY));

        assertThatThrownBy(() -> NotificationMapper.map(" ", NotificationKind.PAY, form, RECEIVED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NotificationMapper.map(ORG, null, form, RECEIVED)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new NotificationMapper.Rejected(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static NotificationMapper.Result map(final NotificationKind kind, final Map<String, String> form) {
        return NotificationMapper.map(ORG, kind, NotificationForm.of(form), RECEIVED);
    }

    private static PaymentEvent mapped(final NotificationKind kind, final Map<String, String> form) {
        final NotificationMapper.Result result = map(kind, form);
        assertThat(result).as(result.toString()).isInstanceOf(NotificationMapper.Mapped.class);
        return ((NotificationMapper.Mapped) result).event();
    }

    private static List<FieldError> errors(final NotificationKind kind, final Map<String, String> form) {
        final NotificationMapper.Result result = map(kind, form);
        assertThat(result).isInstanceOf(NotificationMapper.Rejected.class);
        return ((NotificationMapper.Rejected) result).errors();
    }

    private static PaymentEvent avroRoundTrip(final PaymentEvent event) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<>(PaymentEvent.class).write(event, encoder);
        encoder.flush();
        final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null);
        return new SpecificDatumReader<>(PaymentEvent.class).read(null, decoder);
    }
}

package ledger.gateway.notification;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ledger.events.NotificationKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A body sent to another type's URL is recognised by the fields only another type carries; every real body we hold,
 * sent to its own type's URL, is not.
 */
class BodyShapeTest {

    /** A card notification's common fields: TransactionId, money, time, card, TestMode, Status. */
    private static final Map<String, String> COMMON = Map.of("TransactionId", "1", "Amount", "100.00", "Currency", "RUB",
            "DateTime", "2026-11-20 10:15:00", "CardFirstSix", "424242", "CardLastFour", "4242", "TestMode", "0", "Status", "Completed",
            "AccountId", "cust-1", "InvoiceId", "inv-1");

    @ParameterizedTest(name = "{0}")
    @MethodSource("ledger.gateway.notification.CloudPaymentsSamplesTest#samples")
    void everyRealSampleSentToItsOwnTypeMatchesIt(final String file, final NotificationKind kind) {
        final NotificationForm form = parsed(FormBodies.cloudPaymentsStyle(Samples.pairs(file), UTF_8));

        assertThat(BodyShape.mismatch(kind, form)).isEmpty();
    }

    @Test
    void theSignedRubyGemPayBodyMatchesPay() {
        assertThat(BodyShape.mismatch(NotificationKind.PAY,
                parsed(Samples.bytes("undr_cloud_payments__webhooks_spec__hmac_vector.body.txt")))).isEmpty();
    }

    @Test
    void aRealFailSentToThePayUrlIsNamedForWhatItIs() {
        final NotificationForm fail = parsed(FormBodies.cloudPaymentsStyle(
                Samples.pairs("undr_cloud_payments__webhooks_spec__on_fail.parsed.json"), UTF_8));

        assertThat(BodyShape.mismatch(NotificationKind.PAY, fail)).contains("a Pay body carrying Reason, ReasonCode (fields of a Fail)");
        assertThat(BodyShape.mismatch(NotificationKind.CONFIRM, fail)).contains("a Confirm body carrying Reason, ReasonCode (fields of a Fail)");
        assertThat(BodyShape.mismatch(NotificationKind.CHECK, fail)).contains("a Check body carrying Reason, ReasonCode (fields of a Fail)");
    }

    @Test
    void aRealPaySentToTheCheckOrCancelUrlGivesItselfAwayButIsAFineConfirmOrFail() {
        final NotificationForm pay = parsed(FormBodies.cloudPaymentsStyle(
                Samples.pairs("nutridb__pay_2593940675__urldecoded.redacted.txt"), UTF_8));

        assertThat(BodyShape.mismatch(NotificationKind.CHECK, pay)).contains("a Check body carrying GatewayName, AuthCode, TotalFee (fields of a Pay)");
        assertThat(BodyShape.mismatch(NotificationKind.CANCEL, pay)).contains("a Cancel body carrying GatewayName, AuthCode, TotalFee (fields of a Pay)");
        // Confirm may carry AuthCode and Fail bodies share Pay's fields: neither is told apart from a Pay here.
        assertThat(BodyShape.mismatch(NotificationKind.CONFIRM, pay)).isEmpty();
        assertThat(BodyShape.mismatch(NotificationKind.FAIL, pay)).isEmpty();
        assertThat(BodyShape.mismatch(NotificationKind.REFUND, pay)).isEmpty();
    }

    @Test
    void eachTypesDistinctiveFieldsAreForeignExactlyWhereTheTableSays() {
        final Map<String, Set<NotificationKind>> foreignAt = new LinkedHashMap<>();
        final Set<NotificationKind> notFail = EnumSet.of(NotificationKind.CHECK, NotificationKind.PAY, NotificationKind.CONFIRM,
                NotificationKind.REFUND, NotificationKind.CANCEL);
        for (final String failOnly : List.of("Reason", "ReasonCode", "RetryAfter", "ProviderMessage")) {
            foreignAt.put(failOnly, notFail);
        }
        foreignAt.put("PaymentTransactionId", EnumSet.of(NotificationKind.CHECK, NotificationKind.PAY, NotificationKind.CONFIRM,
                NotificationKind.FAIL, NotificationKind.CANCEL));
        foreignAt.put("TokenRecipient", EnumSet.of(NotificationKind.PAY, NotificationKind.CONFIRM, NotificationKind.FAIL,
                NotificationKind.REFUND, NotificationKind.CANCEL));
        for (final String recurrentOnly : List.of("Id", "Interval", "Period", "StartDate", "RequireConfirmation",
                "SuccessfulTransactionsNumber", "FailedTransactionsNumber", "MaxPeriods", "NextTransactionDate", "LastTransactionDate")) {
            foreignAt.put(recurrentOnly, EnumSet.complementOf(EnumSet.of(NotificationKind.RECURRENT)));
        }
        for (final String payOnly : List.of("GatewayName", "AuthCode", "TotalFee")) {
            foreignAt.put(payOnly, EnumSet.of(NotificationKind.CHECK, NotificationKind.CANCEL));
        }

        foreignAt.forEach((field, foreign) -> {
            for (final NotificationKind kind : NotificationKind.values()) {
                final Map<String, String> values = new LinkedHashMap<>(COMMON);
                values.put(field, "x");
                assertThat(BodyShape.mismatch(kind, NotificationForm.of(values)).isPresent())
                        .as("%s sent to %s", field, kind).isEqualTo(foreign.contains(kind));
            }
        });
    }

    @Test
    void aFieldCountsOnlyWithAValueAbsentAndEmptyAreTheSame() {
        assertThat(BodyShape.mismatch(NotificationKind.PAY, parsed("TransactionId=1&Reason=&ReasonCode=&PaymentTransactionId=".getBytes(UTF_8))))
                .isEmpty();
        assertThat(BodyShape.mismatch(NotificationKind.PAY, parsed("TransactionId=1&Reason=&ReasonCode=5051".getBytes(UTF_8))))
                .contains("a Pay body carrying ReasonCode (a field of a Fail)");
        assertThat(BodyShape.mismatch(NotificationKind.PAY, NotificationForm.of(COMMON))).isEmpty();
    }

    @Test
    void namesEveryForeignTypeInOneMessage() {
        final Map<String, String> values = new LinkedHashMap<>(COMMON);
        values.put("ReasonCode", "5051");
        values.put("PaymentTransactionId", "7");
        values.put("GatewayName", "Tinkoff");
        values.put("Interval", "Month");
        values.put("Period", "1");

        assertThat(BodyShape.mismatch(NotificationKind.CANCEL, NotificationForm.of(values))).contains(
                "a Cancel body carrying GatewayName (a field of a Pay) and ReasonCode (a field of a Fail)"
                        + " and PaymentTransactionId (a field of a Refund) and Interval, Period (fields of a Recurrent)");
    }

    @Test
    void aRecurrentUrlNeverComplains() {
        final Map<String, String> values = new LinkedHashMap<>(COMMON);
        values.put("Reason", "InsufficientFunds");
        values.put("GatewayName", "Test");

        assertThat(BodyShape.mismatch(NotificationKind.RECURRENT, NotificationForm.of(values))).isEmpty();
    }

    @Test
    void theMessageNamesFieldsNeverValues() {
        final Map<String, String> values = new LinkedHashMap<>(COMMON);
        values.put("Reason", "secret-looking value");

        assertThat(BodyShape.mismatch(NotificationKind.PAY, NotificationForm.of(values))).get().asString()
                .doesNotContain("secret-looking").doesNotContain("cust-1");
    }

    private static NotificationForm parsed(final byte[] body) {
        return ((NotificationForm.Parsed) NotificationForm.parseUrlEncoded(body, UTF_8)).form();
    }
}

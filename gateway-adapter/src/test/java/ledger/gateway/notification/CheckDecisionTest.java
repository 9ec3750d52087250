package ledger.gateway.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import ledger.events.NotificationKind;
import ledger.events.OrgMode;
import ledger.events.PaymentEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Check answer: 13 before 11 before 12, limits inclusive, in the organization's currency only, and no test card
 * once the organization is live.
 */
class CheckDecisionTest {

    private static final TopUpPolicy POLICY = new TopUpPolicy(true, "RUB", 10_000, 1_500_000, OrgMode.TEST);

    @Test
    void acceptsAWellFormedTopUpWithinTheLimits() {
        assertThat(CheckDecision.decide(check("42", 50_000, "RUB"), POLICY)).isEqualTo(CheckDecision.ACCEPT);
        assertThat(CheckDecision.ACCEPT.code()).isZero();
    }

    @Test
    void treatsBothLimitsAsInclusive() {
        assertThat(CheckDecision.decide(check("42", 10_000, "RUB"), POLICY)).isEqualTo(CheckDecision.ACCEPT);
        assertThat(CheckDecision.decide(check("42", 1_500_000, "RUB"), POLICY)).isEqualTo(CheckDecision.ACCEPT);
        assertThat(CheckDecision.decide(check("42", 9_999, "RUB"), POLICY)).isEqualTo(CheckDecision.INVALID_AMOUNT);
        assertThat(CheckDecision.decide(check("42", 1_500_001, "RUB"), POLICY)).isEqualTo(CheckDecision.INVALID_AMOUNT);
        assertThat(CheckDecision.INVALID_AMOUNT.code()).isEqualTo(12);
    }

    @Test
    void refusesAnotherCurrency() {
        assertThat(CheckDecision.decide(check("42", 50_000, "USD"), POLICY)).isEqualTo(CheckDecision.INVALID_AMOUNT);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "   ", "a\nb", "tab\there", "nul\u0000", "del\u007f", "c1\u0085"})
    void refusesAnAccountIdThatCannotBeACustomer(final String accountId) {
        assertThat(CheckDecision.decide(check(accountId, 50_000, "RUB"), POLICY)).isEqualTo(CheckDecision.INVALID_ACCOUNT);
        assertThat(CheckDecision.INVALID_ACCOUNT.code()).isEqualTo(11);
    }

    @Test
    void refusesAMissingAccountId() {
        assertThat(CheckDecision.decide(check(null, 50_000, "RUB"), POLICY)).isEqualTo(CheckDecision.INVALID_ACCOUNT);
    }

    @Test
    void capsAccountIdsAt128CharactersCountingCodePoints() {
        assertThat(CheckDecision.isWellFormedAccountId("a".repeat(128))).isTrue();
        assertThat(CheckDecision.isWellFormedAccountId("a".repeat(129))).isFalse();
        // 128 emoji are 256 UTF-16 chars but 128 characters.
        assertThat(CheckDecision.isWellFormedAccountId("\uD83C\uDFAE".repeat(128))).isTrue();
        assertThat(CheckDecision.isWellFormedAccountId("user@example.com")).isTrue();
        assertThat(CheckDecision.isWellFormedAccountId("+7 900 000-00-00")).isTrue();
        assertThat(CheckDecision.isWellFormedAccountId("2ffeadfd-1b90-4b96-9253-2e366e70eee3")).isTrue();
    }

    @Test
    void refusesEverythingWhileTheOrganizationIsDisabled() {
        final TopUpPolicy disabled = new TopUpPolicy(false, "RUB", 10_000, 1_500_000, OrgMode.TEST);

        assertThat(CheckDecision.decide(check("42", 50_000, "RUB"), disabled)).isEqualTo(CheckDecision.NOT_ACCEPTED);
        assertThat(CheckDecision.decide(check("", 1, "USD"), disabled)).isEqualTo(CheckDecision.NOT_ACCEPTED);
        assertThat(CheckDecision.NOT_ACCEPTED.code()).isEqualTo(13);
    }

    @Test
    void aLiveOrganizationDeclinesATestCardWithCode13AndTakesLiveOnes() {
        final TopUpPolicy live = new TopUpPolicy(true, "RUB", 10_000, 1_500_000, OrgMode.LIVE);
        final PaymentEvent testCard = PaymentEvent.newBuilder(check("42", 50_000, "RUB")).setTestMode(true).build();

        assertThat(CheckDecision.decide(testCard, live)).isEqualTo(CheckDecision.TEST_PAYMENT_IN_LIVE_MODE);
        assertThat(CheckDecision.TEST_PAYMENT_IN_LIVE_MODE.code()).isEqualTo(13);
        assertThat(CheckDecision.decide(check("42", 50_000, "RUB"), live)).isEqualTo(CheckDecision.ACCEPT);
        // Before the account and the amount: a test card is refused whatever else is wrong with it.
        assertThat(CheckDecision.decide(PaymentEvent.newBuilder(check(" ", 1, "USD")).setTestMode(true).build(), live))
                .isEqualTo(CheckDecision.TEST_PAYMENT_IN_LIVE_MODE);
    }

    @Test
    void aBodyOfAnotherTypeOnTheCheckUrlIsDeclinedWithCode13BeforeAnythingButADisabledOrganization() {
        final PaymentEvent failBody = PaymentEvent.newBuilder(check(" ", 1, "USD")).setTestMode(true)
                .setBodyMismatch("a Check body carrying Reason, ReasonCode (fields of a Fail)").build();

        assertThat(CheckDecision.decide(failBody, POLICY)).isEqualTo(CheckDecision.BODY_MISMATCH);
        assertThat(CheckDecision.decide(failBody, new TopUpPolicy(true, "RUB", 10_000, 1_500_000, OrgMode.LIVE)))
                .isEqualTo(CheckDecision.BODY_MISMATCH);
        assertThat(CheckDecision.decide(failBody, new TopUpPolicy(false, "RUB", 10_000, 1_500_000, OrgMode.TEST)))
                .isEqualTo(CheckDecision.NOT_ACCEPTED);
        assertThat(CheckDecision.BODY_MISMATCH.code()).isEqualTo(13);
    }

    @Test
    void anOrganizationInTestModeTakesBothTestAndLiveCards() {
        final PaymentEvent testCard = PaymentEvent.newBuilder(check("42", 50_000, "RUB")).setTestMode(true).build();

        assertThat(CheckDecision.decide(testCard, POLICY)).isEqualTo(CheckDecision.ACCEPT);
        assertThat(CheckDecision.decide(check("42", 50_000, "RUB"), POLICY)).isEqualTo(CheckDecision.ACCEPT);
    }

    @Test
    void reportsABadAccountBeforeABadAmount() {
        assertThat(CheckDecision.decide(check(" ", 1, "USD"), POLICY)).isEqualTo(CheckDecision.INVALID_ACCOUNT);
    }

    @Test
    void decidesOnlyChecks() {
        final PaymentEvent pay = PaymentEvent.newBuilder(check("42", 50_000, "RUB")).setKind(NotificationKind.PAY).build();

        assertThatThrownBy(() -> CheckDecision.decide(pay, POLICY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnInconsistentPolicy() {
        assertThatThrownBy(() -> new TopUpPolicy(true, "XYZ", 1, 2, OrgMode.TEST)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopUpPolicy(true, "RUB", -1, 2, OrgMode.TEST)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopUpPolicy(true, "RUB", 3, 2, OrgMode.TEST)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopUpPolicy(true, null, 1, 2, OrgMode.TEST)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new TopUpPolicy(true, "RUB", 1, 2, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void decidesAMappedCheckEndToEnd() {
        final NotificationForm form = NotificationForm.of(java.util.Map.of(
                "TransactionId", "1", "Amount", "500.00", "Currency", "RUB", "DateTime", "2026-05-01 12:00:00",
                "TestMode", "1", "AccountId", "user@example.com"));
        final PaymentEvent check = ((NotificationMapper.Mapped) NotificationMapper.map("org-1", NotificationKind.CHECK,
                form, Instant.EPOCH)).event();

        assertThat(CheckDecision.decide(check, POLICY)).isEqualTo(CheckDecision.ACCEPT);
    }

    private static PaymentEvent check(final String accountId, final long amountMinor, final String currency) {
        return PaymentEvent.newBuilder()
                .setEventId("org-1:CHECK:1")
                .setOrgId("org-1")
                .setKind(NotificationKind.CHECK)
                .setTransactionId(1L)
                .setCustomerId(accountId)
                .setAmountMinor(amountMinor)
                .setCurrency(currency)
                .setOccurredAt(Instant.parse("2026-05-01T12:00:00Z"))
                .setReceivedAt(Instant.parse("2026-05-01T12:00:01Z"))
                .setTestMode(false)
                .build();
    }
}

package ledger.report.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which notifications are money in the shift report, and in which column. */
class CategoryTest {

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource(nullValues = "null", value = {
            "PAY, Completed, TOP_UP",
            "PAY, completed, TOP_UP",
            "PAY, Authorized, NOT_MONEY",
            "PAY, null, NOT_MONEY",
            "CONFIRM, Completed, TOP_UP",
            "CONFIRM, null, TOP_UP",
            "REFUND, null, REFUND",
            "FAIL, Declined, FAILED",
            "CANCEL, null, NOT_MONEY",
            "CHECK, null, NOT_MONEY",
            "RECURRENT, Active, NOT_MONEY",
            "OTHER, Completed, NOT_MONEY"})
    void classifiesEachKindAndStatus(final Kind kind, final String status, final Category expected) {
        assertThat(Category.of(kind, status, "Payment", false, OrgMode.LIVE)).isEqualTo(expected);
    }

    /** A payout to a card is never a top-up or a refund, whichever notification carries it. */
    @ParameterizedTest(name = "{0} {1} with OperationType {2} is {3}")
    @CsvSource(nullValues = "null", value = {
            "PAY, Completed, CardPayout, PAYOUT",
            "PAY, Completed, cardpayout , PAYOUT",
            "REFUND, null, CardPayout, PAYOUT",
            "REFUND, Completed, CardPayout, PAYOUT",
            // The capture of a payout (its operation type inherited from the payment by the store).
            "CONFIRM, Completed, CardPayout, PAYOUT",
            // What moved no money before stays so: an authorization, a declined attempt, a Check.
            "PAY, Authorized, CardPayout, NOT_MONEY",
            "FAIL, Declined, CardPayout, FAILED",
            "CHECK, null, CardPayout, NOT_MONEY",
            "PAY, Completed, Payment, TOP_UP",
            "REFUND, null, Refund, REFUND"})
    void aPayoutIsItsOwnCategory(final Kind kind, final String status, final String operationType, final Category expected) {
        assertThat(Category.of(kind, status, operationType, false, OrgMode.LIVE)).isEqualTo(expected);
    }

    /** Once the organization is live, a test card moves nothing: the line is its own category, never money. */
    @ParameterizedTest(name = "{0} {1}, test mode {2}, organization {3} is {4}")
    @CsvSource(nullValues = "null", value = {
            "PAY, Completed, true, LIVE, TEST_IN_LIVE",
            "CONFIRM, Completed, true, LIVE, TEST_IN_LIVE",
            "CONFIRM, null, true, LIVE, TEST_IN_LIVE",
            // Test money while the organization is in test mode is test money, a top-up in the test section.
            "PAY, Completed, true, TEST, TOP_UP",
            "CONFIRM, Completed, true, TEST, TOP_UP",
            "PAY, Completed, false, LIVE, TOP_UP",
            // Only what would have been a top-up: an authorization or a declined test attempt stays what it was.
            "PAY, Authorized, true, LIVE, NOT_MONEY",
            "FAIL, Declined, true, LIVE, FAILED",
            // A refund's test flag is its payment's; the rule is about Pay and Confirm only.
            "REFUND, null, true, LIVE, REFUND"})
    void aTestPaymentWhileLiveIsItsOwnCategory(final Kind kind, final String status, final boolean testMode,
                                               final OrgMode orgMode, final Category expected) {
        assertThat(Category.of(kind, status, "Payment", testMode, orgMode)).isEqualTo(expected);
    }

    @Test
    void onlyTopUpsAndRefundsAreTheClubsMoney() {
        assertThat(Arrays.stream(Category.values()).filter(Category::isMoney))
                .containsExactly(Category.TOP_UP, Category.REFUND);
    }

    @ParameterizedTest(name = "a row stored before the migration: {0} {1}, test mode {2} is {3}")
    @CsvSource(nullValues = "null", value = {
            "PAY, Completed, false, TOP_UP",
            "PAY, Completed, true, TOP_UP",
            "CONFIRM, Completed, true, TOP_UP",
            "REFUND, null, false, REFUND"})
    void aRowWithoutOperationTypeOrModeIsAPaymentInTestMode(final Kind kind, final String status, final boolean testMode,
                                                           final Category expected) {
        final Payment old = Fixtures.withOrgMode(Fixtures.withOperationType(
                testMode ? Fixtures.withTest(Fixtures.payment(kind, 1, 100, status)) : Fixtures.payment(kind, 1, 100, status),
                null), null);

        assertThat(old.orgMode()).isEqualTo(OrgMode.TEST);
        assertThat(old.category()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"LIVE, LIVE", "live, LIVE", "TEST, TEST", "null, TEST", "SUSPENDED, TEST"})
    void readsAStoredModeAndAMissingOneAsTest(final String stored, final OrgMode expected) {
        assertThat(OrgMode.parse(stored)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"PAY, PAY", "refund, REFUND", " Confirm , CONFIRM", "SBP_TOKEN, OTHER", "null, OTHER"})
    void parsesStoredKindsAndToleratesUnknownOnes(final String stored, final Kind expected) {
        assertThat(Kind.parse(stored)).isEqualTo(expected);
    }
}

package ledger.report.domain;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(Category.of(kind, status)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {"PAY, PAY", "refund, REFUND", " Confirm , CONFIRM", "SBP_TOKEN, OTHER", "null, OTHER"})
    void parsesStoredKindsAndToleratesUnknownOnes(final String stored, final Kind expected) {
        assertThat(Kind.parse(stored)).isEqualTo(expected);
    }
}

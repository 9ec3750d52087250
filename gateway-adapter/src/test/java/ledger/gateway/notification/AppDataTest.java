package ledger.gateway.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The club comes from the app's Data JSON when it is there; anything odd means "no club", never an error. */
class AppDataTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{\"clubId\":\"club-7\"}|club-7",
            "{\"clubId\":7}|7",
            "{\"clubId\":12345678901234567890}|12345678901234567890",
            "{ \"orderId\": 1,  \"clubId\" : \"A\",  \"items\": [{\"clubId\":\"nested\"}] }|A",
            "{\"ClubId\":\"upper\"}|upper",
            "{\"clubid\":\"lower\",\"CLUBID\":\"later\"}|lower",
            "{\"ClubId\":\"loose\",\"clubId\":\"exact\"}|exact",
            "{\"CloudPayments\":{\"clubId\":\"deep\"},\"clubId\":\"top\"}|top",
    })
    void readsATopLevelStringOrNumberClubId(final String data, final String expected) {
        assertThat(AppData.clubIdOf(data)).hasValue(expected);
    }

    @Test
    void readsThroughCrlfIndentation() {
        assertThat(AppData.clubIdOf("{\r\n  \"CloudPayments\": {\r\n    \"recurrent\": {}\r\n  },\r\n  \"clubId\": \"42\"\r\n}"))
                .hasValue("42");
    }

    @ParameterizedTest(name = "[{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {" ", "{", "{\"clubId\":\"7\"", "{\"clubId\":\"7\"} trailing", "[{\"clubId\":\"7\"}]",
            "\"clubId\"", "{\"clubId\":null}", "{\"clubId\":true}", "{\"clubId\":{\"id\":7}}", "{\"clubId\":\"\"}",
            "{\"clubId\":\"  \"}", "{\"clubId\":\"a\\nb\"}", "{\"CloudPayments\":{\"clubId\":\"deep\"}}",
            "{\"clubId\":{},\"ClubId\":\"ignored: the exact key wins even when unusable\"}",
            "not json at all", "{'clubId':'7'}"})
    void findsNoClubInAnythingElse(final String data) {
        assertThat(AppData.clubIdOf(data)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {128, 129})
    void capsTheLengthOfAClubId(final int length) {
        final String clubId = "c".repeat(length);

        assertThat(AppData.clubIdOf("{\"clubId\":\"" + clubId + "\"}").isPresent()).isEqualTo(length <= 128);
    }
}

package ledger.gateway.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** CloudPayments date-times are UTC; ISO-8601 variants are read leniently, impossible dates are not. */
class UtcDateTimeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "2015-11-17 23:06:15, 2015-11-17T23:06:15Z",
            "2015-11-17T23:06:15, 2015-11-17T23:06:15Z",
            "2015-11-17t23:06:15, 2015-11-17T23:06:15Z",
            "2015-11-17T23:06:15Z, 2015-11-17T23:06:15Z",
            "2015-11-17T23:06:15+03:00, 2015-11-17T20:06:15Z",
            "2015-11-17T23:06:15+0300, 2015-11-17T20:06:15Z",
            "2015-11-17T23:06:15+03, 2015-11-17T20:06:15Z",
            "2015-11-17T02:06:15-05:00, 2015-11-17T07:06:15Z",
            "2021-10-30T03:59:58.686, 2021-10-30T03:59:58.686Z",
            "2021-10-30T03:59:58.6869999Z, 2021-10-30T03:59:58.686Z",
            "2024-02-29 00:00:00, 2024-02-29T00:00:00Z",
    })
    void readsUtcAndOffsetDateTimes(final String text, final String expected) {
        assertThat(UtcDateTime.parse(text)).hasValue(Instant.parse(expected));
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "2015-11-17", "2015-11-17 23:06", "17.11.2015 23:06:15", "2015-11-17_23:06:15",
            "2025-02-30 10:00:00", "2025-13-01 10:00:00", "2015-11-17 24:00:00", "2015-11-17 23:60:00",
            "2015-11-17 23:06:15 MSK", "2015-11-17 23:06:15+25:00", " 2015-11-17 23:06:15", "1447801575",
            "2015-11-17 23:06:15x"})
    void refusesAnythingElse(final String text) {
        assertThat(UtcDateTime.parse(text)).isEmpty();
    }
}

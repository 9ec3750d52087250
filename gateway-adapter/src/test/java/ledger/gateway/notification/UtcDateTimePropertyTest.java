package ledger.gateway.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** The direct reading of the documented form gives exactly what the general formatter gives, for any 19 characters. */
class UtcDateTimePropertyTest {

    private static final DateTimeFormatter DOCUMENTED = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    @Property
    void everyDocumentedDateTimeReadsBackAsItself(@ForAll @LongRange(min = -62_135_596_800L, max = 253_402_300_799L) final long epochSecond) {
        final Instant instant = Instant.ofEpochSecond(epochSecond);
        final String text = DOCUMENTED.format(instant);

        assertThat(UtcDateTime.parse(text)).hasValue(instant);
        assertThat(UtcDateTime.parseWithFormatter(text)).hasValue(instant);
    }

    @Property(tries = 5000)
    void theDirectReadingAgreesWithTheFormatterOnAlmostDateTimes(@ForAll("almostDateTimes") final String text) {
        assertThat(UtcDateTime.parsePlain(text)).isEqualTo(UtcDateTime.parseWithFormatter(text));
    }

    /** 19 characters shaped like a date-time, with digits out of range and a stray wrong character now and then. */
    @Provide
    Arbitrary<String> almostDateTimes() {
        final Arbitrary<Character> digit = Arbitraries.chars().range('0', '9');
        final Arbitrary<Character> odd = Arbitraries.of('-', ':', ' ', 'T', 't', 'Z', '+', 'x', '.', '\u0660', '\uFF10');
        final Arbitrary<Character> any = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(30, digit), net.jqwik.api.Tuple.of(1, odd));
        final String shape = "dddd-dd-dd dd:dd:dd";
        return any.list().ofSize(19).flatMap(chars -> Arbitraries.of(' ', 'T', 't', 'x').map(separator -> {
            final StringBuilder text = new StringBuilder();
            for (int i = 0; i < 19; i++) {
                final char c = chars.get(i);
                final char expected = shape.charAt(i);
                final boolean keepShape = Character.isDigit(c) == (expected == 'd');
                text.append(expected == 'd' ? c : i == 10 ? separator : keepShape ? c : expected);
            }
            return text.toString();
        }));
    }
}

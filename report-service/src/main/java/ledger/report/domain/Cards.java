package ledger.report.domain;

import java.util.regex.Pattern;

/**
 * Masks a card for display from the only parts we ever hold: the BIN (first six) and the last four digits.
 */
public final class Cards {

    private static final Pattern FIRST_SIX = Pattern.compile("\\d{6}");
    private static final Pattern LAST_FOUR = Pattern.compile("\\d{4}");

    private Cards() {
    }

    /** {@code "411111******1111"} with both parts, {@code "•••• 1111"} with the last four only, else {@code null}. */
    public static String mask(final String firstSix, final String lastFour) {
        if (lastFour == null || !LAST_FOUR.matcher(lastFour).matches()) {
            return null;
        }
        if (firstSix != null && FIRST_SIX.matcher(firstSix).matches()) {
            return firstSix + "******" + lastFour;
        }
        return "•••• " + lastFour;
    }
}

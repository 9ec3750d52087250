package ledger.report.render;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import ledger.report.domain.Category;
import ledger.report.domain.Money;
import ledger.report.domain.ReportLine;

/** What the CSV and the page show for times, amounts and categories, so both read the same. */
final class Display {

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

    private Display() {
    }

    /** {@code 2026-05-01 11:00:00} in {@code zone}, a form Excel reads as a date and time; empty for {@code null}. */
    static String time(final Instant instant, final ZoneId zone) {
        return instant == null ? "" : DATE_TIME.format(instant.atZone(zone));
    }

    /** The zone's name as shown to people: {@code UTC} rather than {@code Z}. */
    static String zone(final ZoneId zone) {
        return zone.equals(java.time.ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    static String hour(final Instant instant, final ZoneId zone) {
        return HOUR.format(instant.atZone(zone));
    }

    /** The currency a line is totalled under: its own, or ISO 4217's "no currency". */
    static String currency(final ReportLine line) {
        return line.currency() == null ? Money.NO_CURRENCY : line.currency();
    }

    static String amount(final long minor, final String currency) {
        return Money.format(minor, currency);
    }

    static String category(final Category category) {
        return switch (category) {
            case TOP_UP -> "Top-up";
            case REFUND -> "Refund";
            case PAYOUT -> "Payout";
            case TEST_IN_LIVE -> "Test payment while live";
            case FAILED -> "Failed";
            case NOT_MONEY -> "No money moved";
        };
    }

    static String mode(final boolean test) {
        return test ? "test" : "live";
    }
}

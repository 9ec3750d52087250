package ledger.report.domain;

import java.util.Locale;

/**
 * The CloudPayments notification kinds as the report sees them. {@link #OTHER} stands for a kind this version does
 * not know yet, so a newer producer never breaks a report: such a row is shown but never counted as money.
 */
public enum Kind {
    CHECK, PAY, FAIL, CONFIRM, REFUND, RECURRENT, CANCEL, OTHER;

    /** The kind stored under {@code name}, or {@link #OTHER}. */
    public static Kind parse(final String name) {
        if (name == null) {
            return OTHER;
        }
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            return OTHER;
        }
    }
}

package ledger.report.domain;

import java.util.Locale;

/**
 * The organization's mode when the gateway accepted a notification, as the report reads it. {@link #LIVE}: the
 * organization takes real money, so a test card moves nothing. {@link #TEST}: test-mode money is test money, reported
 * apart from live money.
 */
public enum OrgMode {
    TEST, LIVE;

    /**
     * The mode stored as {@code name}. A notification stored before modes existed has none and reads as {@link #TEST},
     * which is how it was credited; so does a mode this version does not know, since only {@link #LIVE} takes anything
     * away from test money.
     */
    public static OrgMode parse(final String name) {
        return name != null && LIVE.name().equals(name.trim().toUpperCase(Locale.ROOT)) ? LIVE : TEST;
    }
}

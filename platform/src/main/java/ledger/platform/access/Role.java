package ledger.platform.access;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What an organization's API key may do. Each key has exactly one role, in exactly one organization. */
public enum Role {
    /** The organization's administrator: the CloudPayments connection, its mode, shifts, the audit log. */
    ORG_ADMIN("org-admin"),
    /** Finance staff: shift reports, their CSV and the finance pages. */
    FINANCE("finance"),
    /** The club's backend services: customers' balances and balance history. */
    BACKEND("backend");

    private final String label;

    Role(final String label) {
        this.label = label;
    }

    /** The role as written in requests, responses and the README: {@code org-admin}, {@code finance}, {@code backend}. */
    public String label() {
        return label;
    }

    /** The role named {@code label} exactly, or empty. */
    public static Optional<Role> parse(final String label) {
        return Arrays.stream(values()).filter(r -> r.label.equals(label)).findFirst();
    }

    /** The labels, for error messages: {@code org-admin, finance, backend}. */
    public static String labels() {
        return String.join(", ", Arrays.stream(values()).map(Role::label).toList()).toLowerCase(Locale.ROOT);
    }
}

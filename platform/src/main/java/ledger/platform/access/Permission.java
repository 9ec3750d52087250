package ledger.platform.access;

import java.util.EnumSet;
import java.util.Set;

import io.javalin.security.RouteRole;

/**
 * What a route requires. Each permission names the roles of an organization's key that hold it; the operator
 * credential ({@code ADMIN_TOKEN}) holds every permission in every organization, and the operator's read credential
 * ({@code FINANCE_TOKEN}) every permission that only reads, except the service-wide metrics.
 */
public enum Permission implements RouteRole {
    /** Create and revoke API keys: the operator alone. */
    MANAGE_KEYS(true),
    /** List an organization's API keys (never their values). */
    LIST_KEYS(false),
    /** Connect, replace, verify and disconnect the CloudPayments connection; set TEST/LIVE mode. */
    MANAGE_CONNECTION(true, Role.ORG_ADMIN),
    /** See the connection, its status and webhook URLs. */
    READ_CONNECTION(false, Role.ORG_ADMIN),
    /** Read the organization's change history. */
    READ_AUDIT_LOG(false, Role.ORG_ADMIN),
    /** Open and close shifts. */
    MANAGE_SHIFTS(true, Role.ORG_ADMIN),
    /** Shift reports, club shift lists, unassigned payments, their CSV and pages. */
    READ_REPORTS(false, Role.FINANCE),
    /** Customers' balances and balance events. */
    READ_BALANCES(false, Role.BACKEND, Role.FINANCE),
    /**
     * Prometheus metrics of the whole service: the operator credential only. They read, but span every
     * organization and the service itself, so the read credential (handed to finance staff) does not hold them.
     */
    READ_METRICS(false, false);

    private final boolean write;
    private final boolean heldByOperatorReader;
    private final Set<Role> roles;

    /** A permission the operator's read credential holds exactly when it only reads. */
    Permission(final boolean write, final Role... roles) {
        this(write, !write, roles);
    }

    Permission(final boolean write, final boolean heldByOperatorReader, final Role... roles) {
        this.write = write;
        this.heldByOperatorReader = heldByOperatorReader && !write;
        this.roles = roles.length == 0 ? EnumSet.noneOf(Role.class) : EnumSet.of(roles[0], roles);
    }

    /** Whether this permission changes something (the operator's read credential never holds it). */
    public boolean write() {
        return write;
    }

    /** Whether the operator's read credential ({@code FINANCE_TOKEN}) holds this permission: never one that writes. */
    public boolean heldByOperatorReader() {
        return heldByOperatorReader;
    }

    /** Whether a key with {@code role} holds this permission (in its own organization). */
    public boolean grantedTo(final Role role) {
        return roles.contains(role);
    }

    /** The roles that hold it, for the README's table and error messages. */
    public Set<Role> roles() {
        return Set.copyOf(roles);
    }
}

package ledger.platform.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One change to an organization's setup: who (an {@code actor} such as {@code operator} or {@code key:<id>}), when,
 * what ({@code action}, e.g. {@code connection.replaced}) and its details. Never a secret: details hold public ids,
 * statuses and modes only.
 */
public record AuditEntry(String id, String orgId, Instant at, String actor, String action, Map<String, String> details) {
}

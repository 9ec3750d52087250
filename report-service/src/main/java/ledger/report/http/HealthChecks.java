package ledger.report.http;

import java.util.function.BooleanSupplier;

/**
 * What readiness depends on: the database answering, and the sink owning partitions or at least polling.
 */
public record HealthChecks(BooleanSupplier database, BooleanSupplier sink) {
}

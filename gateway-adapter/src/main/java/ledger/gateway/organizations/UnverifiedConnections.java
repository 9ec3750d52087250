package ledger.gateway.organizations;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import ledger.platform.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks connections saved while CloudPayments could not be reached ({@link ConnectionStatus#UNVERIFIED}) again
 * every {@code interval}, until CloudPayments answers: then the connection becomes CONNECTED or INVALID_CREDENTIALS,
 * and the audit log says so (actor {@code gateway}). Every gateway instance runs one; a check is idempotent.
 */
public final class UnverifiedConnections implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UnverifiedConnections.class);

    private final Integrations integrations;
    private final AuditLog audit;
    private final ScheduledExecutorService scheduler;

    private UnverifiedConnections(final Integrations integrations, final AuditLog audit) {
        this.integrations = integrations;
        this.audit = audit;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            final Thread thread = new Thread(runnable, "unverified-connections");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static UnverifiedConnections start(final Integrations integrations, final AuditLog audit, final Duration interval) {
        final UnverifiedConnections checks = new UnverifiedConnections(integrations, audit);
        checks.scheduler.scheduleWithFixedDelay(checks::checkAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return checks;
    }

    /** One round: every unverified connection checked once. */
    void checkAll() {
        for (final String orgId : integrations.unverified()) {
            try {
                integrations.check(orgId).ifPresent(checked -> {
                    if (checked.answer() != ConnectionStatus.UNREACHABLE) {
                        log.info("unverified connection of {} checked: CloudPayments answered {}", orgId, checked.answer());
                        audit.record(orgId, "gateway", "connection.checked",
                                Map.of("answer", checked.answer().name(), "status", checked.integration().status().name()));
                    }
                });
            } catch (final RuntimeException e) {
                log.warn("checking the unverified connection of {} failed: {}", orgId, e.toString());
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}

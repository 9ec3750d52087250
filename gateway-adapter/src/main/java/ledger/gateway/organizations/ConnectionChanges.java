package ledger.gateway.organizations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import ledger.events.OrgMode;
import ledger.platform.audit.AuditLog;

/**
 * What an organization's admin changes in its CloudPayments connection, each change recorded in the audit log with
 * who made it. The JSON API and the admin's page both go through here, so a change reads the same in the history
 * whichever way it was made. Details never hold a secret: public ids, statuses and modes only.
 */
public final class ConnectionChanges {

    /** The outcome of a save. */
    public sealed interface Save {
    }

    /** Stored: CloudPayments accepted the credentials ({@code CONNECTED}), or a forced save could not ask it ({@code UNVERIFIED}). */
    public record Stored(Integration integration, boolean replaced) implements Save {
    }

    /**
     * Nothing stored: CloudPayments refused the credentials ({@code INVALID_CREDENTIALS}) or could not be asked
     * ({@code UNREACHABLE}); {@code kept} is the connection that is still there, exactly as it was.
     */
    public record Refused(ConnectionStatus answer, String message, Optional<Integration> kept) implements Save {
    }

    private final Integrations integrations;
    private final AuditLog audit;

    public ConnectionChanges(final Integrations integrations, final AuditLog audit) {
        this.integrations = integrations;
        this.audit = audit;
    }

    /** Connects or replaces the organization's connection, verified with CloudPayments first ({@link Integrations#connect}). */
    public Save save(final String orgId, final String actor, final Integrations.ConnectRequest request, final boolean force) {
        final Optional<Integration> before = integrations.find(orgId);
        final Integrations.Saved saved;
        try {
            saved = integrations.connect(orgId, request, force);
        } catch (final Integrations.ConnectRefused refused) {
            audit.record(orgId, actor, "connection.refused", details("publicId", request.publicId(), "answer", refused.answer().name(),
                    "force", Boolean.toString(force)));
            return new Refused(refused.answer(), refused.getMessage(), refused.kept());
        }
        final Integration stored = saved.integration();
        final Map<String, String> details = details("publicId", stored.publicId(), "status", stored.status().name(), "mode", stored.mode().name());
        before.ifPresent(old -> {
            details.put("previousPublicId", old.publicId());
            details.put("secretChanged", Boolean.toString(saved.secretChanged()));
        });
        audit.record(orgId, actor, saved.replaced() ? "connection.replaced" : "connection.connected", details);
        return new Stored(stored, saved.replaced());
    }

    /** Checks the stored credentials with CloudPayments now; empty when the organization is not connected. */
    public Optional<Integrations.Checked> check(final String orgId, final String actor) {
        final Optional<Integrations.Checked> checked = integrations.check(orgId);
        checked.ifPresent(c -> audit.record(orgId, actor, "connection.checked",
                details("answer", c.answer().name(), "status", c.integration().status().name())));
        return checked;
    }

    /**
     * Sets TEST or LIVE mode, recorded only when it changed; empty when the organization is not connected.
     */
    public Optional<Integration> setMode(final String orgId, final String actor, final OrgMode mode) {
        final Optional<Integration> before = integrations.find(orgId);
        if (before.isEmpty()) {
            return Optional.empty();
        }
        final Optional<Integration> saved = integrations.setMode(orgId, mode);
        saved.filter(s -> s.mode() != before.get().mode()).ifPresent(s ->
                audit.record(orgId, actor, "connection.mode", details("from", before.get().mode().name(), "to", s.mode().name())));
        return saved;
    }

    /** Disconnects; false when the organization was not connected. */
    public boolean disconnect(final String orgId, final String actor) {
        final Optional<Integration> before = integrations.find(orgId);
        if (before.isEmpty() || !integrations.disconnect(orgId)) {
            return false;
        }
        audit.record(orgId, actor, "connection.disconnected", details("publicId", before.get().publicId()));
        return true;
    }

    /** Ends a secret rotation at once; empty when there is no previous secret still accepted. */
    public Optional<Integration> endPreviousSecret(final String orgId, final String actor) {
        final Optional<Integration> ended = integrations.endPreviousSecret(orgId);
        ended.ifPresent(e -> audit.record(orgId, actor, "connection.previous-secret-ended", details("publicId", e.publicId())));
        return ended;
    }

    private static Map<String, String> details(final String... keysAndValues) {
        final Map<String, String> details = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            details.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return details;
    }
}

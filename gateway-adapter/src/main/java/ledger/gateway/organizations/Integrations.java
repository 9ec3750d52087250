package ledger.gateway.organizations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import ledger.events.OrgMode;

/**
 * Connecting, inspecting and disconnecting an organization's CloudPayments account ("Organization Settings →
 * Integrations → CloudPayments → Connect"). All clubs of the organization share this one connection.
 *
 * <p>Secret rotation: when the admin saves a new API Secret, the one it replaces keeps verifying webhooks for
 * the rotation window ({@code GATEWAY_SECRET_ROTATION_WINDOW}), so CloudPayments' retries of notifications
 * signed before the change are not refused; after the window, or once the admin ends it, only the new secret
 * verifies. Times come from the injected clock.
 */
public final class Integrations {

    /** Asks CloudPayments whether a Public ID and API Secret are valid ({@link CloudPaymentsApi#verify}). */
    @FunctionalInterface
    public interface CredentialCheck {
        ConnectionStatus verify(String publicId, String apiSecret);
    }

    private final IntegrationStore store;
    private final SecretCipher cipher;
    private final CredentialCheck credentials;
    private final Clock clock;
    private final Duration rotationWindow;

    public Integrations(final IntegrationStore store, final SecretCipher cipher, final CredentialCheck credentials, final Clock clock,
                        final Duration rotationWindow) {
        this.store = store;
        this.cipher = cipher;
        this.credentials = credentials;
        this.clock = clock;
        this.rotationWindow = Objects.requireNonNull(rotationWindow, "rotationWindow");
    }

    /**
     * What an admin asks for when connecting.
     *
     * @param mode TEST or LIVE; null keeps the organization's mode as it is (TEST for a new connection)
     */
    public record ConnectRequest(String publicId, String apiSecret, String currency, long minTopUpMinor, long maxTopUpMinor,
                                 boolean enabled, String charset, OrgMode mode) {
    }

    /**
     * Whether the previous secret still verifies webhooks, and until when.
     *
     * @param accepted whether a webhook signed with it is accepted now
     * @param until    when it stops (or stopped) being accepted; null when there is no previous secret
     */
    public record PreviousSecret(boolean accepted, Instant until) {
    }

    /**
     * Verifies the credentials with CloudPayments and stores them encrypted, whatever the verdict, so the
     * admin sees the status. A changed secret keeps the one it replaces valid for webhooks for the rotation
     * window, unless CloudPayments had refused that one (it never verified a webhook, so there is nothing in
     * flight to let through); saving the same secret again keeps the previous secret and its expiry as they are.
     */
    public Integration connect(final String orgId, final ConnectRequest request) {
        final ConnectionStatus status = credentials.verify(request.publicId(), request.apiSecret());
        final Instant now = clock.instant();
        final Optional<Integration> before = store.find(orgId);
        String previousCiphertext = null;
        Instant previousExpiresAt = null;
        if (before.isPresent()) {
            final Integration old = before.get();
            final boolean secretChanged = !cipher.decrypt(orgId, old.secretCiphertext()).equals(request.apiSecret());
            if (secretChanged && old.status() != ConnectionStatus.INVALID_CREDENTIALS) {
                previousCiphertext = old.secretCiphertext();
                previousExpiresAt = now.plus(rotationWindow);
            } else if (isAccepted(old.previousSecretAcceptedUntil(rotationWindow), now)) {
                // Written out, so a record from before expiries existed gets its end fixed now, not moved by this save.
                previousCiphertext = old.previousSecretCiphertext();
                previousExpiresAt = old.previousSecretAcceptedUntil(rotationWindow);
            }
        }
        // A new connection starts in TEST mode, as a new CloudPayments site does; a reconnect keeps the mode it had.
        final OrgMode keptMode = before.map(Integration::mode).orElse(OrgMode.TEST);
        final Instant keptModeChangedAt = before.isPresent() ? before.get().modeChangedAt() : now;
        final Integration integration = new Integration(orgId, request.publicId(), cipher.encrypt(orgId, request.apiSecret()),
                previousCiphertext, previousExpiresAt, status, request.currency(), request.minTopUpMinor(), request.maxTopUpMinor(),
                request.enabled(), request.charset(), before.map(Integration::connectedAt).orElse(now), now, keptMode, keptModeChangedAt)
                .withMode(request.mode() == null ? keptMode : request.mode(), now);
        store.put(integration);
        return integration;
    }

    /**
     * Sets the organization's mode, as its admin does when CloudPayments moves the site from test to live (or back).
     * Setting the mode it already has changes nothing, not even the time of the last change.
     *
     * @return the integration as now stored; empty when the organization is not connected
     */
    public Optional<Integration> setMode(final String orgId, final OrgMode mode) {
        Objects.requireNonNull(mode, "mode");
        final Optional<Integration> found = store.find(orgId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        final Integration changed = found.get().withMode(mode, clock.instant());
        if (changed != found.get()) {
            store.put(changed);
        }
        return Optional.of(changed);
    }

    public Optional<Integration> find(final String orgId) {
        return store.find(orgId);
    }

    public boolean disconnect(final String orgId) {
        if (store.find(orgId).isEmpty()) {
            return false;
        }
        store.remove(orgId);
        return true;
    }

    /**
     * Ends the rotation at once: the previous secret no longer verifies webhooks, on every instance.
     *
     * @return the integration as now stored; empty when the organization is not connected or no previous secret is
     *         accepted any more (nothing to end)
     */
    public Optional<Integration> endPreviousSecret(final String orgId) {
        final Optional<Integration> found = store.find(orgId);
        if (found.isEmpty() || !previousSecret(found.get()).accepted()) {
            return Optional.empty();
        }
        final Integration ended = found.get().withoutPreviousSecret();
        store.put(ended);
        return Optional.of(ended);
    }

    /** Whether {@code integration}'s previous secret verifies webhooks now, and until when. */
    public PreviousSecret previousSecret(final Integration integration) {
        final Instant until = integration.previousSecretAcceptedUntil(rotationWindow);
        return new PreviousSecret(integration.status() != ConnectionStatus.INVALID_CREDENTIALS && isAccepted(until, clock.instant()), until);
    }

    /**
     * The secrets a webhook of this organization may be signed with: the current one and, during a
     * rotation window, the previous one. Empty when the organization is unknown or its credentials were refused.
     */
    public List<String> webhookSecrets(final String orgId) {
        final Optional<Integration> found = store.find(orgId);
        if (found.isEmpty() || found.get().status() == ConnectionStatus.INVALID_CREDENTIALS) {
            return List.of();
        }
        final Integration integration = found.get();
        final List<String> secrets = new ArrayList<>(2);
        secrets.add(cipher.decrypt(orgId, integration.secretCiphertext()));
        if (isAccepted(integration.previousSecretAcceptedUntil(rotationWindow), clock.instant())) {
            secrets.add(cipher.decrypt(orgId, integration.previousSecretCiphertext()));
        }
        return secrets;
    }

    /** The end of a window is exclusive: at {@code until} itself the previous secret is already refused. */
    private static boolean isAccepted(final Instant until, final Instant now) {
        return until != null && now.isBefore(until);
    }
}

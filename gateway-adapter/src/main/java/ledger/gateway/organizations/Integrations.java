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
     * A save that did not replace anything: CloudPayments refused the credentials ({@code INVALID_CREDENTIALS}), or
     * could not be asked ({@code UNREACHABLE}) and the admin did not force the save. The connection that was there,
     * if any, is exactly as it was.
     */
    public static final class ConnectRefused extends RuntimeException {
        private final ConnectionStatus answer;
        private final transient Optional<Integration> kept;

        ConnectRefused(final ConnectionStatus answer, final Optional<Integration> kept) {
            super(answer == ConnectionStatus.INVALID_CREDENTIALS
                    ? "CloudPayments refused this Public ID and API Secret; nothing was changed"
                    : "CloudPayments could not be reached to verify these credentials; nothing was changed (send \"force\": true to save them unverified)",
                    null, false, false);
            this.answer = answer;
            this.kept = kept;
        }

        public ConnectionStatus answer() {
            return answer;
        }

        /** The connection as it still is, when there was one. */
        public Optional<Integration> kept() {
            return kept;
        }
    }

    /**
     * A save that replaced (or created) the organization's connection.
     *
     * @param secretChanged whether a connection was there with another API Secret
     */
    public record Saved(Integration integration, boolean replaced, boolean secretChanged) {
    }

    /** A check of the stored credentials: the integration as now stored, and what CloudPayments answered. */
    public record Checked(Integration integration, ConnectionStatus answer) {
    }

    /** {@link #connect(String, ConnectRequest, boolean)} without forcing. */
    public Saved connect(final String orgId, final ConnectRequest request) {
        return connect(orgId, request, false);
    }

    /**
     * Verifies the credentials with CloudPayments first, and stores them encrypted only when CloudPayments accepted
     * them ({@code CONNECTED}), or, with {@code force}, when it could not be reached ({@code UNVERIFIED}: verified
     * again later, see {@link #check}). Anything else leaves the stored connection exactly as it was.
     *
     * <p>A changed secret keeps the one it replaces valid for webhooks for the rotation window, unless CloudPayments
     * had refused that one (it never verified a webhook, so there is nothing in flight to let through); saving the
     * same secret again keeps the previous secret and its expiry as they are.
     *
     * @throws ConnectRefused when nothing was stored
     */
    public Saved connect(final String orgId, final ConnectRequest request, final boolean force) {
        final ConnectionStatus answer = credentials.verify(request.publicId(), request.apiSecret());
        final Optional<Integration> before = store.find(orgId);
        if (answer == ConnectionStatus.INVALID_CREDENTIALS || (answer == ConnectionStatus.UNREACHABLE && !force)) {
            throw new ConnectRefused(answer, before);
        }
        final ConnectionStatus status = answer == ConnectionStatus.CONNECTED ? ConnectionStatus.CONNECTED : ConnectionStatus.UNVERIFIED;
        final Instant now = clock.instant();
        String previousCiphertext = null;
        Instant previousExpiresAt = null;
        final boolean secretChanged = before.isPresent() && !cipher.decrypt(orgId, before.get().secretCiphertext()).equals(request.apiSecret());
        if (before.isPresent()) {
            final Integration old = before.get();
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
                request.enabled(), request.charset(), before.map(Integration::connectedAt).orElse(now), now, keptMode, keptModeChangedAt,
                now, answer)
                .withMode(request.mode() == null ? keptMode : request.mode(), now);
        store.put(integration);
        return new Saved(integration, before.isPresent(), secretChanged);
    }

    /**
     * Checks the stored credentials with CloudPayments again (on demand, or in the background for UNVERIFIED
     * connections). The answer is stored only if the connection was not changed meanwhile.
     *
     * @return empty when the organization is not connected
     */
    public Optional<Checked> check(final String orgId) {
        final Optional<Integration> found = store.find(orgId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        final Integration checkedOne = found.get();
        final ConnectionStatus answer = credentials.verify(checkedOne.publicId(), cipher.decrypt(orgId, checkedOne.secretCiphertext()));
        final Integration updated = checkedOne.checked(answer, clock.instant());
        synchronized (this) {
            final Optional<Integration> now = store.find(orgId);
            if (now.isEmpty() || !now.get().secretCiphertext().equals(checkedOne.secretCiphertext())
                    || !now.get().publicId().equals(checkedOne.publicId())) {
                return now.map(i -> new Checked(i, answer));
            }
            store.put(updated);
        }
        return Optional.of(new Checked(updated, answer));
    }

    /** The organizations whose connection waits for CloudPayments to confirm it. */
    public List<String> unverified() {
        return store.all().stream().filter(i -> i.status() == ConnectionStatus.UNVERIFIED).map(Integration::orgId).toList();
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

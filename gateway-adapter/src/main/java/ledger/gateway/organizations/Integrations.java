package ledger.gateway.organizations;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Connecting, inspecting and disconnecting an organization's CloudPayments account ("Organization Settings →
 * Integrations → CloudPayments → Connect"). All clubs of the organization share this one connection.
 */
public final class Integrations {

    private final IntegrationStore store;
    private final SecretCipher cipher;
    private final CloudPaymentsApi api;
    private final Clock clock;

    public Integrations(final IntegrationStore store, final SecretCipher cipher, final CloudPaymentsApi api, final Clock clock) {
        this.store = store;
        this.cipher = cipher;
        this.api = api;
        this.clock = clock;
    }

    /** What an admin asks for when connecting. */
    public record ConnectRequest(String publicId, String apiSecret, String currency, long minTopUpMinor, long maxTopUpMinor,
                                 boolean enabled, String charset) {
    }

    /**
     * Verifies the credentials with CloudPayments and stores them encrypted, whatever the verdict, so the
     * admin sees the status. A changed secret keeps the previous one valid for webhooks until the next change.
     */
    public Integration connect(final String orgId, final ConnectRequest request) {
        final ConnectionStatus status = api.verify(request.publicId(), request.apiSecret());
        final Optional<Integration> previous = store.find(orgId);
        final String previousCiphertext = previous
                .filter(p -> !cipher.decrypt(orgId, p.secretCiphertext()).equals(request.apiSecret()))
                .map(Integration::secretCiphertext)
                .orElse(previous.map(Integration::previousSecretCiphertext).orElse(null));
        final Integration integration = new Integration(orgId, request.publicId(), cipher.encrypt(orgId, request.apiSecret()),
                previousCiphertext, status, request.currency(), request.minTopUpMinor(), request.maxTopUpMinor(),
                request.enabled(), request.charset(),
                previous.map(Integration::connectedAt).orElse(clock.instant()), clock.instant());
        store.put(integration);
        return integration;
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
     * The secrets a webhook of this organization may be signed with: the current one and, during a
     * rotation, the previous one. Empty when the organization is unknown or its credentials were refused.
     */
    public List<String> webhookSecrets(final String orgId) {
        final Optional<Integration> found = store.find(orgId);
        if (found.isEmpty() || found.get().status() == ConnectionStatus.INVALID_CREDENTIALS) {
            return List.of();
        }
        final List<String> secrets = new ArrayList<>(2);
        secrets.add(cipher.decrypt(orgId, found.get().secretCiphertext()));
        if (found.get().previousSecretCiphertext() != null) {
            secrets.add(cipher.decrypt(orgId, found.get().previousSecretCiphertext()));
        }
        return secrets;
    }
}

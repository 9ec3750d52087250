package ledger.platform.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a presented credential into a {@link Principal} and decides whether it may do something in an
 * organization. Credentials: the operator token ({@code ADMIN_TOKEN}), the operator's read token
 * ({@code FINANCE_TOKEN}, optional) and organizations' API keys. Tokens are compared as SHA-256 digests with
 * {@link MessageDigest#isEqual}, so neither their content nor their length shows in timing. Every failed check counts
 * against the client's address ({@link Throttle}); a blocked address gets 429 before its credential is looked at.
 */
public final class AccessControl {

    private final byte[] operatorDigest;
    private final Optional<byte[]> readerDigest;
    private final ApiKeys keys;
    private final Throttle throttle;

    public AccessControl(final String operatorToken, final Optional<String> readerToken, final ApiKeys keys, final Throttle throttle) {
        this.operatorDigest = digest(operatorToken);
        this.readerDigest = readerToken.map(AccessControl::digest);
        this.keys = keys;
        this.throttle = throttle;
    }

    /**
     * The principal of an {@code Authorization: Bearer <token-or-key>} header.
     *
     * @throws AccessDenied 401 when the header is missing, malformed or its credential unknown; 429 when the address
     *                      failed too often
     */
    public Principal authenticate(final String authorizationHeader, final String clientAddress) {
        refuseIfBlocked(clientAddress);
        if (authorizationHeader == null) {
            throw AccessDenied.unauthenticated("missing credential: send Authorization: Bearer <API key or token>");
        }
        final String header = authorizationHeader.trim();
        if (header.length() < 7 || !header.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            throw AccessDenied.unauthenticated("malformed Authorization header: expected Bearer <API key or token>");
        }
        return credential(header.substring(7).trim(), clientAddress)
                .orElseThrow(() -> AccessDenied.unauthenticated("unknown or revoked API key or token"));
    }

    /**
     * The principal of a credential typed into a sign-in form, or empty when it is unknown (counted as a failure).
     *
     * @throws AccessDenied 429 when the address failed too often
     */
    public Optional<Principal> signIn(final String credential, final String clientAddress) {
        refuseIfBlocked(clientAddress);
        return credential(credential == null ? "" : credential.trim(), clientAddress);
    }

    /**
     * Refuses {@code principal} unless it holds {@code permission} in {@code orgId} ({@code null} for a route of no
     * organization, which only operator credentials hold).
     *
     * @throws AccessDenied 403 naming what is missing
     */
    public static void authorize(final Principal principal, final Permission permission, final String orgId) {
        if (principal.holds(permission, orgId)) {
            return;
        }
        if (principal instanceof Principal.OrgKey key) {
            if (orgId == null || !key.key().orgId().equals(orgId)) {
                throw AccessDenied.forbidden("this API key belongs to another organization");
            }
            throw AccessDenied.forbidden("an API key with role " + key.key().role().label() + " may not do this; it needs "
                    + (permission.roles().isEmpty() ? "the operator credential" : "role " + String.join(" or ",
                    permission.roles().stream().map(Role::label).sorted().toList())));
        }
        throw AccessDenied.forbidden(permission.write() ? "the operator's read credential may only read"
                : "this needs the operator credential; the operator's read credential does not hold it");
    }

    /**
     * Refuses a request whose session cookie was not accepted (forged, of another audience, expired, ended, or its
     * key revoked), and counts it against the client's address as a wrong key is counted: a forged cookie is a guess
     * too.
     *
     * @return the 401 to throw
     * @throws AccessDenied 429 when the address failed too often
     */
    AccessDenied sessionRefused(final String clientAddress) {
        refuseIfBlocked(clientAddress);
        throttle.failed(clientAddress);
        return AccessDenied.unauthenticated("no valid session: sign in again, or send Authorization: Bearer <API key or token>");
    }

    /** The principal a session's subject names, while it is still valid (a revoked key's sessions end with it). */
    public Optional<Principal> subject(final String subject) {
        if ("operator".equals(subject)) {
            return Optional.of(new Principal.Operator());
        }
        if ("operator-read".equals(subject) && readerDigest.isPresent()) {
            return Optional.of(new Principal.OperatorReader());
        }
        if (subject != null && subject.startsWith("key:")) {
            return keys.find(subject.substring(4)).filter(ApiKey::active).map(Principal.OrgKey::new);
        }
        return Optional.empty();
    }

    /**
     * The key that signs sessions: derived from the operator token, so every instance of every service shares it,
     * sessions survive restarts, and replacing the operator token ends every session.
     */
    public byte[] sessionKey() {
        final byte[] label = "page-session-v2".getBytes(StandardCharsets.UTF_8);
        final byte[] material = new byte[label.length + operatorDigest.length];
        System.arraycopy(label, 0, material, 0, label.length);
        System.arraycopy(operatorDigest, 0, material, label.length, operatorDigest.length);
        return sha256(material);
    }

    public ApiKeys keys() {
        return keys;
    }

    private Optional<Principal> credential(final String presented, final String clientAddress) {
        final Optional<Principal> principal;
        if (presented.startsWith("lk_")) {
            principal = keys.verify(presented).map(Principal.OrgKey::new);
        } else {
            final byte[] digest = digest(presented);
            // Both comparisons always run, so timing does not tell which token was close.
            final boolean operator = MessageDigest.isEqual(digest, operatorDigest);
            final boolean reader = readerDigest.map(d -> MessageDigest.isEqual(digest, d)).orElse(false);
            principal = operator ? Optional.of(new Principal.Operator())
                    : reader ? Optional.of(new Principal.OperatorReader()) : Optional.empty();
        }
        if (principal.isEmpty()) {
            throttle.failed(clientAddress);
        }
        return principal;
    }

    private void refuseIfBlocked(final String clientAddress) {
        throttle.blockedFor(clientAddress).ifPresent(wait -> {
            throw AccessDenied.tooManyAttempts(wait);
        });
    }

    private static byte[] digest(final String token) {
        return sha256(token.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] sha256(final byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}

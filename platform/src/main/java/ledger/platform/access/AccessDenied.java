package ledger.platform.access;

import java.time.Duration;
import java.util.Optional;

/**
 * A request refused for its credential: 401 (missing, malformed, unknown or revoked), 403 (valid, but not for this
 * organization or role; or a form post without its CSRF token) or 429 (too many failed attempts from this client
 * address; {@link #retryAfter}). The message says which, never anything about the credential itself.
 */
public final class AccessDenied extends RuntimeException {

    private final int status;
    private final Duration retryAfter;

    private AccessDenied(final int status, final String message, final Duration retryAfter) {
        super(message, null, false, false);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public static AccessDenied unauthenticated(final String message) {
        return new AccessDenied(401, message, null);
    }

    public static AccessDenied forbidden(final String message) {
        return new AccessDenied(403, message, null);
    }

    public static AccessDenied tooManyAttempts(final Duration retryAfter) {
        return new AccessDenied(429, "too many failed sign-ins or key checks from this address; retry in "
                + Math.max(1, retryAfter.toSeconds()) + " s", retryAfter);
    }

    public int status() {
        return status;
    }

    /** How long the client should wait, for a 429. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}

package ledger.platform.access;

import java.time.Duration;
import java.util.Optional;

/** Limits failed sign-ins and key checks per client address (brute force of keys and tokens). */
public interface Throttle {

    /** How long {@code clientAddress} must wait before its next attempt, or empty when it may try now. */
    Optional<Duration> blockedFor(String clientAddress);

    /** Counts one failed attempt of {@code clientAddress}. */
    void failed(String clientAddress);

    /** No limit, for tests of other things. */
    Throttle NONE = new Throttle() {
        @Override
        public Optional<Duration> blockedFor(final String clientAddress) {
            return Optional.empty();
        }

        @Override
        public void failed(final String clientAddress) {
        }
    };
}

package ledger.platform.http;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import ledger.platform.access.Throttle;

/**
 * Counts failures (a wrong password at sign-in, an unknown API key) per client address, and refuses an address that
 * failed {@code maxFailures} times within the last {@code window} until the oldest of those failures leaves the
 * window: a sliding window, exact, with no burst at a window's edge.
 *
 * <p>Memory is bounded: an address costs {@code maxFailures} timestamps, and at most {@code maxClients} addresses
 * are remembered. Addresses whose last failure left the window are forgotten first; when that is not enough, the
 * address that failed least recently is. So a flood from very many addresses can make the limiter forget one, never
 * make the process run out of memory. Successes cost nothing and are not recorded.
 *
 * <p>Thread-safe; the clock is a parameter so tests can move time.
 */
public final class ClientRateLimiter implements Throttle {

    private final int maxFailures;
    private final long windowMs;
    private final int maxClients;
    private final Clock clock;
    /** Ordered by last failure, oldest first: re-inserted on every failure. */
    private final LinkedHashMap<String, Failures> byAddress = new LinkedHashMap<>();

    public ClientRateLimiter(final int maxFailures, final Duration window, final int maxClients, final Clock clock) {
        if (maxFailures < 1 || maxClients < 1) {
            throw new IllegalArgumentException("maxFailures and maxClients must be positive, got " + maxFailures + ", " + maxClients);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, got " + window);
        }
        this.maxFailures = maxFailures;
        this.windowMs = window.toMillis();
        this.maxClients = maxClients;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** 10 failures a minute per address, 10,000 addresses remembered (about 1 MB). */
    public static ClientRateLimiter defaults(final Clock clock) {
        return new ClientRateLimiter(10, Duration.ofMinutes(1), 10_000, clock);
    }

    /** Whether a request from this address may be tried now; callers answer 429 with {@link #retryAfter} if not. */
    public synchronized boolean allow(final String clientAddress) {
        return retryAfterMs(clientAddress, clock.millis()) == 0;
    }

    /** How long until this address is allowed again; zero when it is now. */
    public synchronized Duration retryAfter(final String clientAddress) {
        return Duration.ofMillis(retryAfterMs(clientAddress, clock.millis()));
    }

    public synchronized void recordFailure(final String clientAddress) {
        final long now = clock.millis();
        Failures failures = byAddress.remove(clientAddress);
        if (failures == null) {
            failures = new Failures(maxFailures);
        }
        failures.add(now);
        byAddress.put(clientAddress, failures);
        evict(now);
    }

    /** Forgets an address's failures, e.g. after it signed in successfully. */
    public synchronized void reset(final String clientAddress) {
        byAddress.remove(clientAddress);
    }

    synchronized int trackedClients() {
        return byAddress.size();
    }

    private long retryAfterMs(final String clientAddress, final long now) {
        final Failures failures = byAddress.get(clientAddress);
        if (failures == null || failures.count < maxFailures) {
            return 0;
        }
        // Refused while the oldest of the last maxFailures failures is still inside the window.
        return Math.max(0, failures.oldest() + windowMs - now);
    }

    private void evict(final long now) {
        final Iterator<Map.Entry<String, Failures>> eldestFirst = byAddress.entrySet().iterator();
        while (eldestFirst.hasNext()) {
            final Failures failures = eldestFirst.next().getValue();
            if (now - failures.newest() >= windowMs || byAddress.size() > maxClients) {
                eldestFirst.remove();
            } else {
                // Entries are ordered by last failure: the rest are newer and the map is within its bound.
                return;
            }
        }
    }

    /** The last {@code capacity} failure times of one address, as a ring. */
    private static final class Failures {
        private final long[] timesMs;
        private int next;
        private int count;

        Failures(final int capacity) {
            this.timesMs = new long[capacity];
        }

        void add(final long timeMs) {
            timesMs[next] = timeMs;
            next = (next + 1) % timesMs.length;
            count = Math.min(count + 1, timesMs.length);
        }

        long oldest() {
            return count < timesMs.length ? timesMs[0] : timesMs[next];
        }

        long newest() {
            return timesMs[(next - 1 + timesMs.length) % timesMs.length];
        }
    }

    @Override
    public Optional<Duration> blockedFor(final String clientAddress) {
        return allow(clientAddress) ? Optional.empty() : Optional.of(retryAfter(clientAddress));
    }

    @Override
    public void failed(final String clientAddress) {
        recordFailure(clientAddress);
    }
}

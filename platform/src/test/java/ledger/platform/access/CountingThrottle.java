package ledger.platform.access;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test helper: a {@link Throttle} that records every failure it is told of and blocks every address once told to. */
final class CountingThrottle implements Throttle {

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile Duration blockedFor;

    @Override
    public Optional<Duration> blockedFor(final String clientAddress) {
        return Optional.ofNullable(blockedFor);
    }

    @Override
    public void failed(final String clientAddress) {
        failures.add(clientAddress);
    }

    /** The addresses of the failures counted so far, one entry per failure. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    void blockEveryone(final Duration retryAfter) {
        blockedFor = retryAfter;
    }

    void unblock() {
        blockedFor = null;
    }

    void reset() {
        failures.clear();
        blockedFor = null;
    }
}

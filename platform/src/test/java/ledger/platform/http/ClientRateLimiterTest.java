package ledger.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** Failures per client address in a sliding window, on a clock the test moves. */
class ClientRateLimiterTest {

    private final ManualClock clock = new ManualClock();
    private final ClientRateLimiter limiter = new ClientRateLimiter(10, Duration.ofMinutes(1), 100, clock);

    @Test
    void allowsTenFailuresAMinuteThenRefusesUntilTheFirstLeavesTheWindow() {
        for (int i = 0; i < 10; i++) {
            assertThat(limiter.allow("10.0.0.1")).as("before failure %d", i + 1).isTrue();
            limiter.recordFailure("10.0.0.1");
            clock.advance(Duration.ofSeconds(1));
        }
        // Failures at 0 s .. 9 s; now 10 s.
        assertThat(limiter.allow("10.0.0.1")).isFalse();
        assertThat(limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofSeconds(50));

        clock.advance(Duration.ofSeconds(50));
        assertThat(limiter.allow("10.0.0.1")).isTrue();
        assertThat(limiter.retryAfter("10.0.0.1")).isZero();
        // The window slides: one more failure refuses again, until the failure at 1 s leaves it.
        limiter.recordFailure("10.0.0.1");
        assertThat(limiter.allow("10.0.0.1")).isFalse();
        assertThat(limiter.retryAfter("10.0.0.1")).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void addressesAreCountedApart() {
        for (int i = 0; i < 10; i++) {
            limiter.recordFailure("10.0.0.1");
        }
        assertThat(limiter.allow("10.0.0.1")).isFalse();
        assertThat(limiter.allow("10.0.0.2")).isTrue();
        assertThat(limiter.retryAfter("10.0.0.2")).isZero();
    }

    @Test
    void aResetForgetsTheFailures() {
        for (int i = 0; i < 10; i++) {
            limiter.recordFailure("10.0.0.1");
        }
        limiter.reset("10.0.0.1");
        assertThat(limiter.allow("10.0.0.1")).isTrue();
    }

    @Test
    void addressesWhoseFailuresLeftTheWindowAreForgotten() {
        for (int i = 0; i < 50; i++) {
            limiter.recordFailure("10.0.1." + i);
        }
        clock.advance(Duration.ofMinutes(1));
        limiter.recordFailure("10.0.2.1");
        assertThat(limiter.trackedClients()).isEqualTo(1);
    }

    @Test
    void memoryIsBoundedEvenWhenEveryAddressIsStillInItsWindow() {
        for (int i = 0; i < 1_000; i++) {
            for (int f = 0; f < 10; f++) {
                limiter.recordFailure("10.1." + i / 256 + "." + i % 256);
            }
        }
        assertThat(limiter.trackedClients()).isEqualTo(100);
        // The least recent are forgotten first; the latest are still refused.
        assertThat(limiter.allow("10.1.0.0")).isTrue();
        assertThat(limiter.allow("10.1.3.231")).isFalse();
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> new ClientRateLimiter(0, Duration.ofMinutes(1), 10, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientRateLimiter(10, Duration.ZERO, 10, clock)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientRateLimiter(10, Duration.ofMinutes(1), 0, clock)).isInstanceOf(IllegalArgumentException.class);
    }

    /** A clock that moves only when told. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-12-05T12:00:00Z");

        void advance(final Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(final ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

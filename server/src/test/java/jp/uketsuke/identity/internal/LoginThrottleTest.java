package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves by hand. */
    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-04-01T09:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final HandClock clock = new HandClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, 5, 20);

    @Test
    void accountWaitsLongerAfterEachFailureThenIsLockedForTheWindow() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", "192.0.2." + i);
            assertThat(throttle.blocked("alice", "198.51.100.1")).as("free failure %d", i).isFalse();
        }
        throttle.failed("alice", "192.0.2.9");
        assertThat(throttle.blocked("Alice", "198.51.100.1")).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.blocked("alice", "198.51.100.1")).isFalse();

        throttle.failed("alice", "192.0.2.9");
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.blocked("alice", "198.51.100.1")).as("second delay is 2 s").isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.blocked("alice", "198.51.100.1")).isFalse();

        for (int i = 0; i < 5; i++) {
            throttle.failed("alice", "192.0.2.9");
        }
        clock.advance(Duration.ofMinutes(10));
        assertThat(throttle.blocked("alice", "198.51.100.1")).as("locked at 10 failures").isTrue();
        assertThat(throttle.accountBlocked("alice")).isTrue();
        assertThat(throttle.blocked("bob", "198.51.100.1")).as("other accounts are not affected").isFalse();
        clock.advance(LoginThrottle.WINDOW);
        assertThat(throttle.blocked("alice", "198.51.100.1")).isFalse();
    }

    @Test
    void addressIsLimitedEvenWhenEveryAttemptNamesAnotherOrUnknownAccount() {
        for (int i = 0; i < 5; i++) {
            throttle.failed(null, "203.0.113.7");
        }
        assertThat(throttle.blocked("anyone", "203.0.113.7")).isFalse();
        throttle.failed(null, "203.0.113.7");
        assertThat(throttle.blocked("anyone", "203.0.113.7")).isTrue();
        assertThat(throttle.blocked("anyone", "203.0.113.8")).isFalse();
        for (int i = 0; i < 14; i++) {
            throttle.failed(null, "203.0.113.7");
        }
        clock.advance(Duration.ofMinutes(14));
        assertThat(throttle.blocked("anyone", "203.0.113.7")).as("locked at 20").isTrue();
        assertThat(throttle.accountBlocked("anyone")).as("unknown names are never counted as accounts").isFalse();
    }

    @Test
    void successClearsTheAccountButNotTheAddress() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("carol", "203.0.113.9");
        }
        throttle.succeeded("carol");

        assertThat(throttle.accountBlocked("carol")).isFalse();
        assertThat(throttle.blocked("carol", "203.0.113.9")).isTrue();
    }

    @Test
    void delaysGrowButNeverPastTheWindow() {
        assertThat(LoginThrottle.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(LoginThrottle.delay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(LoginThrottle.delay(50)).isEqualTo(LoginThrottle.WINDOW);
    }
}

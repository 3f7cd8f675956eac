package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ActiveSessionsTest {

    private static final class HandClock extends Clock {
        Instant now = Instant.parse("2026-04-01T09:00:00Z");

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
    private final ActiveSessions sessions = new ActiveSessions(clock, Duration.ofMinutes(15), Duration.ofHours(8));

    @Test
    void aBusySessionStillEndsAtItsAbsoluteLifetime() {
        String handle = sessions.open("alice", "192.0.2.1");
        for (int minute = 10; minute < 8 * 60; minute += 10) {
            clock.now = clock.now.plus(Duration.ofMinutes(10));
            assertThat(sessions.touch(handle, "alice", "192.0.2.1")).as("minute %d", minute).isPresent();
        }
        clock.now = Instant.parse("2026-04-01T17:00:00Z");

        assertThat(sessions.touch(handle, "alice", "192.0.2.1")).isEmpty();
        assertThat(sessions.of("alice")).isEmpty();
    }

    @Test
    void anIdleSessionEndsAndAHandleWorksOnlyForItsOwner() {
        String handle = sessions.open("alice", "192.0.2.1");
        assertThat(sessions.touch(handle, "bob", "192.0.2.1")).isEmpty();
        assertThat(sessions.touch("not a handle", "alice", "192.0.2.1")).isEmpty();
        String other = sessions.open("alice", "192.0.2.2");
        clock.now = clock.now.plus(Duration.ofMinutes(15));

        assertThat(sessions.touch(other, "alice", "192.0.2.2")).isEmpty();
    }

    @Test
    void signingOutEverywhereEndsOnlyThatUsersSessions() {
        String laptop = sessions.open("alice", "192.0.2.1");
        String phone = sessions.open("Alice", "198.51.100.7");
        String bobs = sessions.open("bob", "192.0.2.9");
        assertThat(sessions.of("alice")).extracting(ActiveSessions.Entry::address)
                .containsExactlyInAnyOrder("192.0.2.1", "198.51.100.7");

        assertThat(sessions.endAll("alice")).isEqualTo(2);

        assertThat(sessions.touch(laptop, "alice", "192.0.2.1")).isEmpty();
        assertThat(sessions.touch(phone, "alice", "198.51.100.7")).isEmpty();
        assertThat(sessions.touch(bobs, "bob", "192.0.2.9")).isPresent();
    }
}

package jp.uketsuke.telephony.internal.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jp.uketsuke.telephony.FloodLimits;
import jp.uketsuke.telephony.SipDropReason;
import org.junit.jupiter.api.Test;

/** The guard's decisions with a clock moved by hand: rates, blocks and their end, leases, memory bounds. */
class SourceGuardTest {

    private long now = 1_000_000_000L;
    private final FloodLimits limits = FloodLimits.defaults().withRate(10, 5).withBlockFor(Duration.ofSeconds(60))
            .withMaxDialogsPerSource(2).withMaxConnectionsPerSource(2)
            .withAuthenticationFailures(3, Duration.ofMinutes(5));

    private SourceGuard guard(FloodLimits l) {
        return new SourceGuard(l, () -> now);
    }

    private static InetAddress address(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    private void advance(long millis) {
        now += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void burstPassesThenTheSourceIsBlockedWhileOthersPass() throws Exception {
        SourceGuard guard = guard(limits);
        InetAddress flooder = address("192.0.2.1");
        for (int i = 0; i < 5; i++) {
            assertThat(guard.admitDatagram(flooder)).isNull();
        }
        assertThat(guard.admitDatagram(flooder)).isEqualTo(SipDropReason.RATE_LIMITED);
        assertThat(guard.admitDatagram(flooder)).isEqualTo(SipDropReason.BLOCKED);
        assertThat(guard.isBlocked(flooder)).isTrue();
        assertThat(guard.admitDatagram(address("192.0.2.2"))).isNull();
        assertThat(guard.blockedSources()).isEqualTo(1);
        assertThat(guard.blocksTotal()).isEqualTo(1);
        assertThat(guard.droppedByReason()).containsEntry(SipDropReason.RATE_LIMITED, 1L)
                .containsEntry(SipDropReason.BLOCKED, 1L);
    }

    @Test
    void blockEndsAfterItsTimeWhenTheSourceStops() throws Exception {
        SourceGuard guard = guard(limits);
        InetAddress flooder = address("192.0.2.1");
        for (int i = 0; i < 6; i++) {
            guard.admitDatagram(flooder);
        }
        advance(59_000);
        assertThat(guard.isBlocked(flooder)).isTrue();
        advance(2_000);
        assertThat(guard.isBlocked(flooder)).isFalse();
        assertThat(guard.admitDatagram(flooder)).isNull();
    }

    @Test
    void blockIsExtendedWhileTheSourceKeepsFlooding() throws Exception {
        SourceGuard guard = guard(limits);
        InetAddress flooder = address("192.0.2.1");
        for (int i = 0; i < 6; i++) {
            guard.admitDatagram(flooder);
        }
        // 50 messages a second for 100 s: five times its rate, all the time
        for (int second = 0; second < 100; second++) {
            for (int i = 0; i < 50; i++) {
                advance(20);
                assertThat(guard.admitDatagram(flooder)).isEqualTo(SipDropReason.BLOCKED);
            }
        }
        assertThat(guard.blocksTotal()).isEqualTo(1);
    }

    @Test
    void sourceThatSlowsDownBelowItsRateIsReleased() throws Exception {
        SourceGuard guard = guard(limits);
        InetAddress flooder = address("192.0.2.1");
        for (int i = 0; i < 6; i++) {
            guard.admitDatagram(flooder);
        }
        for (int i = 0; i < 70; i++) {
            advance(1_000);
            guard.admitDatagram(flooder);
        }
        assertThat(guard.isBlocked(flooder)).isFalse();
        assertThat(guard.admitDatagram(flooder)).isNull();
    }

    @Test
    void scannerIsDroppedAndBlocked() throws Exception {
        SourceGuard guard = guard(limits);
        InetAddress scanner = address("198.51.100.7");
        assertThat(guard.admitRequest(scanner, "friendly-scanner", 8, true)).isEqualTo(SipDropReason.SCANNER);
        assertThat(guard.admitRequest(scanner, "Friendly-Scanner 1.0", 8, true)).isEqualTo(SipDropReason.SCANNER);
        assertThat(guard.admitRequest(scanner, "baresip", 8, true)).isEqualTo(SipDropReason.BLOCKED);
        assertThat(guard.admitRequest(address("198.51.100.8"), "VaxSIPUserAgent/3.1", 8, true))
                .isEqualTo(SipDropReason.SCANNER);
        assertThat(guard.admitRequest(address("198.51.100.9"), "baresip v3.10.1", 8, true)).isNull();
        assertThat(guard.admitRequest(address("198.51.100.9"), null, 8, true)).isNull();
    }

    @Test
    void scannerListIsConfigurable() throws Exception {
        SourceGuard guard = guard(limits.withScannerUserAgents(List.of("EvilDialer")));
        assertThat(guard.admitRequest(address("198.51.100.7"), "friendly-scanner", 8, true)).isNull();
        assertThat(guard.admitRequest(address("198.51.100.8"), "evildialer/2", 8, true))
                .isEqualTo(SipDropReason.SCANNER);
    }

    @Test
    void tooManyHeadersAreDroppedWithoutBlocking() throws Exception {
        SourceGuard guard = guard(limits.withMaxHeaders(20));
        InetAddress source = address("192.0.2.1");
        assertThat(guard.admitRequest(source, null, 21, true)).isEqualTo(SipDropReason.TOO_MANY_HEADERS);
        assertThat(guard.admitRequest(source, null, 20, true)).isNull();
        assertThat(guard.isBlocked(source)).isFalse();
    }

    @Test
    void requestsAlreadyPaidForAtTheSocketCostNothingMore() throws Exception {
        SourceGuard guard = guard(limits);
        InetAddress source = address("192.0.2.1");
        for (int i = 0; i < 100; i++) {
            assertThat(guard.admitRequest(source, null, 8, false)).isNull();
        }
    }

    @Test
    void dialogsPerSourceAreLimitedAndGivenBack() throws Exception {
        SourceGuard guard = guard(limits);
        InetAddress caller = address("192.0.2.1");
        SourceGuard.Lease first = guard.openDialog(caller);
        SourceGuard.Lease second = guard.openDialog(caller);
        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(guard.openDialog(caller)).isNull();
        assertThat(guard.openDialog(address("192.0.2.2"))).isNotNull().satisfies(SourceGuard.Lease::close);
        first.close();
        first.close();
        assertThat(guard.openDialog(caller)).isNotNull().satisfies(SourceGuard.Lease::close);
        second.close();
        assertThat(guard.heldSlots()).isZero();
        assertThat(guard.droppedByReason()).containsEntry(SipDropReason.DIALOG_LIMIT, 1L);
    }

    @Test
    void connectionsPerSourceAreLimitedAndRefusedWhenBlocked() throws Exception {
        SourceGuard guard = guard(limits);
        InetAddress peer = address("192.0.2.1");
        SourceGuard.Lease a = guard.openConnection(peer);
        SourceGuard.Lease b = guard.openConnection(peer);
        assertThat(guard.openConnection(peer)).isNull();
        a.close();
        b.close();
        guard.admitRequest(peer, "sipvicious", 5, true);
        assertThat(guard.openConnection(peer)).isNull();
        assertThat(guard.droppedByReason()).containsEntry(SipDropReason.CONNECTION_LIMIT, 1L);
    }

    @Test
    void failedAuthenticationsBlockTheGuesser() throws Exception {
        SourceGuard guard = guard(limits);
        InetAddress guesser = address("203.0.113.5");
        guard.authenticationFailed(guesser);
        guard.authenticationFailed(guesser);
        assertThat(guard.isBlocked(guesser)).isFalse();
        guard.authenticationFailed(guesser);
        assertThat(guard.isBlocked(guesser)).isTrue();
        assertThat(guard.authenticationFailuresTotal()).isEqualTo(3);
    }

    @Test
    void failuresOutsideTheWindowOrForgivenDoNotBlock() throws Exception {
        SourceGuard guard = guard(limits);
        InetAddress phone = address("203.0.113.6");
        guard.authenticationFailed(phone);
        guard.authenticationFailed(phone);
        advance(Duration.ofMinutes(6).toMillis());
        guard.authenticationFailed(phone);
        assertThat(guard.isBlocked(phone)).isFalse();
        guard.authenticationFailed(phone);
        guard.authenticationSucceeded(phone);
        guard.authenticationFailed(phone);
        assertThat(guard.isBlocked(phone)).isFalse();
    }

    @Test
    void exemptSourcesHaveNoLimits() throws Exception {
        SourceGuard guard = guard(limits.withExemptSources(List.of("192.0.2.0/24", "2001:db8::/32")));
        InetAddress trunk = address("192.0.2.77");
        for (int i = 0; i < 1000; i++) {
            assertThat(guard.admitDatagram(trunk)).isNull();
        }
        for (int i = 0; i < 10; i++) {
            assertThat(guard.openDialog(trunk)).isNotNull();
        }
        assertThat(guard.admitDatagram(address("2001:db8::1"))).isNull();
        assertThat(guard.trackedSources()).as("exempt sources are not even remembered").isZero();
        InetAddress other = address("192.0.3.1");
        for (int i = 0; i < 5; i++) {
            guard.admitDatagram(other);
        }
        assertThat(guard.admitDatagram(other)).isEqualTo(SipDropReason.RATE_LIMITED);
        guard.exempt(other);
        assertThat(guard.admitDatagram(other)).isNull();
    }

    @Test
    void badExemptEntriesAreRefused() {
        assertThatThrownBy(() -> guard(limits.withExemptSources(List.of("trunk.example.com"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> guard(limits.withExemptSources(List.of("192.0.2.0/33"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void quietSourcesAreForgottenAndBlockedOnesKeptUntilTheirBlockEnds() throws Exception {
        SourceGuard guard = guard(limits);
        InetAddress quiet = address("192.0.2.1");
        InetAddress flooder = address("192.0.2.2");
        guard.admitDatagram(quiet);
        for (int i = 0; i < 6; i++) {
            guard.admitDatagram(flooder);
        }
        SourceGuard.Lease call = guard.openDialog(address("192.0.2.3"));
        advance(1_000);
        guard.sweep();
        assertThat(guard.trackedSources()).isEqualTo(2);
        call.close();
        guard.sweep();
        assertThat(guard.trackedSources()).isEqualTo(1);
        advance(61_000);
        guard.sweep();
        assertThat(guard.trackedSources()).isZero();
    }

    @Test
    void floodFromManyAddressesStaysWithinTheTableAndSharesOneLimit() throws Exception {
        SourceGuard guard = guard(limits.withMaxTrackedSources(100));
        int admitted = 0;
        for (int i = 0; i < 5_000; i++) {
            InetAddress spoofed = InetAddress.getByAddress(new byte[] {10, (byte) (i >> 16), (byte) (i >> 8), (byte) i});
            if (guard.admitDatagram(spoofed) == null) {
                admitted++;
            }
        }
        assertThat(guard.trackedSources()).isLessThanOrEqualTo(100);
        // 100 tracked sources get one message each; the rest share a bucket of ten sources' burst
        assertThat(admitted).isEqualTo(100 + 5 * 10);
        advance(10_000);
        guard.sweep();
        assertThat(guard.trackedSources()).isZero();
    }
}

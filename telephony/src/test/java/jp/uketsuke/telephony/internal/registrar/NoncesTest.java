package jp.uketsuke.telephony.internal.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import jp.uketsuke.telephony.peers.ManualClock;
import org.junit.jupiter.api.Test;

class NoncesTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2025-04-01T09:00:00Z"));
    private final Nonces nonces = new Nonces(clock, Duration.ofMinutes(5));

    @Test
    void aFreshNonceIsAcceptedOncePerCount() {
        String nonce = nonces.issue();
        assertThat(nonces.use(nonce, "00000001")).isEqualTo(Nonces.Check.FRESH);
        assertThat(nonces.use(nonce, "00000001")).as("the same count again").isEqualTo(Nonces.Check.REPLAYED);
        assertThat(nonces.use(nonce, "00000003")).isEqualTo(Nonces.Check.FRESH);
        assertThat(nonces.use(nonce, "00000002")).as("a lower count").isEqualTo(Nonces.Check.REPLAYED);
    }

    @Test
    void anOldNonceIsStale() {
        String nonce = nonces.issue();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(nonces.use(nonce, "00000001")).isEqualTo(Nonces.Check.STALE);
    }

    @Test
    void nonceNotIssuedHereIsForeign() {
        String nonce = nonces.issue();
        // a character inside the MAC, not the last one (whose low bits base64 ignores)
        char c = nonce.charAt(30);
        String altered = nonce.substring(0, 30) + (c == 'A' ? 'B' : 'A') + nonce.substring(31);
        assertThat(nonces.use(altered, "00000001")).isEqualTo(Nonces.Check.FOREIGN);
        assertThat(nonces.use("dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001")).isEqualTo(Nonces.Check.FOREIGN);
        assertThat(nonces.use("%%%", "00000001")).isEqualTo(Nonces.Check.FOREIGN);
        assertThat(new Nonces(clock, Duration.ofMinutes(5)).use(nonce, "00000001"))
                .as("another server's (or before a restart)").isEqualTo(Nonces.Check.FOREIGN);
    }

    @Test
    void countsOfExpiredNoncesAreForgotten() {
        nonces.use(nonces.issue(), "00000001");
        nonces.use(nonces.issue(), "00000001");
        assertThat(nonces.tracked()).isEqualTo(2);
        clock.advance(Duration.ofMinutes(6));
        nonces.forgetExpired();
        assertThat(nonces.tracked()).isZero();
    }
}

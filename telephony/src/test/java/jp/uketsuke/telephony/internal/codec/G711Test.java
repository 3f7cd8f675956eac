package jp.uketsuke.telephony.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class G711Test {

    @Test
    void muLawMatchesTheRecommendationsKnownCodes() {
        assertThat(MuLaw.encode(0)).isEqualTo(0xFF);
        assertThat(MuLaw.encode(-1)).isEqualTo(0x7F);
        assertThat(MuLaw.encode(32767)).isEqualTo(0x80);
        assertThat(MuLaw.encode(-32768)).isEqualTo(0x00);
        assertThat(MuLaw.decode(0xFF)).isEqualTo(0);
        assertThat(MuLaw.decode(0x80)).isEqualTo(32124);
        assertThat(MuLaw.decode(0x00)).isEqualTo(-32124);
        assertThat(MuLaw.decode(0xEF)).isEqualTo(132);
    }

    @Test
    void aLawMatchesTheRecommendationsKnownCodes() {
        assertThat(ALaw.encode(0)).isEqualTo(0xD5);
        assertThat(ALaw.encode(-1)).isEqualTo(0x55);
        assertThat(ALaw.decode(0xD5)).isEqualTo(8);
        assertThat(ALaw.decode(0x55)).isEqualTo(-8);
        assertThat(ALaw.decode(0xAA)).isEqualTo(32256);
        assertThat(ALaw.decode(0x2A)).isEqualTo(-32256);
        assertThat(ALaw.encode(32767)).isEqualTo(0xAA);
    }

    @Test
    void everyCodeSurvivesDecodeThenEncode() {
        for (int code = 0; code < 256; code++) {
            int mu = MuLaw.decode(code);
            // 0x7F and 0xFF both mean zero; encode picks the positive one
            if (mu != 0) {
                assertThat(MuLaw.encode(mu)).as("mu-law code %d", code).isEqualTo(code);
            }
            assertThat(ALaw.encode(ALaw.decode(code))).as("A-law code %d", code).isEqualTo(code);
        }
    }

    @Test
    void roundTripErrorStaysWithinTheQuantisationStep() {
        for (int sample = -32768; sample <= 32767; sample += 7) {
            int mu = MuLaw.decode(MuLaw.encode(sample));
            int a = ALaw.decode(ALaw.encode(sample));
            int allowed = Math.max(16, Math.abs(sample) / 16);
            assertThat(Math.abs(mu - Math.max(-32124, Math.min(32124, sample)))).as("mu %d", sample)
                    .isLessThanOrEqualTo(allowed + 300 * (Math.abs(sample) > 32124 ? 1 : 0));
            assertThat(Math.abs(a - sample)).as("A %d", sample).isLessThanOrEqualTo(allowed + 512);
        }
    }
}

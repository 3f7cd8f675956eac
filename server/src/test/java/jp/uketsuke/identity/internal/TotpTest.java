package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {

    // RFC 6238 Appendix B: the seed is ASCII "1234567890" repeated to the length of each hash
    private static final byte[] SHA1_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_KEY = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_KEY =
            "1234567890123456789012345678901234567890123456789012345678901234".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @CsvSource({
            "59, 94287082, 46119246, 90693936",
            "1111111109, 07081804, 68084774, 25091201",
            "1111111111, 14050471, 67062674, 99943326",
            "1234567890, 89005924, 91819424, 93441116",
            "2000000000, 69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826"})
    void matchesTheRfc6238TestVectors(long unixTime, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(unixTime));

        assertThat(Totp.code(SHA1_KEY, step, 8, "HmacSHA1")).isEqualTo(sha1);
        assertThat(Totp.code(SHA256_KEY, step, 8, "HmacSHA256")).isEqualTo(sha256);
        assertThat(Totp.code(SHA512_KEY, step, 8, "HmacSHA512")).isEqualTo(sha512);
    }

    @Test
    void sixDigitCodesAreTheLastSixOfTheEightDigitOnes() {
        assertThat(Totp.code(SHA1_KEY, Totp.step(Instant.ofEpochSecond(59)), 6, Totp.SHA1)).isEqualTo("287082");
    }

    @Test
    void acceptsOneStepEitherSideAndNoFurther() {
        Instant now = Instant.ofEpochSecond(1_111_111_111);
        long step = Totp.step(now);

        assertThat(Totp.matchingStep(SHA1_KEY, "050471", now)).hasValue(step);
        for (int delta = -1; delta <= 1; delta++) {
            String code = Totp.code(SHA1_KEY, step + delta, 6, Totp.SHA1);
            assertThat(Totp.matchingStep(SHA1_KEY, code, now)).hasValue(step + delta);
        }
        assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step + 2, 6, Totp.SHA1), now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, Totp.code(SHA1_KEY, step - 2, 6, Totp.SHA1), now)).isEmpty();
    }

    @Test
    void rejectsMalformedInputCleanly() {
        Instant now = Instant.ofEpochSecond(59);
        assertThat(Totp.matchingStep(SHA1_KEY, null, now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, "", now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, "28708", now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, "２８７０８２", now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, "287082' or 1=1", now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_KEY, "287 082", now)).isPresent();
    }

    @Test
    void encodesSecretsInBase32AsAuthenticatorAppsExpect() {
        // RFC 4648 section 10 vectors, without padding
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(Base32.encode("f".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MY");
        assertThat(Base32.encode(SHA1_KEY)).isEqualTo("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    }
}

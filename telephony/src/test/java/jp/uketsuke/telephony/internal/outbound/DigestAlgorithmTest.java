package jp.uketsuke.telephony.internal.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The request-digest against the worked examples of the RFCs (the arithmetic is the same for SIP and HTTP). */
class DigestAlgorithmTest {

    private static final DigestAlgorithm.Credentials MUFASA_7616 =
            new DigestAlgorithm.Credentials("Mufasa", "Circle of Life");

    @Test
    void md5MatchesRfc7616Section391() {
        assertThat(DigestAlgorithm.MD5.response(MUFASA_7616, "http-auth@example.org", "GET", "/dir/index.html",
                "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void sha256MatchesRfc7616Section391() {
        assertThat(DigestAlgorithm.SHA_256.response(MUFASA_7616, "http-auth@example.org", "GET", "/dir/index.html",
                "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", "auth", "00000001",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void md5WithQopMatchesRfc2617Section35() {
        assertThat(DigestAlgorithm.MD5.response(new DigestAlgorithm.Credentials("Mufasa", "Circle Of Life"),
                "testrealm@host.com", "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth",
                "00000001", "0a4f113b"))
                .isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void withoutQopItIsTheRfc2069FormAsCorrectedByItsErratum() {
        assertThat(DigestAlgorithm.MD5.response(new DigestAlgorithm.Credentials("Mufasa", "CircleOfLife"),
                "testrealm@host.com", "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", null, null,
                null))
                .isEqualTo("1949323746fe6a43ef61f9606e7febea");
    }

    @Test
    void sessionVariantHashesTheClientNonceIntoTheSecret() {
        String plain = DigestAlgorithm.SHA_256.response(MUFASA_7616, "r", "INVITE", "sip:1@h", "n", "auth", "00000001", "c");
        String session = DigestAlgorithm.SHA_256_SESS.response(MUFASA_7616, "r", "INVITE", "sip:1@h", "n", "auth",
                "00000001", "c");
        assertThat(session).hasSize(64).isNotEqualTo(plain);
    }

    @Test
    void algorithmTokensAreReadCaseInsensitivelyAndMissingMeansMd5() {
        assertThat(DigestAlgorithm.of(null)).contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.of("sha-256")).contains(DigestAlgorithm.SHA_256);
        assertThat(DigestAlgorithm.of("SHA-512-256-sess")).contains(DigestAlgorithm.SHA_512_256_SESS);
        assertThat(DigestAlgorithm.of("AKAv1-MD5")).isEmpty();
    }

    @Test
    void authIntIsRefused() {
        assertThatThrownBy(() -> DigestAlgorithm.MD5.response(MUFASA_7616, "r", "INVITE", "sip:1@h", "n", "auth-int",
                "00000001", "c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void credentialsNeverShowThePassword() {
        assertThat(MUFASA_7616.toString()).contains("Mufasa").doesNotContain("Circle");
    }
}

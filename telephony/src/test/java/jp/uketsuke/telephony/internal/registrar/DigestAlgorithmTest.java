package jp.uketsuke.telephony.internal.registrar;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The worked examples of RFC 2617 section 3.5 and RFC 7616 section 3.9.1. */
class DigestAlgorithmTest {

    @Test
    void rfc2617Example() {
        String ha1 = DigestAlgorithm.MD5.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        assertThat(DigestAlgorithm.MD5.response(ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b",
                "GET", "/dir/index.html")).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void rfc7616ExamplesForMd5AndSha256() {
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        String md5 = DigestAlgorithm.MD5.ha1("Mufasa", "http-auth@example.org", "Circle of Life");
        assertThat(DigestAlgorithm.MD5.response(md5, nonce, "00000001", cnonce, "GET", "/dir/index.html"))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
        String sha = DigestAlgorithm.SHA_256.ha1("Mufasa", "http-auth@example.org", "Circle of Life");
        assertThat(DigestAlgorithm.SHA_256.response(sha, nonce, "00000001", cnonce, "GET", "/dir/index.html"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void algorithmTokensAreReadAsRfc2617AndRfc8760WriteThem() {
        assertThat(DigestAlgorithm.of(null)).contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.of("md5")).contains(DigestAlgorithm.MD5);
        assertThat(DigestAlgorithm.of("SHA-256")).contains(DigestAlgorithm.SHA_256);
        assertThat(DigestAlgorithm.of("MD5-sess")).isEmpty();
        assertThat(DigestAlgorithm.of("SHA-512-256")).isEmpty();
    }
}

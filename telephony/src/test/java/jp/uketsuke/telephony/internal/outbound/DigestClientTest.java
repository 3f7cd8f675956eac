package jp.uketsuke.telephony.internal.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import jp.uketsuke.telephony.internal.registrar.DigestAlgorithm;
import org.junit.jupiter.api.Test;

/** The client's request-digest against the worked examples of the RFCs (the arithmetic is the same for SIP and HTTP). */
class DigestClientTest {

    private static final DigestClient.Credentials MUFASA_7616 = new DigestClient.Credentials("Mufasa", "Circle of Life");

    @Test
    void md5MatchesRfc7616Section391() {
        assertThat(DigestClient.response(DigestAlgorithm.MD5, MUFASA_7616, "http-auth@example.org", "GET",
                "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", true, "00000001",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"))
                .isEqualTo("8ca523f5e9506fed4657c9700eebdbec");
    }

    @Test
    void sha256MatchesRfc7616Section391() {
        assertThat(DigestClient.response(DigestAlgorithm.SHA_256, MUFASA_7616, "http-auth@example.org", "GET",
                "/dir/index.html", "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", true, "00000001",
                "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"))
                .isEqualTo("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    }

    @Test
    void md5WithQopMatchesRfc2617Section35() {
        assertThat(DigestClient.response(DigestAlgorithm.MD5, new DigestClient.Credentials("Mufasa", "Circle Of Life"),
                "testrealm@host.com", "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", true,
                "00000001", "0a4f113b"))
                .isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void withoutQopItIsTheRfc2069FormAsCorrectedByItsErratum() {
        assertThat(DigestClient.response(DigestAlgorithm.MD5, new DigestClient.Credentials("Mufasa", "CircleOfLife"),
                "testrealm@host.com", "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093", false, null,
                null))
                .isEqualTo("1949323746fe6a43ef61f9606e7febea");
    }

    @Test
    void credentialsNeverShowThePassword() {
        assertThat(MUFASA_7616.toString()).contains("Mufasa").doesNotContain("Circle");
    }
}

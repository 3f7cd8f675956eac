package jp.uketsuke.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.TlsCredentials;
import jp.uketsuke.telephony.peers.TestCertificates;
import jp.uketsuke.web.ServerCertificate;
import org.junit.jupiter.api.Test;

/** Which certificate SIP over TLS presents, and every way its settings can be wrong. */
class SipCertificateTest {

    @Test
    void presentsTheHttpsCertificateUnlessAnotherIsNamed() throws Exception {
        TestCertificates https = TestCertificates.create("EC");
        TestCertificates sip = TestCertificates.create("RSA");
        ServerCertificate shared = new ServerCertificate(https.certificate(), https.privateKey());

        TlsCredentials chosen = SipCertificate.choose("", "", "", "", () -> shared);
        assertThat(chosen.certificate().getPublicKey().getAlgorithm()).isEqualTo("EC");

        TlsCredentials pem = SipCertificate.choose(sip.certificate().toString(), sip.privateKey().toString(), "", "",
                () -> { throw new AssertionError("the HTTPS certificate is not needed"); });
        assertThat(pem.certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");

        TlsCredentials pkcs12 = SipCertificate.choose("", "", sip.pkcs12().toString(), new String(sip.password()),
                () -> shared);
        assertThat(pkcs12.certificate().getPublicKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void contradictoryIncompleteOrUnreadableSettingsStopTheStartWithTheSettingToFix() throws Exception {
        TestCertificates files = TestCertificates.create("EC");
        ServerCertificate shared = new ServerCertificate(files.certificate(), files.privateKey());
        String cert = files.certificate().toString();
        String key = files.privateKey().toString();

        assertThatThrownBy(() -> SipCertificate.choose(cert, key, files.pkcs12().toString(), "x", () -> shared))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not both");
        assertThatThrownBy(() -> SipCertificate.choose(cert, "", "", "", () -> shared))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("uketsuke.sip.tls.private-key");
        assertThatThrownBy(() -> SipCertificate.choose("", key, "", "", () -> shared))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("uketsuke.sip.tls.certificate");
        assertThatThrownBy(() -> SipCertificate.choose(Path.of("/nonexistent/sip.crt").toString(), key, "", "",
                () -> shared)).isInstanceOf(IllegalStateException.class).hasMessageContaining("missing or not readable");
        assertThatThrownBy(() -> SipCertificate.choose("", "", files.pkcs12().toString(), "wrong", () -> shared))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("password")
                .hasMessageContaining("uketsuke.sip.tls.enabled=false");
        assertThatThrownBy(() -> SipCertificate.choose("", "", "", "",
                () -> new ServerCertificate(files.certificate(), files.certificate())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("BEGIN PRIVATE KEY");
    }

    @Test
    void thePlatformDefaultPolicyIsReadLeniently() {
        assertThat(TelephonyConfiguration.mediaSecurity(" required ")).isEqualTo(MediaSecurity.REQUIRED);
        assertThat(TelephonyConfiguration.mediaSecurity("PREFERRED")).isEqualTo(MediaSecurity.PREFERRED);
        assertThat(TelephonyConfiguration.mediaSecurity("off")).isEqualTo(MediaSecurity.OFF);
        assertThatThrownBy(() -> TelephonyConfiguration.mediaSecurity("maybe"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("REQUIRED, PREFERRED or OFF");
    }
}

package jp.uketsuke.telephony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jp.uketsuke.telephony.peers.TestCertificates;
import org.junit.jupiter.api.Test;

/** Certificates and keys as operators hand them over, including everything they get wrong. */
class TlsCredentialsTest {

    @Test
    void readsPemAndPkcs12ForEcAndRsaKeys() throws Exception {
        for (String algorithm : new String[] {"EC", "RSA"}) {
            TestCertificates files = TestCertificates.create(algorithm);
            assertThat(TlsCredentials.fromPem(files.certificate(), files.privateKey()).certificate()
                    .getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
            assertThat(TlsCredentials.fromPkcs12(files.pkcs12(), files.password()).certificate().getPublicKey()
                    .getAlgorithm()).isEqualTo(algorithm);
        }
    }

    @Test
    void refusesBrokenOrMismatchedFilesWithAClearMessageAndNoKeyMaterial() throws Exception {
        TestCertificates one = TestCertificates.create("EC");
        TestCertificates other = TestCertificates.create("EC");
        Path dir = Files.createTempDirectory("bad-tls");
        Path garbage = Files.write(dir.resolve("garbage.pem"), new byte[] {0, 1, 2, 3, (byte) 0xFF});
        Path empty = Files.write(dir.resolve("empty.pem"), new byte[0]);
        Path pkcs1 = Files.writeString(dir.resolve("pkcs1.key"),
                "-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
                        + "-----END RSA PRIVATE KEY-----\n");
        Path encrypted = Files.writeString(dir.resolve("encrypted.key"),
                "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIBOgIBAAJBAKj34GkxFhD90vcNLYLInFEX6Ppy1tPf9Cnzj4p4WGeKLs1Pt8Qu\n"
                        + "-----END ENCRYPTED PRIVATE KEY-----\n");
        Path badBase64 = Files.writeString(dir.resolve("bad.key"), "-----BEGIN PRIVATE KEY-----\n@@@@\n-----END PRIVATE KEY-----\n");
        Path rsaKey = TestCertificates.create("RSA").privateKey();
        String keyText = Files.readString(one.privateKey()).replaceAll("-----[A-Z ]+-----|\\s", "").substring(0, 24);

        expectRefused(() -> TlsCredentials.fromPem(one.certificate(), other.privateKey()), "does not belong", keyText);
        expectRefused(() -> TlsCredentials.fromPem(one.certificate(), rsaKey), "certificate's key type", keyText);
        expectRefused(() -> TlsCredentials.fromPem(one.certificate(), pkcs1), "PKCS#8", keyText);
        expectRefused(() -> TlsCredentials.fromPem(one.certificate(), encrypted), "unencrypted PKCS#8", keyText);
        expectRefused(() -> TlsCredentials.fromPem(one.certificate(), badBase64), "base64", keyText);
        expectRefused(() -> TlsCredentials.fromPem(one.certificate(), garbage), "BEGIN PRIVATE KEY", keyText);
        expectRefused(() -> TlsCredentials.fromPem(garbage, one.privateKey()), "X.509", keyText);
        expectRefused(() -> TlsCredentials.fromPem(empty, one.privateKey()), "certificate", keyText);
        expectRefused(() -> TlsCredentials.fromPem(one.privateKey(), one.certificate()), "X.509", keyText);
        expectRefused(() -> TlsCredentials.fromPem(dir.resolve("missing.crt"), one.privateKey()), "missing", keyText);
        expectRefused(() -> TlsCredentials.fromPkcs12(one.pkcs12(), "wrong".toCharArray()), "password", keyText);
        expectRefused(() -> TlsCredentials.fromPkcs12(garbage, one.password()), "PKCS#12", keyText);
        expectRefused(() -> TlsCredentials.fromPkcs12(one.certificate(), one.password()), "PKCS#12", keyText);

    }

    @Test
    void settingsRefuseTlsWithoutCredentialsOrOnTheUdpTcpPort() throws Exception {
        assertThatThrownBy(() -> new SipTls(true, 5061, null, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SipTls.disabled().withHandshakeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        TestCertificates files = TestCertificates.create("EC");
        SipTls tls = SipTls.on(TlsCredentials.fromPem(files.certificate(), files.privateKey()));
        assertThatThrownBy(() -> SipSettings.defaults().withTls(tls.withPort(5060)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port of its own");
        assertThat(SipSettings.defaults().withTls(tls).tls().port()).isEqualTo(5061);
    }

    private interface Loading {
        void load() throws Exception;
    }

    private static void expectRefused(Loading loading, String reason, String keyText) {
        assertThatThrownBy(loading::load).isInstanceOf(IOException.class).hasMessageContaining(reason)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(keyText));
    }
}

package jp.uketsuke.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsCertificateTest {

    @TempDir
    Path dataDir;

    private final Clock now = Clock.fixed(Instant.parse("2026-04-01T00:00:00Z"), ZoneOffset.UTC);

    @Test
    void firstStartMakesAnEcCertificateForLocalhostWithAnOwnerOnlyKey() throws Exception {
        TlsCertificate.CertificateFiles files = TlsCertificate.selfSigned(dataDir.resolve("tls"), now);

        X509Certificate cert = TlsCertificate.read(files.certificate());
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        List<String> names = cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1");
        assertThat(cert.getNotAfter().toInstant()).isAfter(now.instant().plus(TlsCertificate.VALIDITY).minusSeconds(1));
        assertThat(Files.readString(files.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey()))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve("tls")))).isEqualTo("rwx------");
    }

    @Test
    void laterStartsReuseTheCertificate() throws Exception {
        TlsCertificate.CertificateFiles first = TlsCertificate.selfSigned(dataDir.resolve("tls"), now);
        String key = Files.readString(first.privateKey());

        TlsCertificate.CertificateFiles second = TlsCertificate.selfSigned(dataDir.resolve("tls"),
                Clock.offset(now, java.time.Duration.ofDays(100)));

        assertThat(Files.readString(second.privateKey())).isEqualTo(key);
        assertThat(TlsCertificate.read(second.certificate())).isEqualTo(TlsCertificate.read(first.certificate()));
    }

    @Test
    void aCertificateAboutToExpireIsRenewed() throws Exception {
        TlsCertificate.CertificateFiles first = TlsCertificate.selfSigned(dataDir.resolve("tls"), now);
        X509Certificate old = TlsCertificate.read(first.certificate());

        Clock later = Clock.offset(now, TlsCertificate.VALIDITY.minus(TlsCertificate.RENEW_BEFORE).plusDays(1));
        TlsCertificate.CertificateFiles renewed = TlsCertificate.selfSigned(dataDir.resolve("tls"), later);

        assertThat(TlsCertificate.read(renewed.certificate())).isNotEqualTo(old);
    }
}

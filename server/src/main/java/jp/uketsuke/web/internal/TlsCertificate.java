package jp.uketsuke.web.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jp.uketsuke.config.DataDirectory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The console's self-signed certificate: made on first start under {@code <data-dir>/tls/}, reused afterwards,
 * renewed when it is about to expire. An operator-supplied certificate replaces it entirely.
 */
final class TlsCertificate {

    static final Duration VALIDITY = Duration.ofDays(397);
    /** Renew this long before expiry so a running installation never serves an expired certificate. */
    static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private TlsCertificate() {
    }

    record CertificateFiles(Path certificate, Path privateKey) {
    }

    /** The certificate and key under {@code tlsDir}, generating them when absent or near expiry. */
    static CertificateFiles selfSigned(Path tlsDir, Clock clock) {
        Path cert = tlsDir.resolve("server.crt");
        Path key = tlsDir.resolve("server.key");
        try {
            if (Files.isRegularFile(cert) && Files.isRegularFile(key) && !nearExpiry(cert, clock)) {
                return new CertificateFiles(cert, key);
            }
            createPrivateDirectory(tlsDir);
            generate(cert, key, clock);
            return new CertificateFiles(cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the TLS certificate in " + tlsDir, e);
        }
    }

    static X509Certificate read(Path pem) throws IOException {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (GeneralSecurityException e) {
            throw new IOException("not a certificate: " + pem, e);
        }
    }

    private static boolean nearExpiry(Path cert, Clock clock) throws IOException {
        Instant notAfter = read(cert).getNotAfter().toInstant();
        return clock.instant().plus(RENEW_BEFORE).isAfter(notAfter);
    }

    private static void generate(Path cert, Path key, Clock clock) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=Uketsuke self-signed");
            Instant now = clock.instant();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(subjectNames()));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
            // key first, owner-only from the moment it exists; the certificate last, as the "done" marker
            writeAtomically(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), true);
            writeAtomically(cert, pem("CERTIFICATE", certificate.getEncoded()), false);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate the TLS certificate", e);
        }
    }

    private static GeneralName[] subjectNames() {
        Set<String> dns = new LinkedHashSet<>(List.of("localhost"));
        try {
            String host = InetAddress.getLocalHost().getHostName();
            if (host != null && !host.isBlank() && !Character.isDigit(host.charAt(0))) {
                dns.add(host);
            }
        } catch (IOException e) {
            // no resolvable hostname: localhost and the loopback addresses still work
        }
        List<GeneralName> names = new ArrayList<>();
        dns.forEach(d -> names.add(new GeneralName(GeneralName.dNSName, d)));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        names.add(new GeneralName(GeneralName.iPAddress, "::1"));
        return names.toArray(GeneralName[]::new);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static void createPrivateDirectory(Path dir) {
        DataDirectory.createOwnerOnlyDirectories(dir);
    }

    private static void writeAtomically(Path target, String content, boolean ownerOnly) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, ownerOnly ? DataDirectory.ownerOnlyFile(target.getParent()) : new FileAttribute<?>[0]);
        Files.writeString(tmp, content, StandardCharsets.US_ASCII);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

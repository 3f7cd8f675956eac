package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import jp.uketsuke.testing.ExternalProgram;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * The mail port over SMTP with implicit TLS (S1), against GreenMail's SMTPS server holding a certificate made for
 * this test: the server's certificate and name are checked, an untrusted server gets nothing, and a refusal is a
 * {@code false}, never an exception that could carry the recipient into a log.
 */
class SmtpOutgoingMailTest {

    private static final String PASSWORD = "test-only-keystore";

    @TempDir
    static Path dir;
    private static Path serverKeystore;
    private GreenMail smtps;

    @BeforeAll
    static void serverKey() throws Exception {
        serverKeystore = keystore("server");
        // GreenMail reads its TLS key from these once, when its first TLS server starts in this JVM
        System.setProperty("greenmail.tls.keystore.file", serverKeystore.toString());
        System.setProperty("greenmail.tls.keystore.password", PASSWORD);
        System.setProperty("greenmail.tls.key.password", PASSWORD);
    }

    @BeforeEach
    void start() {
        smtps = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS).dynamicPort());
        smtps.start();
    }

    @AfterEach
    void stop() {
        smtps.stop();
    }

    @Test
    void mailTravelsOverTlsToTheTrustedServer() throws Exception {
        OutgoingMail mail = mailTrusting(serverKeystore);

        boolean sent = mail.send("hanako@example.test", "【受付】招待 / Invitation", "本文\nbody");

        assertThat(sent).isTrue();
        MimeMessage received = smtps.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("【受付】招待 / Invitation");
        assertThat(((String) received.getContent()).replace("\r\n", "\n").strip()).isEqualTo("本文\nbody");
        assertThat(received.getFrom()[0].toString()).isEqualTo("uketsuke@uketsuke.test");
    }

    @Test
    void aServerWithAnotherCertificateGetsNothing() throws Exception {
        OutgoingMail mail = mailTrusting(keystore("impostor-" + System.nanoTime()));

        assertThat(mail.send("hanako@example.test", "subject", "body")).isFalse();
        assertThat(smtps.getReceivedMessages()).isEmpty();
    }

    @Test
    void aSubjectCannotSmuggleInAHeader() throws Exception {
        OutgoingMail mail = mailTrusting(serverKeystore);

        assertThat(mail.send("hanako@example.test", "Hello\r\nBcc: victim@example.test", "body")).isTrue();

        MimeMessage received = smtps.getReceivedMessages()[0];
        assertThat(received.getHeader("Bcc")).isNull();
        assertThat(received.getAllRecipients()).hasSize(1);
        assertThat(smtps.getReceivedMessages()).hasSize(1);
    }

    @Test
    void withoutAServerNothingIsConfiguredAndNothingSent() {
        OutgoingMail none = new SmtpOutgoingMail(Optional.empty(), properties());

        assertThat(none.configured()).isFalse();
        assertThat(none.send("hanako@example.test", "subject", "body")).isFalse();
    }

    private OutgoingMail mailTrusting(Path keystore) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("smtp", keys.getCertificate("smtp"));
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);

        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setProtocol("smtps");
        sender.setHost("127.0.0.1");
        sender.setPort(smtps.getSmtps().getPort());
        Properties javaMail = new Properties();
        javaMail.put("mail.smtps.ssl.socketFactory", tls.getSocketFactory());
        javaMail.put("mail.smtps.ssl.checkserveridentity", "true");
        javaMail.put("mail.smtps.connectiontimeout", "10000");
        javaMail.put("mail.smtps.timeout", "10000");
        sender.setJavaMailProperties(javaMail);
        SmtpOutgoingMail mail = new SmtpOutgoingMail(Optional.of(sender), properties());
        assertThat(mail.configured()).isTrue();
        return mail;
    }

    private static IdentityProperties properties() {
        return new IdentityProperties(null, null, null, null, "uketsuke@uketsuke.test", null, null);
    }

    /** A key and self-signed certificate for 127.0.0.1, made by the JDK's keytool. */
    private static Path keystore(String name) throws Exception {
        Path file = dir.resolve(name + ".p12");
        Path log = dir.resolve(name + "-keytool.log");
        int exit = ExternalProgram.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "smtp", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD), log, Duration.ofSeconds(60));
        assertThat(exit).as(ExternalProgram.tail(log)).isZero();
        return file;
    }
}

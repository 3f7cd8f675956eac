package jp.uketsuke.notify.internal.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import jp.uketsuke.notify.ChannelKind;
import jp.uketsuke.notify.DeliveryFailure;
import jp.uketsuke.notify.Destination;
import jp.uketsuke.notify.Notice;
import jp.uketsuke.notify.internal.http.FakeReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The e-mail channel over STARTTLS (RFC 3207) against a real SMTP server (SubEthaSMTP) that requires it: the message
 * goes through when the server's certificate is trusted and names the host we connect to, and nothing is sent when the
 * server does not offer STARTTLS, presents a certificate for another name, or one no trusted CA issued. The sender
 * given to the channel has no STARTTLS setting of its own: the channel forces it.
 */
class EmailStartTlsTest {

    private static final Notice NOTICE = new Notice(UUID.randomUUID(), "着信: 折り返し希望", List.of("本文"), null);

    private final List<byte[]> received = new CopyOnWriteArrayList<>();
    private SMTPServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** A server on a free loopback port; with TLS it requires STARTTLS before MAIL FROM. */
    private int start(SSLContext tls) throws Exception {
        SMTPServer.Builder builder = SMTPServer.port(0).bindAddress(InetAddress.getLoopbackAddress())
                .hostName("localhost").connectionTimeoutMs(10_000)
                .messageHandler((context, from, to, data) -> received.add(data));
        if (tls != null) {
            builder.enableTLS().requireTLS().startTlsSocketFactory(tls);
        }
        server = builder.build();
        server.start();
        return server.getPortAllocated();
    }

    private static EmailChannel channelTo(int port) throws Exception {
        JavaMailSenderImpl configured = new JavaMailSenderImpl(); // as Spring Boot makes it, without STARTTLS settings
        configured.setProtocol("smtp");
        configured.setHost("localhost");
        configured.setPort(port);
        Properties javaMail = new Properties();
        javaMail.put("mail.smtp.ssl.socketFactory", FakeReceiver.trustingTestCa().getSocketFactory());
        javaMail.put("mail.smtp.connectiontimeout", "5000");
        javaMail.put("mail.smtp.timeout", "5000");
        configured.setJavaMailProperties(javaMail);
        return new EmailChannel(configured, tenant -> "uketsuke@uketsuke.test");
    }

    private static Destination desk() {
        return new Destination(UUID.randomUUID(), UUID.randomUUID(), ChannelKind.EMAIL, "desk@example.test", "", Map.of());
    }

    @Test
    void aServerRequiringStartTlsWithACertificateForItsNameReceivesTheNotice() throws Exception {
        int port = start(FakeReceiver.serverTls("localhost"));

        channelTo(port).send(desk(), NOTICE, "uketsuke-event-destination");

        assertThat(received).hasSize(1);
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(received.getFirst()));
        assertThat(message.getMessageID()).isEqualTo("<uketsuke-event-destination@uketsuke>");
        assertThat(message.getSubject()).isEqualTo("着信: 折り返し希望");
        assertThat(message.getHeader("X-Uketsuke-Idempotency-Key")).containsExactly("uketsuke-event-destination");
    }

    @Test
    void aServerThatDoesNotOfferStartTlsGetsNothing() throws Exception {
        int port = start(null);

        assertThatThrownBy(() -> channelTo(port).send(desk(), NOTICE, "k")).isInstanceOf(DeliveryFailure.class)
                .hasMessageNotContaining("desk@example.test")
                .satisfies(f -> assertThat(((DeliveryFailure) f).retryable()).isTrue());
        assertThat(received).isEmpty();
    }

    @Test
    void aCertificateForAnotherNameIsRefusedEvenFromATrustedCa() throws Exception {
        int port = start(FakeReceiver.serverTls("elsewhere.example"));

        assertThatThrownBy(() -> channelTo(port).send(desk(), NOTICE, "k")).isInstanceOf(DeliveryFailure.class)
                .hasMessageNotContaining("desk@example.test");
        assertThat(received).isEmpty();
    }

    @Test
    void aSelfSignedCertificateIsRefused() throws Exception {
        int port = start(FakeReceiver.selfSignedTls());

        assertThatThrownBy(() -> channelTo(port).send(desk(), NOTICE, "k")).isInstanceOf(DeliveryFailure.class);
        assertThat(received).isEmpty();
    }
}

package jp.uketsuke.notify.internal.mail;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import jp.uketsuke.notify.Channel;
import jp.uketsuke.notify.ChannelKind;
import jp.uketsuke.notify.DeliveryFailure;
import jp.uketsuke.notify.Destination;
import jp.uketsuke.notify.InvalidDestination;
import jp.uketsuke.notify.Notice;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * Notices by e-mail (S1): through the SMTP server of {@code spring.mail.*}, over implicit TLS ({@code smtps}) or with
 * STARTTLS required and the server's certificate and name checked — never in plain text. The sender Spring Boot made
 * is copied with those settings forced, so a server that does not offer STARTTLS gets nothing (JavaMail refuses to go
 * on) whatever the shared mail settings say. The Message-ID is made from the delivery's idempotency key, the same on
 * every attempt, so a receiver (or a count in a test) can see a retry for what it is.
 */
public final class EmailChannel implements Channel {

    /** Longest address accepted (RFC 5321's path limit). */
    static final int MAX_ADDRESS = 254;

    private final JavaMailSenderImpl sender;
    private final Function<UUID, String> senderOf;

    /**
     * @param configured the sender of {@code spring.mail.*}; copied, never changed
     * @param senderOf   the tenant's From address
     */
    public EmailChannel(JavaMailSenderImpl configured, Function<UUID, String> senderOf) {
        this.sender = secured(configured);
        this.senderOf = senderOf;
    }

    static JavaMailSenderImpl secured(JavaMailSenderImpl configured) {
        JavaMailSenderImpl copy = new JavaMailSenderImpl();
        copy.setHost(configured.getHost());
        copy.setPort(configured.getPort());
        copy.setUsername(configured.getUsername());
        copy.setPassword(configured.getPassword());
        copy.setDefaultEncoding(StandardCharsets.UTF_8.name());
        String protocol = configured.getProtocol() == null ? "smtp" : configured.getProtocol();
        if (!protocol.equals("smtp") && !protocol.equals("smtps")) {
            throw new IllegalArgumentException("spring.mail.protocol is smtp (with STARTTLS) or smtps for notifications");
        }
        copy.setProtocol(protocol);
        Properties properties = new Properties();
        properties.putAll(configured.getJavaMailProperties());
        String prefix = "mail." + protocol + ".";
        if (protocol.equals("smtp")) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        properties.put(prefix + "ssl.checkserveridentity", "true");
        properties.putIfAbsent(prefix + "connectiontimeout", "10000");
        properties.putIfAbsent(prefix + "timeout", "10000");
        properties.putIfAbsent(prefix + "writetimeout", "10000");
        copy.setJavaMailProperties(properties);
        return copy;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.EMAIL;
    }

    @Override
    public void check(Destination destination) throws InvalidDestination {
        String address = destination.address();
        if (address.isBlank() || address.length() > MAX_ADDRESS || !address.equals(address.strip())
                || address.chars().anyMatch(c -> c < 0x21 || c == 0x7f || c == ',' || c == ';')) {
            throw new InvalidDestination("one e-mail address, without spaces");
        }
        try {
            InternetAddress parsed = new InternetAddress(address, true);
            if (!parsed.getAddress().equals(address) || !address.matches("[^@]+@[^@]+\\.[^@]+")) {
                throw new InvalidDestination("one e-mail address, such as name@example.jp");
            }
        } catch (AddressException e) {
            throw new InvalidDestination("one e-mail address, such as name@example.jp");
        }
        if (!destination.secret().isEmpty()) {
            throw new InvalidDestination("an e-mail destination has no secret");
        }
    }

    @Override
    public void send(Destination destination, Notice notice, String idempotencyKey) throws DeliveryFailure {
        try {
            MimeMessage message = new IdentifiedMessage(sender.getSession(), messageId(idempotencyKey));
            MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
            helper.setFrom(senderOf.apply(destination.tenantId()));
            helper.setTo(destination.address());
            // the subject may carry a destination's name typed by people: no line breaks, so no header is smuggled in
            helper.setSubject(notice.subject().replaceAll("[\\r\\n\\t]+", " "));
            helper.setText(notice.plainText(), false);
            message.setHeader("X-Uketsuke-Idempotency-Key", idempotencyKey);
            sender.send(message);
        } catch (MailAuthenticationException e) {
            throw DeliveryFailure.permanent("the mail server refused our credentials", null);
        } catch (MailParseException | MailPreparationException e) {
            throw DeliveryFailure.permanent("the message could not be made (" + e.getClass().getSimpleName() + ")", null);
        } catch (MailException | MessagingException e) {
            // the exception's text may name the recipient: only its kind goes on, and no cause
            throw DeliveryFailure.temporary("the mail server did not take the message (" + e.getClass().getSimpleName()
                    + ")", null, null);
        }
    }

    /** {@code <key@uketsuke>}: the same for every attempt of one delivery. */
    static String messageId(String idempotencyKey) {
        return "<" + idempotencyKey.replaceAll("[^A-Za-z0-9.-]", "-") + "@uketsuke>";
    }

    /** JavaMail replaces the Message-ID on saving; this keeps ours. */
    private static final class IdentifiedMessage extends MimeMessage {

        private final String id;

        IdentifiedMessage(jakarta.mail.Session session, String id) {
            super(session);
            this.id = id;
        }

        @Override
        protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", id);
        }
    }
}

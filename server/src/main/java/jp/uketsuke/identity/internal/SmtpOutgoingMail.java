package jp.uketsuke.identity.internal;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/**
 * Sends through the SMTP server of {@code spring.mail.*}. Spring Boot makes the sender only when
 * {@code spring.mail.host} is set; without one, {@link #configured()} is false.
 */
@Component
class SmtpOutgoingMail implements OutgoingMail {

    private static final Logger log = LoggerFactory.getLogger(SmtpOutgoingMail.class);

    private final Optional<JavaMailSender> sender;
    private final String from;

    SmtpOutgoingMail(Optional<JavaMailSender> sender, IdentityProperties properties) {
        this.sender = sender;
        this.from = properties.mailFrom();
    }

    @Override
    public boolean configured() {
        return sender.isPresent();
    }

    @Override
    public boolean send(String to, String subject, String body) {
        if (sender.isEmpty()) {
            return false;
        }
        JavaMailSender mail = sender.get();
        try {
            MimeMessage message = mail.createMimeMessage();
            MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
            helper.setFrom(from);
            helper.setTo(to);
            // a subject carries names typed by people: no line breaks, so no header can be smuggled in
            helper.setSubject(subject.replaceAll("[\\r\\n\\t]+", " "));
            helper.setText(body, false);
            mail.send(message);
            return true;
        } catch (MailException | MessagingException e) {
            // the exception's message may name the recipient, which is personal data: log only what kind of failure
            log.warn("Mail not sent: {}", e.getClass().getSimpleName());
            return false;
        }
    }
}

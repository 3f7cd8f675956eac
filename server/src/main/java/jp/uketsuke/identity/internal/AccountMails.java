package jp.uketsuke.identity.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * The texts of the account lifecycle's e-mails, from the message bundles: Japanese first, then the same in English,
 * because the recipient's language is not known before they sign in.
 */
@Component
class AccountMails {

    private static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final List<Locale> LANGUAGES = List.of(Locale.JAPANESE, Locale.ENGLISH);
    private static final String SEPARATOR = "\n\n----------------------------------------\n\n";

    private final OutgoingMail mail;
    private final MessageSource messages;

    AccountMails(OutgoingMail mail, MessageSource messages) {
        this.mail = mail;
        this.messages = messages;
    }

    boolean configured() {
        return mail.configured();
    }

    /** @param organisation the tenant's name, or empty for the platform */
    boolean invitation(String to, String organisation, String username, RoleGrants.RoleChoice role, String link,
                       Instant expiresAt) {
        String expires = TIME.format(expiresAt.atZone(ZONE)) + " (JST)";
        return send(to, "mail.invitation.subject", "mail.invitation.body",
                locale -> new Object[] {where(organisation, locale), username, roleName(role, locale), link, expires});
    }

    /** Tells an administrator which users of theirs were disabled for not signing in. */
    boolean dormantNotice(String to, String organisation, List<String> usernames, long days) {
        String list = String.join("\n", usernames.stream().map(u -> "  - " + u).toList());
        return send(to, "mail.dormant.subject", "mail.dormant.body",
                locale -> new Object[] {where(organisation, locale), days, list});
    }

    /**
     * Tells a reviewer that the access review of their tenant (or of the platform) is overdue.
     *
     * @param lastSignOff empty when it was never signed off
     */
    boolean accessReviewReminder(String to, String organisation, Instant dueAt, Optional<Instant> lastSignOff) {
        String due = TIME.format(dueAt.atZone(ZONE)) + " (JST)";
        return send(to, "mail.accessReview.subject", "mail.accessReview.body", locale -> new Object[] {
                where(organisation, locale), due,
                lastSignOff.map(t -> TIME.format(t.atZone(ZONE)) + " (JST)")
                        .orElseGet(() -> messages.getMessage("accessReview.never", null, locale))});
    }

    /** A built-in role's name in the language; a custom role's name as its tenant wrote it. */
    String roleName(RoleGrants.RoleChoice role, Locale locale) {
        return role.builtIn() ? messages.getMessage(role.name(), null, role.role().name(), locale) : role.name();
    }

    private String where(String organisation, Locale locale) {
        return organisation == null || organisation.isBlank()
                ? messages.getMessage("mail.platform", null, locale) : organisation;
    }

    private interface Arguments {
        Object[] in(Locale locale);
    }

    private boolean send(String to, String subjectKey, String bodyKey, Arguments arguments) {
        String subject = String.join(" / ", LANGUAGES.stream()
                .map(l -> messages.getMessage(subjectKey, null, l)).distinct().toList());
        String body = String.join(SEPARATOR, LANGUAGES.stream()
                .map(l -> messages.getMessage(bodyKey, arguments.in(l), l)).toList());
        return mail.send(to, subject, body);
    }
}

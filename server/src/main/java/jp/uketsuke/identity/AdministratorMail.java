package jp.uketsuke.identity;

import java.util.Set;
import java.util.UUID;

/**
 * E-mail to the people who administer a tenant, for what they must hear of (a notification destination added or
 * redirected). The addresses are personal data kept by identity: they never leave it; callers hand over the text.
 */
public interface AdministratorMail {

    /**
     * Sends the message to every enabled user of the tenant, and every enabled platform user assigned to it, who holds
     * at least one of {@code holdingAnyOf} there and has an e-mail address. Each message is in the operation log
     * ({@code administrator-mail.sent}, target the user, on behalf of {@code actor}). Nothing is sent without a mail
     * server.
     *
     * @param subject one line; line breaks are flattened
     * @return how many messages the mail server accepted
     */
    int tell(String actor, UUID tenantId, Set<String> holdingAnyOf, String subject, String body);
}

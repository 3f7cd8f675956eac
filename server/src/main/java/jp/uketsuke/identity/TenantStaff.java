package jp.uketsuke.identity;

import java.util.List;
import java.util.UUID;

/**
 * The people who work in a tenant, for choosing whom a task goes to (a call's assignee, a callback): the tenant's own
 * users and the platform users assigned to it (an agency's operators), enabled, holding a permission there. Names only:
 * no e-mail addresses or other personal data.
 */
public interface TenantStaff {

    /** One person, by the actor id that {@link Viewer#actor()} gives them ("user:tanaka") and their user name. */
    record Member(String actor, String username) {
    }

    /** Enabled users who hold {@code permission} in the tenant, by user name. */
    List<Member> holding(String permission, UUID tenantId);
}

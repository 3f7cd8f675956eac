package jp.uketsuke.identity;

import java.util.List;
import java.util.Set;

/**
 * Every permission a user, role or API key can hold: a verb on a resource. Deny by default: nothing is allowed that
 * no permission names. Which role holds which is decided in {@link Role} alone.
 */
public final class Permissions {

    /** Call list, call details and (redacted) transcripts. */
    public static final String CALLS_READ = "calls:read";
    /** Bulk export of calls (S9). */
    public static final String CALLS_EXPORT = "calls:export";
    /** Deleting a call with its recording and transcript before its retention ends. */
    public static final String CALLS_DELETE = "calls:delete";
    /** Listening to a call's recording. */
    public static final String RECORDINGS_PLAY = "recordings:play";
    /** Transcripts and caller numbers without masking. */
    public static final String TRANSCRIPTS_UNREDACTED = "transcripts:unredacted";
    /** The FAQ the bot answers from. */
    public static final String FAQ_EDIT = "faq:edit";
    /** Call flows: greetings, menus, screening, routing. */
    public static final String FLOWS_EDIT = "flows:edit";
    /**
     * Marking a call as a sales call or not (営業電話 / 営業ではない, F4): the tenant's screening classifier learns from
     * the caller's first words. Separate from {@code calls:read}: it changes which callers the bot turns away.
     */
    public static final String SCREENING_TRAIN = "screening:train";
    /** Phone numbers (DIDs) and trunks. */
    public static final String NUMBERS_MANAGE = "numbers:manage";
    /** Who is told of calls and messages, and how. */
    public static final String NOTIFY_MANAGE = "notify:manage";
    /** Users, invitations, assignments, staff phones and training records. */
    public static final String USERS_MANAGE = "users:manage";
    /** Custom roles. */
    public static final String ROLES_MANAGE = "roles:manage";
    /**
     * The operation log (操作ログ): browsing it and exporting it as CSV; and access reviews of the same reach: reading,
     * exporting and signing them off (a tenant's administrators; the platform's security officers and auditors).
     */
    public static final String AUDIT_READ = "audit:read";
    /** Encryption keys and API keys. */
    public static final String KEYS_MANAGE = "keys:manage";
    /** Security incidents (S11). */
    public static final String INCIDENTS_MANAGE = "incidents:manage";
    /** Tenant or platform settings: retention, MFA and training policy. */
    public static final String SETTINGS_MANAGE = "settings:manage";

    /** All of them, in the order the documentation and the console list them. */
    public static final List<String> IN_ORDER = List.of(CALLS_READ, CALLS_EXPORT, CALLS_DELETE, RECORDINGS_PLAY,
            TRANSCRIPTS_UNREDACTED, FAQ_EDIT, FLOWS_EDIT, SCREENING_TRAIN, NUMBERS_MANAGE, NOTIFY_MANAGE, USERS_MANAGE, ROLES_MANAGE,
            AUDIT_READ, KEYS_MANAGE, INCIDENTS_MANAGE, SETTINGS_MANAGE);

    /** All of them. */
    public static final Set<String> ALL = Set.copyOf(IN_ORDER);

    /** Permissions that show personal data (APPI); a training policy can require current training for these (S13). */
    public static final Set<String> PERSONAL_DATA = Set.of(CALLS_READ, CALLS_EXPORT, RECORDINGS_PLAY,
            TRANSCRIPTS_UNREDACTED, AUDIT_READ);

    /** Permissions over other people's access; whoever holds one must use a second factor, whatever their role. */
    public static final Set<String> MANAGING_ACCESS = Set.of(USERS_MANAGE, ROLES_MANAGE, KEYS_MANAGE, SETTINGS_MANAGE);

    /**
     * What an API key may be given: tenant-level permissions only. Export and unredacted transcripts are for an
     * integration that needs them (a CRM, an archive), given only by someone who holds them.
     */
    public static final Set<String> GRANTABLE_TO_API_KEYS = Set.of(CALLS_READ, CALLS_EXPORT, RECORDINGS_PLAY,
            TRANSCRIPTS_UNREDACTED, FLOWS_EDIT);

    private Permissions() {
    }
}

package jp.uketsuke.identity;

import java.util.Set;

/** Every permission a user or API key can hold; roles map onto these in {@link Role}. */
public final class Permissions {

    /** Call list, call details and transcripts. */
    public static final String CALLS_READ = "calls:read";
    /** Listening to a call's recording. */
    public static final String RECORDINGS_PLAY = "recordings:play";
    /** The operation log (操作ログ): browsing it and exporting it as CSV. */
    public static final String AUDIT_READ = "audit:read";

    /** What an API key may be given: tenant-level permissions only. */
    public static final Set<String> GRANTABLE_TO_API_KEYS = Set.of(CALLS_READ, RECORDINGS_PLAY);

    private Permissions() {
    }
}

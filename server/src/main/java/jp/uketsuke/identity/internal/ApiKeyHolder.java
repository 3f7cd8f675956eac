package jp.uketsuke.identity.internal;

import java.util.Set;
import java.util.UUID;

/** The authenticated principal of an API request: a verified, unexpired, unrevoked key. */
record ApiKeyHolder(String prefix, UUID tenantId, Set<String> permissions) {

    String actor() {
        return "apikey:uk_" + prefix;
    }
}

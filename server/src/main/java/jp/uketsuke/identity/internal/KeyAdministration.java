package jp.uketsuke.identity.internal;

import static jp.uketsuke.identity.Permissions.KEYS_MANAGE;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.audit.AuditEvent;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.identity.internal.ApiKeys.KeyInfo;
import org.springframework.stereotype.Service;

/**
 * A tenant's API keys in the console ({@code keys:manage}): listed by prefix, created with permissions the creator
 * holds and an expiry, shown once, revoked at once.
 */
@Service
class KeyAdministration {

    static final int MAX_DAYS = 730;
    static final List<Integer> EXPIRY_CHOICES = List.of(30, 90, 365, MAX_DAYS);

    private final ApiKeys apiKeys;
    private final AuditLog audit;
    private final Clock clock;

    KeyAdministration(ApiKeys apiKeys, AuditLog audit, Clock clock) {
        this.apiKeys = apiKeys;
        this.audit = audit;
        this.clock = clock;
    }

    List<KeyInfo> keys(Viewer viewer, UUID tenantId) {
        if (!viewer.may(KEYS_MANAGE, tenantId)) {
            throw Refused.notFound();
        }
        return apiKeys.of(tenantId);
    }

    /** What the viewer may put into a key, in the documentation's order. */
    static List<String> offerable(Viewer viewer) {
        return Permissions.IN_ORDER.stream().filter(Permissions.GRANTABLE_TO_API_KEYS::contains).filter(viewer::holds).toList();
    }

    /** @return the key, to be shown once */
    String create(Viewer viewer, UUID tenantId, List<String> permissions, String expiresInDays) {
        if (!viewer.may(KEYS_MANAGE, tenantId)) {
            record(viewer, tenantId, "apikey.create", "tenant:" + tenantId, AuditEvent.DENIED);
            throw Refused.notFound();
        }
        Set<String> asked = new HashSet<>(permissions == null ? List.of() : permissions);
        if (asked.isEmpty() || !Permissions.GRANTABLE_TO_API_KEYS.containsAll(asked)) {
            throw Refused.invalid("keys.error.permissions");
        }
        if (!viewer.permissions().containsAll(asked)) {
            record(viewer, tenantId, "apikey.create", "tenant:" + tenantId, AuditEvent.DENIED);
            throw Refused.forbidden("keys.error.moreThanYours");
        }
        int days = days(expiresInDays);
        String key = apiKeys.create(tenantId, asked, clock.instant().plus(Duration.ofDays(days)));
        record(viewer, tenantId, "apikey.create", "apikey:uk_" + key.substring(3, 11), AuditEvent.OK);
        return key;
    }

    /** @return the tenant whose key it was */
    UUID revoke(Viewer viewer, String prefix) {
        KeyInfo key = apiKeys.find(prefix).orElse(null);
        if (key == null) {
            record(viewer, null, "apikey.revoke", "apikey:unknown", AuditEvent.NOT_FOUND);
            throw Refused.notFound();
        }
        if (!viewer.may(KEYS_MANAGE, key.tenantId())) {
            record(viewer, key.tenantId(), "apikey.revoke", "apikey:uk_" + key.prefix(), AuditEvent.DENIED);
            throw Refused.notFound();
        }
        apiKeys.revoke(key.prefix());
        record(viewer, key.tenantId(), "apikey.revoke", "apikey:uk_" + key.prefix(), AuditEvent.OK);
        return key.tenantId();
    }

    private static int days(String value) {
        try {
            int days = Integer.parseInt(value == null ? "" : value.strip());
            if (days >= 1 && days <= MAX_DAYS) {
                return days;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw Refused.invalid("keys.error.expiry");
    }

    private void record(Viewer viewer, UUID tenantId, String action, String target, String result) {
        audit.record(new AuditEvent(viewer.actor(), tenantId, action, target, viewer.sourceAddress(), result));
    }
}

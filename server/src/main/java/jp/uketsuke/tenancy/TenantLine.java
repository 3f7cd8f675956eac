package jp.uketsuke.tenancy;

import java.util.UUID;

/** A tenant as seen from one of its phone numbers: who answers, and whether it may. */
public record TenantLine(UUID tenantId, String tenantName, String number, TenantStatus status, String language) {
}

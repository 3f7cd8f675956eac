package jp.uketsuke.identity.internal;

import java.time.Clock;
import java.time.ZoneOffset;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Table {@code security_policies}: per tenant, and for the platform's own users, which users need MFA and whether
 * current training is required for personal data. A scope without a row has {@link Policy#DEFAULT}.
 */
@Repository
class SecurityPolicies {

    /** Who must use a second factor, beyond the platform users and tenant administrators who always must. */
    enum MfaRequirement { ADMINS, ALL }

    record Policy(MfaRequirement mfa, boolean trainingRequired) {
        static final Policy DEFAULT = new Policy(MfaRequirement.ADMINS, false);
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    SecurityPolicies(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** @param tenantId null for the platform */
    Policy of(UUID tenantId) {
        return jdbc.sql("SELECT mfa_required_for, training_required FROM security_policies WHERE scope_id = ?")
                .param(scope(tenantId))
                .query((rs, n) -> new Policy(MfaRequirement.valueOf(rs.getString(1)), rs.getBoolean(2)))
                .optional().orElse(Policy.DEFAULT);
    }

    void set(UUID tenantId, Policy policy, String actor) {
        var now = clock.instant().atOffset(ZoneOffset.UTC);
        for (int attempt = 0; ; attempt++) {
            int updated = jdbc.sql("""
                    UPDATE security_policies SET mfa_required_for = ?, training_required = ?, updated_at = ?, updated_by = ?
                    WHERE scope_id = ?""")
                    .params(policy.mfa().name(), policy.trainingRequired(), now, actor, scope(tenantId)).update();
            if (updated > 0) {
                return;
            }
            try {
                jdbc.sql("""
                        INSERT INTO security_policies (scope_id, mfa_required_for, training_required, updated_at, updated_by)
                        VALUES (?, ?, ?, ?, ?)""")
                        .params(scope(tenantId), policy.mfa().name(), policy.trainingRequired(), now, actor).update();
                return;
            } catch (DuplicateKeyException insertedMeanwhile) {
                if (attempt >= 2) {
                    throw insertedMeanwhile;
                }
            }
        }
    }

    private static UUID scope(UUID tenantId) {
        return tenantId == null ? AccountCiphers.PLATFORM_KEYSET : tenantId;
    }
}

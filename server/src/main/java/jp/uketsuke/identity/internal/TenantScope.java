package jp.uketsuke.identity.internal;

import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The tenants a platform administrator sees: for now every tenant that has a user or an API key, because the
 * tenancy module does not list tenants yet; switch to its listing once it offers one.
 */
@Component
class TenantScope {

    private final JdbcClient jdbc;

    TenantScope(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Set<UUID> allTenants() {
        return Set.copyOf(jdbc.sql("""
                SELECT tenant_id FROM users WHERE tenant_id IS NOT NULL
                UNION SELECT tenant_id FROM api_keys""").query(UUID.class).list());
    }
}

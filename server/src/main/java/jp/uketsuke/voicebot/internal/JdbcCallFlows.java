package jp.uketsuke.voicebot.internal;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.voicebot.CallFlow;
import jp.uketsuke.vault.Vault;
import jp.uketsuke.voicebot.CallFlows;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

@Repository
class JdbcCallFlows implements CallFlows {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Vault vault;
    private final Clock clock;

    JdbcCallFlows(JdbcClient jdbc, JsonMapper json, Vault vault, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.vault = vault;
        this.clock = clock;
    }

    @Override
    public Optional<CallFlow> forTenant(UUID tenantId) {
        return jdbc.sql("SELECT definition FROM call_flows WHERE tenant_id = ?")
                .param(tenantId)
                .query(byte[].class)
                .optional()
                .map(sealed -> json.readValue(vault.forTenant(tenantId).open(sealed, context(tenantId)), CallFlow.class));
    }

    @Override
    @Transactional
    public void save(UUID tenantId, CallFlow flow) {
        byte[] definition = vault.forTenant(tenantId).seal(json.writeValueAsBytes(flow), context(tenantId));
        OffsetDateTime now = OffsetDateTime.now(clock);
        int updated = jdbc.sql("UPDATE call_flows SET definition = ?, updated_at = ? WHERE tenant_id = ?")
                .params(definition, now, tenantId)
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO call_flows (tenant_id, definition, updated_at) VALUES (?, ?, ?)")
                    .params(tenantId, definition, now)
                    .update();
        }
    }

    private static String context(UUID tenantId) {
        return "flow:" + tenantId;
    }
}

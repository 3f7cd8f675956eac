package jp.uketsuke.exports.internal;

import java.time.Clock;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.exports.ExportApprovals;
import jp.uketsuke.vault.Vault;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class ExportsConfiguration {

    @Bean
    ExportApprovals exportApprovals(JdbcClient jdbc, Vault vault, AuditLog audit, Clock clock) {
        return new JdbcExportApprovals(jdbc, vault, audit, clock);
    }
}

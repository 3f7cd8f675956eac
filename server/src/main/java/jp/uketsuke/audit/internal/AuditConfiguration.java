package jp.uketsuke.audit.internal;

import java.time.Clock;
import jp.uketsuke.audit.AuditLog;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Bean
    AuditLog auditLog(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
        return new JdbcAuditLog(jdbc, transactionManager, clock);
    }

    @Bean
    static AuditAppendOnlyMigration auditAppendOnlyMigration() {
        return new AuditAppendOnlyMigration();
    }
}

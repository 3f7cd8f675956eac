package jp.uketsuke.audit.internal;

import java.nio.file.Files;
import java.time.Clock;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.audit.AuditSearch;
import jp.uketsuke.config.UketsukeProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AuditProperties.class)
class AuditConfiguration {

    @Bean
    AuditLog auditLog(JdbcClient jdbc, PlatformTransactionManager transactionManager, Clock clock) {
        return new JdbcAuditLog(jdbc, transactionManager, clock);
    }

    @Bean
    AuditSearch auditSearch(JdbcClient jdbc) {
        return new JdbcAuditSearch(jdbc);
    }

    @Bean
    AuditSigningKey auditSigningKey(AuditProperties audit, UketsukeProperties properties, JdbcClient jdbc) {
        var file = AuditSigningKey.file(audit.keyFile(), properties.dataDir());
        // a new key beside checkpoints signed by a lost one would make every old checkpoint look forged
        if (!Files.exists(file) && jdbc.sql("select count(*) from audit_checkpoints").query(Long.class).single() > 0) {
            throw new IllegalStateException("The audit signing key file " + file + " is missing but the database holds "
                    + "checkpoints signed with it. Restore it from backup (or set UKETSUKE_AUDIT_KEY_FILE).");
        }
        return AuditSigningKey.loadOrCreate(file);
    }

    @Bean
    AuditCheckpoints auditCheckpoints(JdbcClient jdbc, PlatformTransactionManager transactionManager,
                                      AuditSigningKey key, Clock clock) {
        return new AuditCheckpoints(jdbc, transactionManager, key, clock);
    }

    @Bean
    AuditCheckpointSchedule auditCheckpointSchedule(AuditCheckpoints checkpoints, AuditProperties audit) {
        return new AuditCheckpointSchedule(checkpoints, audit.checkpointInterval());
    }

    @Bean
    static AppendOnlyTableMigration auditEventsAppendOnly() {
        return AppendOnlyTableMigration.auditEvents();
    }

    @Bean
    static AppendOnlyTableMigration auditCheckpointsAppendOnly() {
        return AppendOnlyTableMigration.auditCheckpoints();
    }
}

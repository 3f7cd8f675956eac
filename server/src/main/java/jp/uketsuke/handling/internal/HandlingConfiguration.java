package jp.uketsuke.handling.internal;

import java.time.Clock;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.handling.CallNotes;
import jp.uketsuke.handling.CallWork;
import jp.uketsuke.handling.Callbacks;
import jp.uketsuke.identity.TenantStaff;
import jp.uketsuke.vault.Vault;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class HandlingConfiguration {

    @Bean
    HandlingAccess handlingAccess(JdbcClient jdbc, AuditLog audit, TenantStaff staff, ApplicationEventPublisher events) {
        return new HandlingAccess(jdbc, audit, staff, events);
    }

    @Bean
    CallWork callWork(JdbcClient jdbc, TransactionTemplate transactions, HandlingAccess access, Clock clock) {
        return new JdbcCallWork(jdbc, transactions, access, clock);
    }

    @Bean
    JdbcCallbacks callbacks(JdbcClient jdbc, Vault vault, HandlingAccess access, Clock clock) {
        return new JdbcCallbacks(jdbc, vault, access, clock);
    }

    @Bean
    CallNotes callNotes(JdbcClient jdbc, TransactionTemplate transactions, Vault vault, HandlingAccess access,
                        JdbcCallbacks callbacks, Clock clock) {
        return new JdbcCallNotes(jdbc, transactions, vault, access, callbacks, clock);
    }
}

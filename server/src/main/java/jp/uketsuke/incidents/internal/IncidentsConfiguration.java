package jp.uketsuke.incidents.internal;

import java.time.Clock;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.identity.AccountContainment;
import jp.uketsuke.incidents.Incidents;
import jp.uketsuke.notify.DestinationContainment;
import jp.uketsuke.vault.Vault;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class IncidentsConfiguration {

    @Bean
    Incidents incidents(JdbcClient jdbc, Vault vault, AuditLog audit, AccountContainment accounts,
                        DestinationContainment destinations, Clock clock) {
        return new JdbcIncidents(jdbc, vault, audit, accounts, destinations, clock);
    }
}

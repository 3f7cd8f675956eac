package jp.uketsuke.tenancy.internal;

import java.time.Clock;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.vault.Vault;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class TenancyConfiguration {

    @Bean
    Tenants tenants(JdbcClient jdbc, TransactionTemplate transactions, Vault vault, Clock clock) {
        return new JdbcTenants(jdbc, transactions, vault, clock);
    }
}

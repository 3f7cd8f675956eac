package jp.uketsuke.vault.internal;

import java.nio.file.Files;
import java.time.Clock;
import jp.uketsuke.config.UketsukeProperties;
import jp.uketsuke.vault.MasterKey;
import jp.uketsuke.vault.Vault;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

    @Bean
    @ConditionalOnMissingBean(MasterKey.class)
    MasterKey masterKey(UketsukeProperties properties, JdbcClient jdbc) {
        var file = properties.masterKeyFile();
        // a missing file next to existing tenant keys means a lost key: a new one would orphan all data silently
        if (!Files.exists(file) && TinkVault.anyTenantKeys(jdbc)) {
            throw new IllegalStateException("The master key file " + file + " is missing but the database holds "
                    + "tenant keys wrapped by it. Restore it from backup (or set UKETSUKE_MASTER_KEY_FILE).");
        }
        return KeysetFileMasterKey.loadOrCreate(file);
    }

    @Bean
    Vault vault(JdbcClient jdbc, TransactionTemplate transactions, MasterKey masterKey, Clock clock) {
        return new TinkVault(jdbc, transactions, masterKey, clock);
    }
}

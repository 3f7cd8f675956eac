package jp.uketsuke.screening.internal;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.vault.Vault;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sales-call screening (F4): the shared classifier learnt at start-up from the labelled set in the build, each
 * tenant's own rebuilt from its labels, and the installation-wide block list from
 * {@code uketsuke.screening.blocked-numbers} (numbers separated by commas, in any form a trunk writes them).
 */
@Configuration(proxyBeanMethods = false)
class ScreeningConfiguration {

    @Bean
    ScreeningStore screeningStore(JdbcClient jdbc, Vault vault) {
        return new ScreeningStore(jdbc, vault);
    }

    @Bean(destroyMethod = "close")
    TenantModels tenantModels(ScreeningStore store, AuditLog audit) {
        SalesModel shared = SalesModel.learn(LabelledExamples.load());
        return new TenantModels(shared, tenant -> ScreeningService.labelledWordsForTraining(store, audit, tenant));
    }

    @Bean
    CallScreeningService callerScreening(ScreeningStore store, Vault vault, TenantModels models,
                                         @Value("${uketsuke.screening.blocked-numbers:}") List<String> blocked) {
        return new CallScreeningService(store, vault, models, installationBlocked(blocked),
                CallScreeningService.REREAD);
    }

    @Bean
    ScreeningService screeningService(ScreeningStore store, CallScreeningService calls, TenantModels models,
                                      CallHistory history, AuditLog audit, TransactionTemplate transactions, Clock clock,
                                      @Value("${uketsuke.screening.blocked-numbers:}") List<String> blocked) {
        return new ScreeningService(store, calls, models, history, audit, transactions, clock,
                installationBlocked(blocked).size());
    }

    /** Tenants that labelled calls get their own classifier back after a restart, built in the background. */
    @Bean
    SmartInitializingSingleton tenantModelsAtStart(ScreeningStore store, TenantModels models) {
        return () -> store.tenantsWithLabels().forEach(t -> models.rebuildUnlessFrom(t, store.labelStamp(t)));
    }

    /** The installation's block list; a value that is not a phone number stops the start, saying which entry. */
    static Set<String> installationBlocked(List<String> configured) {
        Set<String> numbers = new HashSet<>();
        int entry = 0;
        for (String raw : configured) {
            entry++;
            if (raw == null || raw.isBlank()) {
                continue;
            }
            String number = ScreeningService.writtenNumber(raw);
            if (number.isEmpty()) {
                throw new IllegalArgumentException("uketsuke.screening.blocked-numbers: entry " + entry
                        + " is not a phone number");
            }
            numbers.add(number);
        }
        return Set.copyOf(numbers);
    }
}

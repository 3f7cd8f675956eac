package jp.uketsuke.summary.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.summary.CallSummaries;
import jp.uketsuke.summary.SummarySettings;
import jp.uketsuke.vault.Vault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Wiring of call summaries; the LLM summariser only when {@code uketsuke.summary.llm.base-url} is set. */
@Configuration(proxyBeanMethods = false)
class SummaryConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SummaryConfiguration.class);

    @Bean
    JdbcSummaryStore summaryStore(JdbcClient jdbc, Vault vault) {
        return new JdbcSummaryStore(jdbc, vault);
    }

    /** Whether an LLM summariser is configured (a bean of its own: Spring reads an Optional bean as "maybe a bean"). */
    record LlmChoice(Optional<ChatCompletionsSummariser> summariser) {
    }

    /** Fails start-up with the setting to fix when the URL is not allow-listed, not https, or carries credentials. */
    @Bean
    LlmChoice llmSummariser(@Value("${uketsuke.summary.llm.base-url:}") String baseUrl,
                                                      @Value("${uketsuke.summary.llm.allowed-hosts:}") String allowedHosts,
                                                      @Value("${uketsuke.summary.llm.model:}") String model,
                                                      @Value("${uketsuke.summary.llm.api-key:}") String apiKey,
                                                      @Value("${uketsuke.summary.llm.timeout:20s}") Duration timeout) {
        if (baseUrl.isBlank()) {
            return new LlmChoice(Optional.empty());
        }
        URI uri;
        try {
            uri = URI.create(baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("uketsuke.summary.llm.base-url is not a URL");
        }
        Set<String> hosts = Arrays.stream(allowedHosts.split(",")).collect(Collectors.toSet());
        LlmSettings settings = new LlmSettings(uri, hosts, model, apiKey, timeout);
        log.info("Calls are also summarised by the LLM at {} (model {})", settings.baseUrl(), settings.model());
        return new LlmChoice(Optional.of(new ChatCompletionsSummariser(settings)));
    }

    @Bean(destroyMethod = "close")
    SummaryWriter summaryWriter(CallHistory history, JdbcSummaryStore store, LlmChoice llmSummariser,
                                Clock clock, @Value("${uketsuke.summary.threads:1}") int threads,
                                @Value("${uketsuke.summary.queue:1000}") int queue) {
        return new SummaryWriter(history, store, llmSummariser.summariser(), clock, Math.clamp(threads, 1, 8), Math.clamp(queue, 10, 100_000));
    }

    /** Once the application is up (interrupted calls already closed as INCOMPLETE), summarise what a stop left. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> summaryCatchUp(SummaryWriter writer,
                                                              @Value("${uketsuke.summary.catch-up-limit:500}") int limit) {
        return ready -> writer.catchUp(Math.clamp(limit, 0, 100_000));
    }

    @Bean
    CallSummaries callSummaries(JdbcSummaryStore store, AuditLog audit) {
        return new JdbcCallSummaries(store, audit);
    }

    @Bean
    SummarySettings summarySettings(JdbcSummaryStore store, AuditLog audit, Clock clock,
                                    LlmChoice llmSummariser) {
        return new JdbcSummarySettings(store, audit, clock, llmSummariser.summariser().isPresent());
    }
}

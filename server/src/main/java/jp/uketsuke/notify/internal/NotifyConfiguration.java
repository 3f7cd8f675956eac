package jp.uketsuke.notify.internal;

import java.net.URI;
import java.util.function.Supplier;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.calls.CallHistory;
import jp.uketsuke.config.UketsukeProperties;
import jp.uketsuke.identity.AdministratorMail;
import jp.uketsuke.notify.Channel;
import jp.uketsuke.notify.DestinationContainment;
import jp.uketsuke.notify.NotificationStatus;
import jp.uketsuke.notify.internal.mail.EmailChannel;
import jp.uketsuke.summary.CallSummaries;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.vault.Vault;
import jp.uketsuke.voicebot.PublishedFlows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.MessageSource;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Notifications (F8, S8): the channels present (every {@link Channel} bean, plus e-mail when {@code spring.mail.host}
 * is set), the outbox worker, the console's services.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotifyProperties.class)
class NotifyConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NotifyConfiguration.class);

    @Bean
    DestinationRows notificationDestinationRows(JdbcClient jdbc, Vault vault) {
        return new DestinationRows(jdbc, vault);
    }

    @Bean
    DestinationContainment destinationContainment(DestinationRows rows, Clock clock) {
        return new DestinationContainmentRows(rows, clock);
    }

    @Bean
    RuleRows notificationRuleRows(JdbcClient jdbc) {
        return new RuleRows(jdbc);
    }

    @Bean
    DeliveryRows notificationDeliveryRows(JdbcClient jdbc, Vault vault) {
        return new DeliveryRows(jdbc, vault);
    }

    /** The HTTP channels are beans of their own; e-mail is made here from Spring Boot's sender, when there is one. */
    @Bean
    Channels notificationChannels(List<Channel> beans, Optional<JavaMailSender> mail, NotifyProperties properties) {
        List<Channel> all = new ArrayList<>(beans);
        if (mail.isPresent() && mail.get() instanceof JavaMailSenderImpl configured
                && beans.stream().noneMatch(c -> c.kind() == jp.uketsuke.notify.ChannelKind.EMAIL)) {
            all.add(new EmailChannel(configured, properties::senderOf));
        }
        Channels channels = new Channels(all);
        log.info("Notification channels: {}", channels.kinds());
        return channels;
    }

    @Bean
    CallEvaluator notificationCallEvaluator(JdbcClient jdbc, TransactionTemplate transactions, RuleRows rules,
                                            DeliveryRows deliveries, CallHistory history, CallSummaries summaries,
                                            PublishedFlows flows, Tenants tenants, NotifyProperties properties,
                                            Clock clock) {
        return new CallEvaluator(jdbc, transactions, rules, deliveries, history, summaries, flows, tenants,
                properties.summaryWait(), properties.catchUpWindow(), clock);
    }

    @Bean
    NoticeRenderer noticeRenderer(CallHistory history, CallSummaries summaries, MessageSource messages,
                                  NotifyProperties properties,
                                  @Value("${uketsuke.identity.console-url:}") String identityConsoleUrl,
                                  Environment environment) {
        URI configured = properties.consoleUrl() != null ? properties.consoleUrl()
                : !identityConsoleUrl.isBlank() ? URI.create(identityConsoleUrl.strip()) : null;
        // unset: this server on localhost, at the port it really listens on (known only once it has started; a
        // server.port of 0 picks a free one), looked up when a notice is written
        Supplier<URI> console = configured != null ? () -> configured
                : () -> URI.create("https://localhost:" + environment.getProperty("local.server.port",
                        environment.getProperty("server.port", "8443")));
        return new NoticeRenderer(history, summaries, messages, console);
    }

    @Bean
    DeliveryWorker notificationWorker(DeliveryRows rows, DestinationRows destinations, Channels channels,
                                      NoticeRenderer renderer, CallEvaluator evaluator, NotifyProperties properties,
                                      UketsukeProperties uketsuke, Clock clock) {
        // a node id and a random part: two processes started with one node id still never share a claim
        String worker = uketsuke.nodeId() + "/" + UUID.randomUUID().toString().substring(0, 8);
        return new DeliveryWorker(worker, rows, destinations, channels, renderer, evaluator, properties, clock);
    }

    @Bean
    DestinationAdministration destinationAdministration(DestinationRows rows, DeliveryRows deliveries,
                                                        Channels channels, Vault vault, AuditLog audit,
                                                        MessageSource messages, NotifyProperties properties,
                                                        AdministratorMail administrators, DeliveryWorker worker,
                                                        Clock clock) {
        return new DestinationAdministration(rows, deliveries, channels, vault, audit, messages, properties,
                administrators, task -> Thread.ofVirtual().name("notify-administrator-mail").start(task),
                worker::wake, clock);
    }

    @Bean
    RuleAdministration ruleAdministration(RuleRows rules, DestinationRows destinations, DeliveryRows deliveries,
                                          DestinationAdministration access, AuditLog audit, DeliveryWorker worker,
                                          Clock clock) {
        return new RuleAdministration(rules, destinations, deliveries, access, audit, worker::wake, clock);
    }

    @Bean
    NotificationStatus notificationStatus(RuleAdministration rules) {
        return rules::failedCount;
    }

    /** The worker starts once the application is up (interrupted calls closed) and stops with it. */
    @Bean
    SmartLifecycle notificationOutboxLifecycle(DeliveryWorker worker) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                worker.start();
                running = true;
            }

            @Override
            public void stop() {
                worker.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}

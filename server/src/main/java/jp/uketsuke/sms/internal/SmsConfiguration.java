package jp.uketsuke.sms.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Clock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import jp.uketsuke.audit.AuditLog;
import jp.uketsuke.sms.CallTextMessages;
import jp.uketsuke.sms.SmsProvider;
import jp.uketsuke.vault.Vault;
import jp.uketsuke.voicebot.TextMessaging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/** Text messages (F6): the provider chosen by configuration, the outbox and its worker, Twilio's webhooks. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SmsProperties.class)
class SmsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SmsConfiguration.class);

    @Bean
    TextMessageRows textMessageRows(JdbcClient jdbc, Vault vault) {
        return new TextMessageRows(jdbc, vault);
    }

    /** Null when none is configured: messages are then refused with that reason, on the call's record. */
    @Bean
    SmsSetup smsSetup(SmsProperties properties, JsonMapper json, Clock clock) {
        if (properties.provider().equals("none")) {
            return new SmsSetup(null, null);
        }
        SmsProperties.Twilio t = properties.twilio();
        String callback = t.webhookBaseUrl() == null ? null : t.webhookBaseUrl() + TwilioWebhooks.STATUS;
        TwilioSms.Account account = new TwilioSms.Account(t.baseUrl(), t.accountSid(), t.authToken(), t.from(),
                t.messagingServiceSid(), callback, t.timeout());
        log.info("Text messages go through {}", account);
        return new SmsSetup(new TwilioSms(account, tls(t), json, clock), account);
    }

    record SmsSetup(SmsProvider provider, TwilioSms.Account account) {
    }

    @Bean
    OutboxWorker outboxWorker(TextMessageRows rows, SmsSetup setup, SmsProperties properties, Clock clock) {
        SmsProvider provider = setup.provider() != null ? setup.provider()
                : (destination, body) -> new SmsProvider.Outcome.Refused("text messages are not configured", false);
        return new OutboxWorker(rows, provider, properties.retry(), properties.pollInterval(),
                properties.sendingLease(), clock);
    }

    @Bean
    TextMessaging textMessaging(TextMessageRows rows, SmsSetup setup, SmsProperties properties, OutboxWorker worker,
                                Clock clock) {
        return new SmsOutbox(rows, properties.limits(), setup.provider() != null, worker::wake, clock);
    }

    @Bean
    CallTextMessages callTextMessages(TextMessageRows rows, AuditLog audit) {
        return new JdbcCallTextMessages(rows, audit);
    }

    @Bean
    TwilioWebhooks twilioWebhooks(SmsSetup setup, SmsProperties properties, TextMessageRows rows, AuditLog audit,
                                  Clock clock) {
        TwilioSms.Account account = setup.account();
        String base = properties.twilio().webhookBaseUrl();
        return new TwilioWebhooks(new TwilioWebhooks.WebhookSettings(account == null ? null : base,
                account == null ? null : account.accountSid(),
                account == null || base == null ? null : new TwilioSignature(account.authToken())), rows, audit, clock);
    }

    /** Queued messages are picked up when the application has started, and the worker stops with it. */
    @Bean
    SmartLifecycle outboxLifecycle(OutboxWorker worker) {
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

    /** Twilio signs its requests instead of signing in: no session, no CSRF token, the signature is checked by the handler. */
    @Bean
    @Order(0)
    SecurityFilterChain smsWebhookChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/webhooks/sms/**")
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .requestCache(r -> r.disable())
                .securityContext(s -> s.disable())
                .anonymous(a -> a.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable())
                .logout(l -> l.disable())
                .addFilterBefore(new OncePerRequestFilter() {
                    // the signature covers the parameters as sent: keep the body before anything parses it
                    @Override
                    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                                    FilterChain chain) throws ServletException, IOException {
                        request.setAttribute(TwilioWebhooks.RAW_BODY, TwilioWebhooks.body(request));
                        chain.doFilter(request, response);
                    }
                }, HeaderWriterFilter.class);
        return http.build();
    }

    static SSLContext tls(SmsProperties.Twilio t) {
        try {
            if (t.trustStore() == null) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(t.trustStore())) {
                store.load(in, t.trustStorePassword() == null ? null : t.trustStorePassword().toCharArray());
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read uketsuke.sms.twilio.trust-store " + t.trustStore(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use uketsuke.sms.twilio.trust-store " + t.trustStore(), e);
        }
    }
}

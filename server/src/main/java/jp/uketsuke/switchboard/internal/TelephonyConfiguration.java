package jp.uketsuke.switchboard.internal;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import jp.uketsuke.calls.CallJournal;
import jp.uketsuke.phones.StaffPhoneRevoked;
import jp.uketsuke.speech.SpeechEngines;
import jp.uketsuke.telephony.FloodLimits;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.PhoneDirectory;
import jp.uketsuke.telephony.Registrations;
import jp.uketsuke.telephony.SipServer;
import jp.uketsuke.telephony.SipSettings;
import jp.uketsuke.telephony.SipTls;
import jp.uketsuke.telephony.Trunk;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.PromptRecordings;
import jp.uketsuke.voicebot.PublishedFlows;
import jp.uketsuke.voicebot.CallerScreening;
import jp.uketsuke.voicebot.FlowServices;
import jp.uketsuke.voicebot.TextMessaging;
import jp.uketsuke.switchboard.TransferTargets;
import jp.uketsuke.web.ServerCertificate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** Puts the telephony module on the configured SIP port, with the receptionist deciding every call. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "uketsuke.sip.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(SipPeerProperties.class)
class TelephonyConfiguration {

    @Bean
    SipSettings sipSettings(@Value("${uketsuke.sip.bind-address}") String bindAddress,
                            @Value("${uketsuke.sip.advertised-address}") String advertisedAddress,
                            @Value("${uketsuke.sip.port}") int port,
                            @Value("${uketsuke.rtp.port-min}") int rtpPortMin,
                            @Value("${uketsuke.rtp.port-max}") int rtpPortMax,
                            @Value("${uketsuke.rtp.timeout:30s}") Duration rtpTimeout,
                            @Value("${uketsuke.sip.max-message-bytes:16384}") int maxMessageBytes,
                            @Value("${uketsuke.sip.max-calls:500}") int maxCalls,
                            @Value("${uketsuke.sip.max-calls-in-setup:200}") int maxCallsInSetup,
                            @Value("${uketsuke.sip.overload-retry-after:2s}") Duration overloadRetryAfter,
                            FloodLimits floodLimits, SipPeerProperties peers, ObjectProvider<Trunk> contributedTrunks,
                            SipTls tls) {
        return SipSettings.defaults()
                .withPeers(peers.toSettings(contributedTrunks.orderedStream().toList()))
                .withBindAddress(bindAddress)
                .withAdvertisedAddress(advertisedAddress)
                .withPort(port)
                .withRtpPorts(rtpPortMin, rtpPortMax)
                .withRtpTimeout(rtpTimeout)
                .withMaxMessageBytes(maxMessageBytes)
                .withMaxCalls(maxCalls)
                .withMaxCallsInSetup(maxCallsInSetup)
                .withOverloadRetryAfter(overloadRetryAfter)
                .withFloodLimits(floodLimits)
                .withTls(tls);
    }

    /** The SIP guard's limits (uketsuke.sip.guard.*); unset ones keep the telephony module's defaults. */
    @Bean
    FloodLimits floodLimits(@Value("${uketsuke.sip.guard.requests-per-second:20}") double requestsPerSecond,
                            @Value("${uketsuke.sip.guard.burst:60}") int burst,
                            @Value("${uketsuke.sip.guard.block-for:2m}") Duration blockFor,
                            @Value("${uketsuke.sip.guard.max-headers:100}") int maxHeaders,
                            @Value("${uketsuke.sip.guard.max-calls-per-source:20}") int maxCallsPerSource,
                            @Value("${uketsuke.sip.guard.max-connections-per-source:16}") int maxConnectionsPerSource,
                            @Value("${uketsuke.sip.guard.auth-failures-to-block:10}") int authFailuresToBlock,
                            @Value("${uketsuke.sip.guard.auth-failure-window:10m}") Duration authFailureWindow,
                            @Value("${uketsuke.sip.guard.scanner-user-agents:}") List<String> scannerUserAgents,
                            @Value("${uketsuke.sip.guard.exempt-sources:}") List<String> exemptSources,
                            @Value("${uketsuke.sip.guard.max-tracked-sources:50000}") int maxTrackedSources) {
        return FloodLimits.defaults()
                .withRate(requestsPerSecond, burst)
                .withBlockFor(blockFor)
                .withMaxHeaders(maxHeaders)
                .withMaxDialogsPerSource(maxCallsPerSource)
                .withMaxConnectionsPerSource(maxConnectionsPerSource)
                .withAuthenticationFailures(authFailuresToBlock, authFailureWindow)
                .withScannerUserAgents(scannerUserAgents.isEmpty() ? FloodLimits.KNOWN_SCANNERS : scannerUserAgents)
                .withExemptSources(exemptSources)
                .withMaxTrackedSources(maxTrackedSources);
    }

    /** SIP over TLS (S1) on its own port, with the HTTPS certificate unless uketsuke.sip.tls.* names another. */
    @Bean
    SipTls sipTls(@Value("${uketsuke.sip.tls.enabled:true}") boolean enabled,
                  @Value("${uketsuke.sip.tls.port:5061}") int port,
                  @Value("${uketsuke.sip.tls.certificate:}") String certificate,
                  @Value("${uketsuke.sip.tls.private-key:}") String privateKey,
                  @Value("${uketsuke.sip.tls.key-store:}") String keyStore,
                  @Value("${uketsuke.sip.tls.key-store-password:}") String keyStorePassword,
                  @Value("${uketsuke.sip.tls.handshake-timeout:5s}") Duration handshakeTimeout,
                  ObjectProvider<ServerCertificate> httpsCertificate) {
        if (!enabled) {
            return SipTls.disabled();
        }
        return SipTls.on(SipCertificate.choose(certificate, privateKey, keyStore, keyStorePassword,
                        httpsCertificate::getObject))
                .withPort(port)
                .withHandshakeTimeout(handshakeTimeout);
    }

    @Bean
    Voice voice(SpeechEngines speech) {
        return new Voice(speech.synthesizer().orElse(null));
    }

    @Bean
    Receptionist receptionist(Tenants tenants, PublishedFlows flows, CallJournal journal, SpeechEngines speech,
                              Voice voice, PromptRecordings recordings, Clock clock,
                              @Value("${uketsuke.sip.media-security:PREFERRED}") String mediaSecurity,
                              @Value("${uketsuke.speech.end-of-turn:500ms}") Duration endOfTurn,
                              TransferTargets transferTargets, ObjectProvider<CallerScreening> screening,
                              ObjectProvider<TextMessaging> texts) {
        return new Receptionist(tenants, flows, journal, voice, recordings,
                new Hearing(speech.recognizer().orElse(null), endOfTurn), clock, mediaSecurity(mediaSecurity),
                transferTargets, new FlowServices(screening.getIfAvailable(() -> CallerScreening.NONE),
                        texts.getIfAvailable(() -> TextMessaging.NONE)));
    }

    /**
     * The tenants' prompts are spoken, and their recordings loaded, once in the background when the application is
     * ready, not by first callers.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> warmPromptsWhenReady(Tenants tenants, PublishedFlows flows, Voice voice,
            PromptRecordings recordings, @Value("${uketsuke.speech.warm-prompts:true}") boolean warm) {
        return ready -> {
            if (warm) {
                new PromptWarmup(tenants, flows, voice, recordings).start();
            }
        };
    }

    /** The platform default for tenants without a policy of their own. */
    static MediaSecurity mediaSecurity(String configured) {
        try {
            return MediaSecurity.valueOf(configured.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("uketsuke.sip.media-security must be REQUIRED, PREFERRED or OFF", e);
        }
    }

    /** Closed with the context: calls in progress are ended, their records closed. */
    @Bean(destroyMethod = "close")
    SipServer sipServer(SipSettings settings, Receptionist receptionist, ObjectProvider<PhoneDirectory> phones,
                        Clock clock) {
        return new SipServer(settings, receptionist, phones.getIfAvailable(() -> PhoneDirectory.NONE), clock);
    }

    @Bean(destroyMethod = "close")
    TelephonyMeters telephonyMeters(SipServer server, MeterRegistry meters) {
        return new TelephonyMeters(server, meters);
    }

    @Bean
    CallOutcomeMeter callOutcomeMeter(MeterRegistry meters) {
        return new CallOutcomeMeter(meters);
    }

    /** Where staff phones are registered: for transfers to them and for showing who is reachable. */
    @Bean
    Registrations registrations(SipServer server) {
        return server.registrations();
    }

    @Bean
    RevokedPhones revokedPhones(Registrations registrations) {
        return new RevokedPhones(registrations);
    }

    /** A removed phone, or one given a new password, loses its registrations at once. */
    static final class RevokedPhones {
        private final Registrations registrations;

        RevokedPhones(Registrations registrations) {
            this.registrations = registrations;
        }

        @EventListener
        void forget(StaffPhoneRevoked revoked) {
            registrations.forget(revoked.username());
        }
    }

    /**
     * Calls are taken only once the application is ready — after start-up work such as the demo
     * set-up — so no early caller is turned away as an unknown number.
     */
    @Bean
    ApplicationListener<ApplicationReadyEvent> startSipWhenReady(SipServer server) {
        return ready -> {
            try {
                server.start();
            } catch (IOException e) {
                throw new UncheckedIOException("SIP cannot listen (is the port taken? set UKETSUKE_SIP_PORT)", e);
            }
        };
    }
}

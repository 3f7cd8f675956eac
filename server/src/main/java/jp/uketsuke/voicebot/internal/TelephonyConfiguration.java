package jp.uketsuke.voicebot.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import jp.uketsuke.calls.CallJournal;
import jp.uketsuke.speech.SpeechEngines;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.telephony.RtpDropReason;
import jp.uketsuke.telephony.SipServer;
import jp.uketsuke.telephony.SipSettings;
import jp.uketsuke.telephony.SipTls;
import jp.uketsuke.telephony.TelephonyMetrics;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.CallFlows;
import jp.uketsuke.web.ServerCertificate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Puts the telephony module on the configured SIP port, with the receptionist deciding every call. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "uketsuke.sip.enabled", havingValue = "true", matchIfMissing = true)
class TelephonyConfiguration {

    @Bean
    SipSettings sipSettings(@Value("${uketsuke.sip.bind-address}") String bindAddress,
                            @Value("${uketsuke.sip.advertised-address}") String advertisedAddress,
                            @Value("${uketsuke.sip.port}") int port,
                            @Value("${uketsuke.rtp.port-min}") int rtpPortMin,
                            @Value("${uketsuke.rtp.port-max}") int rtpPortMax,
                            @Value("${uketsuke.rtp.timeout:30s}") Duration rtpTimeout,
                            SipTls tls) {
        return SipSettings.defaults()
                .withBindAddress(bindAddress)
                .withAdvertisedAddress(advertisedAddress)
                .withPort(port)
                .withRtpPorts(rtpPortMin, rtpPortMax)
                .withRtpTimeout(rtpTimeout)
                .withTls(tls);
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
    Receptionist receptionist(Tenants tenants, CallFlows flows, CallJournal journal, SpeechEngines speech,
                              Clock clock, @Value("${uketsuke.sip.media-security:PREFERRED}") String mediaSecurity) {
        return new Receptionist(tenants, flows, journal, new Voice(speech.synthesizer().orElse(null)),
                speech.recognizer().orElse(null), clock, mediaSecurity(mediaSecurity));
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
    SipServer sipServer(SipSettings settings, Receptionist receptionist, MeterRegistry meters) {
        SipServer server = new SipServer(settings, receptionist);
        gauge(meters, server, "uketsuke.calls.active", TelephonyMetrics::callsActive);
        gauge(meters, server, "uketsuke.calls.total", TelephonyMetrics::callsTotal);
        gauge(meters, server, "uketsuke.rtp.packets.in", TelephonyMetrics::rtpPacketsIn);
        gauge(meters, server, "uketsuke.rtp.packets.out", TelephonyMetrics::rtpPacketsOut);
        Gauge.builder("uketsuke.sip.tls.handshakes.failed", server, SipServer::tlsHandshakeFailures).register(meters);
        for (RtpDropReason reason : RtpDropReason.values()) {
            Gauge.builder("uketsuke.rtp.packets.dropped", server, s -> s.metrics().dropped(reason))
                    .tag("reason", reason.name().toLowerCase())
                    .register(meters);
        }
        return server;
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

    private static void gauge(MeterRegistry meters, SipServer server, String name,
                              ToDoubleFunction<TelephonyMetrics> value) {
        Gauge.builder(name, server, s -> value.applyAsDouble(s.metrics())).register(meters);
    }
}

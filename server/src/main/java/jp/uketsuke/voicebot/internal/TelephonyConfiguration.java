package jp.uketsuke.voicebot.internal;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.ToDoubleFunction;
import jp.uketsuke.calls.CallJournal;
import jp.uketsuke.speech.SpeechEngines;
import jp.uketsuke.telephony.RtpDropReason;
import jp.uketsuke.telephony.SipServer;
import jp.uketsuke.telephony.SipSettings;
import jp.uketsuke.telephony.TelephonyMetrics;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.CallFlows;
import jp.uketsuke.voicebot.TransferTargets;
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
                            @Value("${uketsuke.rtp.timeout:30s}") Duration rtpTimeout) {
        return SipSettings.defaults()
                .withBindAddress(bindAddress)
                .withAdvertisedAddress(advertisedAddress)
                .withPort(port)
                .withRtpPorts(rtpPortMin, rtpPortMax)
                .withRtpTimeout(rtpTimeout);
    }

    @Bean
    Receptionist receptionist(Tenants tenants, CallFlows flows, CallJournal journal, SpeechEngines speech,
                              Clock clock, TransferTargets transferTargets) {
        return new Receptionist(tenants, flows, journal, new Voice(speech.synthesizer().orElse(null)),
                speech.recognizer().orElse(null), clock, transferTargets);
    }

    /** Closed with the context: calls in progress are ended, their records closed. */
    @Bean(destroyMethod = "close")
    SipServer sipServer(SipSettings settings, Receptionist receptionist, MeterRegistry meters) {
        SipServer server = new SipServer(settings, receptionist);
        gauge(meters, server, "uketsuke.calls.active", TelephonyMetrics::callsActive);
        gauge(meters, server, "uketsuke.calls.total", TelephonyMetrics::callsTotal);
        gauge(meters, server, "uketsuke.rtp.packets.in", TelephonyMetrics::rtpPacketsIn);
        gauge(meters, server, "uketsuke.rtp.packets.out", TelephonyMetrics::rtpPacketsOut);
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

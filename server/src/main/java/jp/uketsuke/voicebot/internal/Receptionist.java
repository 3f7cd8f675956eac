package jp.uketsuke.voicebot.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import jp.uketsuke.calls.CallJournal;
import jp.uketsuke.speech.SpeechRecognizer;
import jp.uketsuke.telephony.Admission;
import jp.uketsuke.telephony.CallListener;
import jp.uketsuke.telephony.CallRequest;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.tenancy.TenantLine;
import jp.uketsuke.tenancy.TenantStatus;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.CallFlow;
import jp.uketsuke.voicebot.CallFlows;
import jp.uketsuke.voicebot.StandardFlows;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who answers each incoming call: the dialed number's tenant and its flow (F1, F9), and whether the
 * call's audio must be encrypted (the tenant's media security, else the platform default; S1).
 */
final class Receptionist implements CallListener {

    private static final Logger log = LoggerFactory.getLogger(Receptionist.class);

    private final Tenants tenants;
    private final CallFlows flows;
    private final CallJournal journal;
    private final Voice voice;
    private final SpeechRecognizer recognizer;
    private final Clock clock;
    private final MediaSecurity platformDefault;

    Receptionist(Tenants tenants, CallFlows flows, CallJournal journal, Voice voice, SpeechRecognizer recognizer,
                 Clock clock, MediaSecurity platformDefault) {
        this.tenants = tenants;
        this.flows = flows;
        this.journal = journal;
        this.voice = voice;
        this.recognizer = recognizer;
        this.clock = clock;
        this.platformDefault = platformDefault;
    }

    @Override
    public Admission onIncomingCall(CallRequest request) {
        Optional<TenantLine> line = tenants.lineFor(request.dialedNumber());
        if (line.isEmpty()) {
            log.info("Call {} rejected: number not in service", request.callId());
            return Admission.reject(404, "Not Found");
        }
        TenantLine tenant = line.get();
        CallFlow flow = flows.forTenant(tenant.tenantId()).orElseGet(() -> StandardFlows.forLanguage(tenant.language(), List.of()));
        MediaSecurity security = tenants.mediaSecurity(tenant.tenantId()).orElse(platformDefault);
        if (tenant.status() == TenantStatus.SUSPENDED) {
            log.info("Call {} for a suspended tenant: announcement", request.callId());
            return Admission.answer(new Announcement(flow.suspended(), flow.language(), voice), security);
        }
        return Admission.answer(new Conversation(tenant.tenantId(), flow, journal, voice, recognizer, clock), security);
    }
}

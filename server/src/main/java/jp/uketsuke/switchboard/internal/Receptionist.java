package jp.uketsuke.switchboard.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import jp.uketsuke.calls.CallJournal;
import jp.uketsuke.telephony.Admission;
import jp.uketsuke.telephony.CallListener;
import jp.uketsuke.telephony.CallOrigin;
import jp.uketsuke.telephony.CallRequest;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.tenancy.PhoneNumbers;
import jp.uketsuke.telephony.MediaSecurity;
import jp.uketsuke.tenancy.TenantLine;
import jp.uketsuke.tenancy.TenantStatus;
import jp.uketsuke.tenancy.Tenants;
import jp.uketsuke.voicebot.CallFlow;
import jp.uketsuke.voicebot.CompiledFlow;
import jp.uketsuke.voicebot.FlowServices;
import jp.uketsuke.voicebot.PromptRecordings;
import jp.uketsuke.voicebot.PublishedFlows;
import jp.uketsuke.voicebot.StandardFlows;
import jp.uketsuke.switchboard.TransferTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides who answers each incoming call: the dialed number's tenant and its flow (F1, F9), and whether the
 * call's audio must be encrypted (the tenant's media security, else the platform default; S1). The number's tenant
 * comes from the tenancy module; a trunk may only deliver the numbers in its configured ranges, and a staff phone
 * may only call its own tenant's numbers.
 */
final class Receptionist implements CallListener {

    private static final Logger log = LoggerFactory.getLogger(Receptionist.class);

    private final Tenants tenants;
    private final PublishedFlows flows;
    private final PromptAudio prompts;
    private final CallJournal journal;
    private final Voice voice;
    private final Hearing hearing;
    private final Clock clock;
    private final MediaSecurity platformDefault;
    private final TransferTargets transferTargets;
    private final FlowServices services;

    Receptionist(Tenants tenants, PublishedFlows flows, CallJournal journal, Voice voice, PromptRecordings recordings,
                 Hearing hearing, Clock clock, MediaSecurity platformDefault,
                 TransferTargets transferTargets, FlowServices services) {
        this.tenants = tenants;
        this.flows = flows;
        this.prompts = new PromptAudio(voice, recordings);
        this.journal = journal;
        this.voice = voice;
        this.hearing = hearing;
        this.clock = clock;
        this.platformDefault = platformDefault;
        this.transferTargets = transferTargets;
        this.services = services;
    }

    @Override
    public Admission onIncomingCall(CallRequest request) {
        String number = PhoneNumbers.normalise(request.dialedNumber());
        if (request.origin() instanceof CallOrigin.FromTrunk trunk && !trunk.delivers(number)) {
            log.info("Call {} refused: the trunk may not deliver that number", request.callId());
            return Admission.reject(403, "Forbidden");
        }
        Optional<TenantLine> line = tenants.lineFor(number);
        if (line.isEmpty()) {
            log.info("Call {} rejected: number not in service", request.callId());
            return Admission.reject(404, "Not Found");
        }
        TenantLine tenant = line.get();
        if (request.origin() instanceof CallOrigin.FromPhone phone
                && !phone.tenant().equals(tenant.tenantId().toString())) {
            log.info("Call {} refused: a staff phone calling another tenant's number", request.callId());
            return Admission.reject(403, "Forbidden");
        }
        MediaSecurity security = tenants.mediaSecurity(tenant.tenantId()).orElse(platformDefault);
        if (tenant.status() == TenantStatus.SUSPENDED) {
            log.info("Call {} for a suspended tenant: announcement", request.callId());
            CallFlow standard = StandardFlows.forLanguage(tenant.language(), List.of());
            return Admission.answer(new Announcement(standard.suspended(), standard.language(), voice), security);
        }
        // the version in use now: a publication during the call changes nothing for it
        CompiledFlow flow = flows.forCall(tenant.tenantId(), tenant.language());
        return Admission.answer(new FlowCall(tenant.tenantId(), flow, journal, prompts, hearing, clock,
                transferTargets, callerIdOf(tenant), services), security);
    }

    /** Staff (and a trunk's called party) see the tenant, never a caller's number we cannot vouch for (S4). */
    static CallerId callerIdOf(TenantLine tenant) {
        String name = tenant.tenantName() == null ? ""
                : tenant.tenantName().replaceAll("[\\p{Cntrl}\"\\\\]", "").strip();
        String number = tenant.number() != null && tenant.number().matches("\\+?[0-9]{1,32}") ? tenant.number() : "0";
        return new CallerId(name.length() > 64 ? name.substring(0, 64) : name, number);
    }
}

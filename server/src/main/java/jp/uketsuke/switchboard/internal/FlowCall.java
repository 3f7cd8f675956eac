package jp.uketsuke.switchboard.internal;

import java.time.Clock;
import java.util.UUID;
import jp.uketsuke.calls.CallJournal;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.switchboard.TransferTargets;
import jp.uketsuke.telephony.Call;
import jp.uketsuke.telephony.CallSession;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.tenancy.PhoneNumbers;
import jp.uketsuke.voicebot.CallFacts;
import jp.uketsuke.voicebot.CompiledFlow;
import jp.uketsuke.voicebot.FlowRun;
import jp.uketsuke.voicebot.FlowServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One answered call run through the tenant's published flow: the record is opened with the flow's version, the
 * recording runs throughout, every turn is written as it happens (a crash keeps it), and the record is closed with
 * the run's outcome, whatever happens — which publishes the call's events.
 */
final class FlowCall implements CallSession {

    private static final Logger log = LoggerFactory.getLogger(FlowCall.class);
    private static final int MAX_PURPOSE_CHARS = 2000;

    private final UUID tenantId;
    private final CompiledFlow flow;
    private final CallJournal journal;
    private final PromptAudio prompts;
    private final Hearing hearing;
    private final Clock clock;
    private final TransferTargets transferTargets;
    private final CallerId callerId;
    private final FlowServices services;

    FlowCall(UUID tenantId, CompiledFlow flow, CallJournal journal, PromptAudio prompts, Hearing hearing,
             Clock clock, TransferTargets transferTargets, CallerId callerId, FlowServices services) {
        this.tenantId = tenantId;
        this.flow = flow;
        this.journal = journal;
        this.prompts = prompts;
        this.hearing = hearing;
        this.clock = clock;
        this.transferTargets = transferTargets;
        this.callerId = callerId;
        this.services = services;
    }

    @Override
    public void run(Call call) throws Exception {
        String caller = call.request().callerNumber();
        UUID callId = journal.open(tenantId, caller, call.request().dialedNumber(), call.answeredAt(), flow.version());
        RecordingPump recording = new RecordingPump(callId.toString(), journal.openRecording(callId, call.sampleRate()));
        call.record(recording);
        CallOutcome outcome = CallOutcome.CALLER_HUNG_UP;
        try {
            PhoneLine line = new PhoneLine(call, tenantId, prompts, hearing, clock,
                    (speaker, offset, text) -> journal.addTurn(callId, speaker, offset, text), transferTargets,
                    callerId, flow.vocabulary());
            String number = PhoneNumbers.normalise(caller);
            FlowRun run = flow.run(line, new CallFacts(tenantId, number.isEmpty() ? null : number,
                    call.request().dialedNumber(), callId), services, clock);
            outcome = run.outcome();
            if (run.purpose() != null && !run.purpose().isBlank()) {
                String purpose = run.purpose();
                journal.setPurpose(callId, purpose.length() > MAX_PURPOSE_CHARS
                        ? purpose.substring(0, MAX_PURPOSE_CHARS) : purpose);
            }
        } finally {
            call.hangup();
            recording.awaitWritten();
            journal.close(callId, clock.instant(), outcome);
            log.info("Call {} (record {}, flow v{}) ended: {}", call.request().callId(), callId, flow.version(),
                    outcome);
        }
    }
}

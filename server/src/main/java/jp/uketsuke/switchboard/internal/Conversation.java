package jp.uketsuke.switchboard.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.calls.CallJournal;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Recognition;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.SpeechRecognizer;
import jp.uketsuke.speech.UtteranceDetector;
import jp.uketsuke.speech.Vocabulary;
import jp.uketsuke.telephony.Call;
import jp.uketsuke.telephony.CallSession;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.MediaEvent;
import jp.uketsuke.telephony.Playback;
import jp.uketsuke.voicebot.CallFlow;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.StaffTransfer;
import jp.uketsuke.switchboard.TransferTargets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One caller's conversation with the bot (F2, F3, F5): greet, ask what they want, answer from the FAQ
 * while they keep asking, hand them to staff when they ask for someone (and the flow says who), otherwise
 * take a message; say goodbye and hang up. Everything said on
 * both sides goes into the call's record as it happens, so a crash keeps it.
 */
final class Conversation implements CallSession {

    private static final Logger log = LoggerFactory.getLogger(Conversation.class);

    /** How long the caller may stay silent after a question before we ask again. */
    private static final Duration ANSWER_WAIT = Duration.ofSeconds(7);
    private static final Duration MESSAGE_WAIT = Duration.ofSeconds(10);
    private static final int MAX_QUESTIONS = 5;

    private final UUID tenantId;
    private final CallFlow flow;
    private final CallJournal journal;
    private final Voice voice;
    private final SpeechRecognizer recognizer;
    private final Clock clock;
    private final FaqMatcher faq;
    private final Vocabulary vocabulary;
    private final TransferTargets transferTargets;
    private final CallerId callerId;

    private Call call;
    private UUID callId;
    private UtteranceDetector detector;
    private CallOutcome outcome = CallOutcome.CALLER_HUNG_UP;

    /**
     * @param recognizer null when no engine is available: the caller then uses the keypad
     * @param callerId   what staff's phone (or the trunk) shows for a bridged transfer: the tenant's name and number
     */
    Conversation(UUID tenantId, CallFlow flow, CallJournal journal, Voice voice, SpeechRecognizer recognizer,
                 Clock clock, TransferTargets transferTargets, CallerId callerId) {
        this.tenantId = tenantId;
        this.transferTargets = transferTargets;
        this.callerId = callerId;
        this.flow = flow;
        this.journal = journal;
        this.voice = voice;
        this.recognizer = recognizer;
        this.clock = clock;
        this.faq = new FaqMatcher(flow.language(), flow.faq());
        this.vocabulary = vocabularyOf(flow);
    }

    static Vocabulary vocabularyOf(CallFlow flow) {
        List<String> phrases = new ArrayList<>();
        flow.faq().forEach(e -> phrases.addAll(e.phrases()));
        phrases.addAll(flow.messagePhrases());
        phrases.addAll(flow.closingPhrases());
        if (flow.transfer() != null) {
            phrases.addAll(flow.transfer().phrases());
        }
        return new Vocabulary(flow.language(), phrases);
    }

    @Override
    public void run(Call call) throws Exception {
        this.call = call;
        this.detector = new UtteranceDetector(call.sampleRate());
        this.callId = journal.open(tenantId, call.request().callerNumber(), call.request().dialedNumber(),
                call.answeredAt());
        RecordingPump recording = new RecordingPump(callId.toString(), journal.openRecording(callId, call.sampleRate()));
        call.record(recording);
        try {
            converse();
        } finally {
            call.hangup();
            recording.awaitWritten();
            journal.close(callId, clock.instant(), outcome);
            log.info("Call {} (record {}) ended: {}", call.request().callId(), callId, outcome);
        }
    }

    private void converse() throws InterruptedException {
        say(flow.greeting());
        String question = flow.question();
        boolean answeredBefore = false;
        for (int asked = 0; asked < MAX_QUESTIONS && call.isActive(); asked++) {
            Heard heard = ask(question, ANSWER_WAIT, vocabulary);
            switch (heard) {
                case Heard.Ended ended -> {
                    return;
                }
                case Heard.Silence silence -> {
                    if (answeredBefore || asked > 0) {
                        say(flow.goodbye());
                        return;
                    }
                    question = flow.question();
                }
                case Heard.Key key -> {
                    if (flow.transfer() != null && key.digit() == flow.transfer().digit()) {
                        transferToStaff();
                        return;
                    }
                    Optional<FaqEntry> entry = flow.faq().stream()
                            .filter(e -> e.digit() != null && e.digit() == key.digit()).findFirst();
                    if (key.digit() == flow.messageDigit() || entry.isEmpty()) {
                        takeMessage();
                        return;
                    }
                    answer(entry.get());
                    answeredBefore = true;
                    question = flow.anythingElse();
                }
                case Heard.Words words -> {
                    if (answeredBefore && faq.saidAny(words.text(), flow.closingPhrases())) {
                        say(flow.goodbye());
                        return;
                    }
                    if (flow.transfer() != null && faq.saidAny(words.text(), flow.transfer().phrases())) {
                        transferToStaff();
                        return;
                    }
                    Optional<FaqEntry> entry = faq.match(words.text());
                    if (entry.isEmpty() || faq.saidAny(words.text(), flow.messagePhrases())) {
                        takeMessage();
                        return;
                    }
                    answer(entry.get());
                    answeredBefore = true;
                    question = flow.anythingElse();
                }
            }
        }
        if (call.isActive()) {
            say(flow.goodbye());
        }
    }

    private void answer(FaqEntry entry) throws InterruptedException {
        outcome = CallOutcome.FAQ_ANSWERED;
        say(entry.answer());
    }

    /**
     * The caller asked for staff: bridged or blind as the flow says. When nobody could be reached, the bot says so
     * and takes a message instead.
     */
    private void transferToStaff() throws InterruptedException {
        StaffTransfer transfer = flow.transfer();
        Optional<Destination> staff = transfer.extension() != null
                ? transferTargets.staffPhone(tenantId, transfer.extension())
                : transferTargets.number(tenantId, call.request().dialedNumber(), transfer.number());
        if (staff.isEmpty()) {
            mark("[TRANSFER: no staff phone reachable]");
        } else {
            say(transfer.connectingPrompt());
            if (!call.isActive()) {
                return;
            }
            Handover.Result result = transfer.mode() == StaffTransfer.Mode.BLIND
                    ? Handover.blind(call, staff.get(), this::mark)
                    : Handover.bridged(call, staff.get(), callerId, Duration.ofSeconds(transfer.noAnswerSeconds()),
                            this::mark);
            if (result.handedOver()) {
                outcome = CallOutcome.TRANSFERRED;
                return;
            }
            if (result.callerLeft()) {
                return;
            }
        }
        say(transfer.unavailablePrompt());
        takeMessage();
    }

    /** A step of the call that is not speech (a transfer), in the transcript where it happened. */
    private void mark(String marker) {
        journal.addTurn(callId, Speaker.BOT, sinceAnswer(), marker);
    }

    private void takeMessage() throws InterruptedException {
        Heard message = ask(flow.messagePrompt(), MESSAGE_WAIT, new Vocabulary(flow.language(), List.of()));
        if (message instanceof Heard.Ended) {
            return;
        }
        if (message instanceof Heard.Words || message instanceof Heard.Key) {
            outcome = CallOutcome.MESSAGE_TAKEN;
        }
        say(flow.messageThanks());
        say(flow.goodbye());
    }

    /**
     * Plays a prompt to the end, or until the caller hangs up. What the caller says or presses
     * meanwhile stays queued for the next question, so a key pressed during the greeting counts.
     */
    private void say(String text) throws InterruptedException {
        if (!call.isActive()) {
            return;
        }
        journal.addTurn(callId, Speaker.BOT, sinceAnswer(), text);
        call.play(voice.speak(text, flow.language(), call.sampleRate())).await();
    }

    /**
     * Plays a question and listens: the caller may speak or press a key while it plays (barge-in
     * stops the prompt), and has {@code wait} after it ends to begin.
     */
    private Heard ask(String prompt, Duration wait, Vocabulary expected) throws InterruptedException {
        if (!call.isActive()) {
            return new Heard.Ended();
        }
        journal.addTurn(callId, Speaker.BOT, sinceAnswer(), prompt);
        detector.reset();
        Playback playback = call.play(voice.speak(prompt, flow.language(), call.sampleRate()));
        Instant deadline = null;
        while (true) {
            if (deadline == null && playback.isDone()) {
                deadline = clock.instant().plus(wait);
            }
            if (deadline != null && !detector.isSpeaking() && clock.instant().isAfter(deadline)) {
                return new Heard.Silence();
            }
            MediaEvent event = call.next(Duration.ofMillis(100));
            switch (event) {
                case null -> {
                }
                case MediaEvent.Ended ended -> {
                    return new Heard.Ended();
                }
                case MediaEvent.Digit digit -> {
                    call.stopPlayback();
                    journal.addTurn(callId, Speaker.CALLER, sinceAnswer(), "[DTMF " + digit.digit() + "]");
                    return new Heard.Key(digit.digit());
                }
                case MediaEvent.Audio audio -> {
                    if (recognizer == null) {
                        continue; // keypad only
                    }
                    Optional<AudioClip> utterance = detector.accept(audio.samples());
                    if (detector.isSpeaking() && !playback.isDone()) {
                        call.stopPlayback();
                    }
                    if (utterance.isPresent()) {
                        Duration spokenAt = sinceAnswer().minus(utterance.get().duration());
                        Recognition heard = recognise(utterance.get(), expected);
                        if (!heard.isEmpty()) {
                            journal.addTurn(callId, Speaker.CALLER, spokenAt.isNegative() ? Duration.ZERO : spokenAt,
                                    heard.text());
                            return new Heard.Words(heard.text());
                        }
                        // Noise or words we could not make out: keep listening within the same wait.
                    }
                }
            }
        }
    }

    private Recognition recognise(AudioClip utterance, Vocabulary expected) {
        try {
            return recognizer.recognize(utterance, expected);
        } catch (SpeechException e) {
            log.warn("Recognition failed on call {}: {}", callId, e.getMessage());
            return Recognition.NOTHING;
        }
    }

    private Duration sinceAnswer() {
        Duration d = Duration.between(call.answeredAt(), clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** What came back from the caller after a question. */
    private sealed interface Heard {
        record Words(String text) implements Heard {
        }

        record Key(char digit) implements Heard {
        }

        record Silence() implements Heard {
        }

        record Ended() implements Heard {
        }
    }
}

package jp.uketsuke.switchboard.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Recognition;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.SpeechRecognizer;
import jp.uketsuke.speech.UtteranceDetector;
import jp.uketsuke.speech.Vocabulary;
import jp.uketsuke.switchboard.TransferTargets;
import jp.uketsuke.telephony.Call;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.MediaEvent;
import jp.uketsuke.telephony.Playback;
import jp.uketsuke.voicebot.Heard;
import jp.uketsuke.voicebot.Line;
import jp.uketsuke.voicebot.Listening;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.StaffCall;
import jp.uketsuke.voicebot.TransferTo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The flow engine's {@link Line} over a phone call: prompts become audio (synthesised or recorded), the caller's
 * speech becomes text (when a recogniser is installed; otherwise the keypad alone works), keys come by RFC 4733,
 * transfers go over SIP. A caller may interrupt any prompt by speaking or pressing a key (barge-in); what they said
 * is the answer to the next question. Every turn goes into the transcript as it happens.
 */
final class PhoneLine implements Line {

    private static final Logger log = LoggerFactory.getLogger(PhoneLine.class);
    /** How long a caller may take to start a message after the prompt. */
    private static final Duration MESSAGE_START = Duration.ofSeconds(10);
    /** A pause this long ends a message (shorter pauses are the caller thinking). */
    private static final Duration MESSAGE_END_SILENCE = Duration.ofSeconds(3);

    /** Where the call's turns are written: the call record's transcript. */
    interface Transcript {
        void add(Speaker speaker, Duration offset, String text);
    }

    private final Call call;
    private final UUID tenantId;
    private final PromptAudio prompts;
    private final SpeechRecognizer recognizer;
    private final Clock clock;
    private final Transcript transcript;
    private final TransferTargets transferTargets;
    private final CallerId callerId;
    private final List<String> flowVocabulary;
    private final UtteranceDetector detector;
    /** What the caller said or pressed while a prompt played, kept for the next question. */
    private Heard interrupted;

    /**
     * @param hearing  the recogniser (none: the caller uses the keypad) and the silence that ends a turn
     * @param callerId what staff's phone (or the trunk) shows for a bridged transfer: the tenant's name and number
     */
    PhoneLine(Call call, UUID tenantId, PromptAudio prompts, Hearing hearing, Clock clock,
              Transcript transcript, TransferTargets transferTargets, CallerId callerId, List<String> flowVocabulary) {
        this.call = call;
        this.tenantId = tenantId;
        this.prompts = prompts;
        this.recognizer = hearing.recognizer();
        this.clock = clock;
        this.transcript = transcript;
        this.transferTargets = transferTargets;
        this.callerId = callerId;
        this.flowVocabulary = List.copyOf(flowVocabulary);
        this.detector = hearing.turns(call.sampleRate());
    }

    @Override
    public void say(Prompt prompt, String language) throws InterruptedException {
        if (!call.isActive()) {
            return;
        }
        Playback playback = play(prompt, language);
        Vocabulary vocabulary = new Vocabulary(language, flowVocabulary);
        // a caller who starts speaking stops the prompt; their whole utterance is heard here, from its first word
        while (interrupted == null && (!playback.isDone() || detector.isSpeaking())) {
            Heard heard = hear(call.next(Duration.ofMillis(100)), playback, vocabulary);
            if (heard instanceof Heard.Ended) {
                return;
            }
            if (heard != null) {
                interrupted = heard;
            }
        }
        if (interrupted == null) {
            playback.await();
        }
    }

    @Override
    public Heard listen(Prompt prompt, String language, Listening listening) throws InterruptedException {
        if (interrupted != null) {
            Heard answer = interrupted;
            interrupted = null;
            return answer; // they answered before we asked: the question is not played
        }
        if (!call.isActive()) {
            return new Heard.Ended();
        }
        if (!detector.isSpeaking()) {
            detector.reset(); // never in the middle of what the caller is saying
        }
        Playback playback = prompt == null ? null : play(prompt, language);
        Vocabulary vocabulary = new Vocabulary(language, listening.phrases());
        Instant deadline = null;
        while (true) {
            if (deadline == null && (playback == null || playback.isDone())) {
                deadline = clock.instant().plus(listening.timeout());
            }
            if (deadline != null && !detector.isSpeaking() && clock.instant().isAfter(deadline)) {
                return new Heard.Silence();
            }
            Heard heard = hear(call.next(Duration.ofMillis(100)), playback, vocabulary);
            if (heard != null) {
                return heard;
            }
        }
    }

    @Override
    public Heard takeMessage(Prompt prompt, String language, Duration max) throws InterruptedException {
        interrupted = null; // a message starts after its prompt, not with what was said over an earlier one
        if (!call.isActive()) {
            return new Heard.Ended();
        }
        UtteranceDetector message = new UtteranceDetector(call.sampleRate(),
                UtteranceDetector.Settings.defaults().withTrailingSilence(Duration.ofMillis(1200))
                        .withMaxUtterance(max.compareTo(Duration.ofSeconds(120)) > 0 ? Duration.ofSeconds(120) : max));
        Playback playback = play(prompt, language);
        playback.await();
        Vocabulary open = new Vocabulary(language, List.of());
        List<String> words = new ArrayList<>();
        boolean spoke = false;
        Instant started = clock.instant();
        Instant lastSpeech = null;
        while (call.isActive()) {
            Instant now = clock.instant();
            boolean over = now.isAfter(started.plus(max));
            boolean waitedTooLong = lastSpeech == null ? now.isAfter(started.plus(MESSAGE_START))
                    : !message.isSpeaking() && now.isAfter(lastSpeech.plus(MESSAGE_END_SILENCE));
            if (over || waitedTooLong) {
                message.flush().ifPresent(clip -> recognise(clip, open).ifPresent(words::add));
                break;
            }
            MediaEvent event = call.next(Duration.ofMillis(100));
            if (event instanceof MediaEvent.Ended) {
                break;
            }
            if (event instanceof MediaEvent.Digit digit && !spoke) {
                transcript.add(Speaker.CALLER, sinceAnswer(), "[DTMF " + digit.digit() + "]");
                return new Heard.Key(digit.digit());
            }
            if (event instanceof MediaEvent.Audio audio) {
                Optional<AudioClip> utterance = message.accept(audio.samples());
                if (message.isSpeaking()) {
                    spoke = true;
                    lastSpeech = clock.instant();
                }
                utterance.ifPresent(clip -> recognise(clip, open).ifPresent(text -> {
                    words.add(text);
                    transcript.add(Speaker.CALLER, sinceAnswer().minus(clip.duration()), text);
                }));
            }
        }
        if (!words.isEmpty()) {
            return new Heard.Words(String.join(" ", words));
        }
        if (spoke) {
            // the recording holds it even when no words were made out (or no recogniser is installed)
            transcript.add(Speaker.CALLER, sinceAnswer(), "[message recorded]");
            return new Heard.Words("[message recorded]");
        }
        return call.isActive() ? new Heard.Silence() : new Heard.Ended();
    }

    @Override
    public StaffCall.Result transfer(StaffCall staffCall) throws InterruptedException {
        TransferTo to = staffCall.to();
        Optional<Destination> staff = to.kind() == TransferTo.Kind.NUMBER
                ? transferTargets.number(tenantId, call.request().dialedNumber(), to.value())
                : transferTargets.staffPhone(tenantId, to.value());
        if (staff.isEmpty()) {
            note("[TRANSFER: " + describe(to) + " not reachable]");
            return StaffCall.Result.UNREACHABLE;
        }
        if (staffCall.announce() != null) {
            interrupted = null;
            play(staffCall.announce(), staffCall.language()).await();
        }
        if (!call.isActive()) {
            return StaffCall.Result.CALLER_LEFT;
        }
        Handover.Result result = staffCall.mode() == Node.Transfer.Mode.BLIND
                ? Handover.blind(call, staff.get(), this::note)
                : Handover.bridged(call, staff.get(), callerId, staffCall.noAnswer(), this::note);
        if (result.handedOver()) {
            return StaffCall.Result.HANDED_OVER;
        }
        return result.callerLeft() ? StaffCall.Result.CALLER_LEFT : StaffCall.Result.NOT_ANSWERED;
    }

    @Override
    public void note(String step) {
        transcript.add(Speaker.BOT, sinceAnswer(), step);
    }

    @Override
    public boolean isActive() {
        return call.isActive();
    }

    private Playback play(Prompt prompt, String language) {
        transcript.add(Speaker.BOT, sinceAnswer(), prompt.transcriptText());
        return call.play(prompts.audio(tenantId, prompt, language, call.sampleRate()));
    }

    /**
     * One media event while a prompt plays or after it: a key or a finished utterance is the caller's answer (the
     * prompt stops at once); speech starting stops the prompt (barge-in); null while nothing is decided yet.
     */
    private Heard hear(MediaEvent event, Playback playback, Vocabulary vocabulary) {
        switch (event) {
            case null -> {
                return null;
            }
            case MediaEvent.Ended ended -> {
                return new Heard.Ended();
            }
            case MediaEvent.Digit digit -> {
                call.stopPlayback();
                transcript.add(Speaker.CALLER, sinceAnswer(), "[DTMF " + digit.digit() + "]");
                return new Heard.Key(digit.digit());
            }
            case MediaEvent.Audio audio -> {
                if (recognizer == null) {
                    return null; // keypad only
                }
                Optional<AudioClip> utterance = detector.accept(audio.samples());
                if (detector.isSpeaking() && playback != null && !playback.isDone()) {
                    call.stopPlayback();
                }
                if (utterance.isEmpty()) {
                    return null;
                }
                Duration spokenAt = sinceAnswer().minus(utterance.get().duration());
                Optional<String> text = recognise(utterance.get(), vocabulary);
                // noise or words we could not make out: keep listening within the same wait
                text.ifPresent(t -> transcript.add(Speaker.CALLER, spokenAt.isNegative() ? Duration.ZERO : spokenAt, t));
                return text.<Heard>map(Heard.Words::new).orElse(null);
            }
        }
    }

    private Optional<String> recognise(AudioClip utterance, Vocabulary vocabulary) {
        if (recognizer == null) {
            return Optional.empty();
        }
        try {
            Recognition heard = recognizer.recognize(utterance, vocabulary);
            return heard.isEmpty() ? Optional.empty() : Optional.of(heard.text());
        } catch (SpeechException e) {
            log.warn("Recognition failed on call {}: {}", call.request().callId(), e.getMessage());
            return Optional.empty();
        }
    }

    private Duration sinceAnswer() {
        Duration d = Duration.between(call.answeredAt(), clock.instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static String describe(TransferTo to) {
        return switch (to.kind()) {
            case EXTENSION -> "extension " + to.value();
            case DEPARTMENT -> "department " + to.value();
            // an outside number may be a person's: the transcript says a number was tried, not which
            case NUMBER -> "outside number";
        };
    }
}

package jp.uketsuke.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import jp.uketsuke.calls.CallOutcome;
import jp.uketsuke.calls.Speaker;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.SpeechEngines;
import jp.uketsuke.speech.SpeechRecognizer;
import jp.uketsuke.speech.SpeechSettings;
import jp.uketsuke.speech.espeak.EspeakSynthesizer;
import jp.uketsuke.switchboard.TransferTargets;
import jp.uketsuke.telephony.CallerId;
import jp.uketsuke.telephony.Destination;
import jp.uketsuke.telephony.MediaEvent;
import jp.uketsuke.voicebot.CallFacts;
import jp.uketsuke.voicebot.CompiledFlow;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowRun;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.TransferTo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The flow engine on a phone line over an in-memory telephony {@link jp.uketsuke.telephony.Call}: keys and speech
 * (espeak-ng's voice, recognised by pocketsphinx) reach the engine, a caller interrupts prompts, silence and hang-up
 * are noticed, messages end at their maximum length, and every turn is written. No SIP, no Spring.
 */
class PhoneLineTest {

    private static final UUID TENANT = UUID.randomUUID();
    private static SpeechEngines speech;
    private static EspeakSynthesizer caller;

    /** Chimes stand in for the bot's prompts: what the tests look at is what the engine hears and does. */
    private final Voice voice = new Voice(null);
    private final List<String> transcript = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void engines() {
        speech = SpeechEngines.create(SpeechSettings.defaults().withRecognizer("pocketsphinx")
                .withSynthesizer("none", null));
        caller = new EspeakSynthesizer(EspeakSynthesizer.Config.defaults());
    }

    @AfterAll
    static void close() {
        speech.close();
    }

    private FlowRun run(Flow flow, MemoryCall call, SpeechRecognizer recognizer) throws InterruptedException {
        TransferTargets nobody = new TransferTargets() {
            @Override
            public Optional<Destination> staffPhone(UUID tenantId, String extension) {
                return Optional.empty();
            }

            @Override
            public Optional<Destination> number(UUID tenantId, String line, String number) {
                return Optional.empty();
            }
        };
        CompiledFlow compiled = CompiledFlow.of(1, flow);
        // these flows speak text only: no store of recorded prompts is asked
        PhoneLine line = new PhoneLine(call, TENANT, new PromptAudio(voice, null),
                new Hearing(recognizer, Hearing.DEFAULT_END_OF_TURN), Clock.systemUTC(),
                (speaker, offset, text) -> transcript.add(speaker + ": " + text), nobody, new CallerId("Test", "0"),
                compiled.vocabulary());
        return compiled.run(line, new CallFacts(TENANT, "09012345678", "0500000000"), Clock.systemUTC());
    }

    private static Flow flow(List<FaqEntry> faq, Node... nodes) {
        return new Flow("en-US", null, List.of(nodes), faq, List.of(), null);
    }

    private static short[] spoken(String words) {
        return Resampler.resample(caller.synthesize(words, "en-US"), 8000).samples();
    }

    @Test
    void aKeyPressedDuringAPromptStopsItAndAnswersTheNextQuestionUnasked() throws Exception {
        Flow flow = flow(List.of(), new Node.Say("greeting", Prompt.text("Welcome to a long greeting."), "menu"),
                new Node.Menu("menu", Prompt.text("Press 1 for hours."), List.of(
                        new Node.Menu.Option("1", List.of(), "hours")), 1, 2, null, "bye", "bye"),
                new Node.Hangup("hours", Prompt.text("We open at nine.")), new Node.Hangup("bye", null));
        MemoryCall call = new MemoryCall().whenPromptStarts(1, new MediaEvent.Digit('1'));
        FlowRun run = run(flow, call, null);
        assertThat(run.visited()).containsExactly("greeting", "menu", "hours");
        assertThat(call.stops()).as("the greeting was cut short").isPositive();
        assertThat(transcript).containsExactly("BOT: Welcome to a long greeting.", "CALLER: [DTMF 1]",
                "BOT: We open at nine.");
    }

    @Test
    void aSpokenQuestionIsRecognisedAndAnsweredFromTheFaq() throws Exception {
        FaqEntry hours = new FaqEntry("hours", List.of("what are your business hours", "when are you open"),
                "We are open from nine to six.", null);
        Flow flow = flow(List.of(hours), new Node.Hear("ask", Prompt.text("How can I help?"), null, 5, "faq", "bye"),
                new Node.Faq("faq", Prompt.text("Your question?"), null, 1, 5, "bye", "bye"),
                new Node.Hangup("bye", Prompt.text("Goodbye.")));
        MemoryCall call = new MemoryCall().whenPromptStarts(1, MemoryCall.saying(spoken("what are your business hours")));
        FlowRun run = run(flow, call, speech.recognizer().orElseThrow());
        assertThat(run.outcome()).isEqualTo(CallOutcome.FAQ_ANSWERED);
        assertThat(run.purpose()).contains("business hours");
        assertThat(transcript).contains("BOT: We are open from nine to six.").anyMatch(t -> t.startsWith("CALLER: "));
    }

    @Test
    void aQuestionAskedOverAPromptIsHeardWholeAndAnswersTheNextQuestionUnasked() throws Exception {
        FaqEntry hours = new FaqEntry("hours", List.of("what are your business hours"), "From nine to six.", null);
        Flow flow = flow(List.of(hours), new Node.Say("greeting", Prompt.text("A long greeting."), "ask"),
                new Node.Hear("ask", Prompt.text("How can I help?"), null, 3, "faq", "bye"),
                new Node.Faq("faq", Prompt.text("Your question?"), null, 1, 3, "bye", "bye"),
                new Node.Hangup("bye", null));
        MemoryCall call = new MemoryCall().whenPromptStarts(1, MemoryCall.saying(spoken("what are your business hours")));
        FlowRun run = run(flow, call, speech.recognizer().orElseThrow());
        assertThat(transcript).as("the caller answered before the question: it is not asked")
                .doesNotContain("BOT: How can I help?").contains("BOT: From nine to six.");
        assertThat(run.purpose()).isEqualTo("what are your business hours");
    }

    @Test
    void silenceIsAskedAgainThenRoutedAsNoInput() throws Exception {
        Flow flow = flow(List.of(), new Node.Menu("menu", Prompt.text("Press 1."), List.of(
                        new Node.Menu.Option("1", List.of(), "one")), 1, 1, Prompt.text("Please press 1."), "silent",
                        "silent"),
                new Node.Hangup("one", null), new Node.Hangup("silent", Prompt.text("We did not hear you.")));
        MemoryCall call = new MemoryCall();
        FlowRun run = run(flow, call, null);
        assertThat(run.visited()).containsExactly("menu", "silent");
        assertThat(transcript).containsExactly("BOT: Press 1.", "BOT: Please press 1.", "BOT: We did not hear you.");
        assertThat(run.outcome()).isEqualTo(CallOutcome.COMPLETED);
    }

    @Test
    void aCallerHangingUpDuringAPromptEndsTheRun() throws Exception {
        Flow flow = flow(List.of(), new Node.Say("greeting", Prompt.text("Hello."), "menu"),
                new Node.Menu("menu", Prompt.text("Press 1."), List.of(new Node.Menu.Option("1", List.of(), "bye")), 3,
                        5, null, "bye", "bye"), new Node.Hangup("bye", null));
        FlowRun run = run(flow, new MemoryCall().whenPromptStarts(1, new MediaEvent.Ended("bye")), null);
        assertThat(run.visited()).containsExactly("greeting");
        assertThat(run.outcome()).isEqualTo(CallOutcome.CALLER_HUNG_UP);
    }

    @Test
    void aMessageEndsAtItsMaximumLengthAndIsKeptWithoutARecogniser() throws Exception {
        Flow flow = flow(List.of(), new Node.Message("message", Prompt.text("Leave a message."), 5,
                Prompt.text("Thank you."), null));
        short[] talk = new short[8000 * 8];
        for (int i = 0; i < talk.length; i++) {
            // a voice-like tone that never pauses: only the maximum length can end it
            talk[i] = (short) (6000 * Math.sin(2 * Math.PI * 180 * i / 8000.0) * (0.6 + 0.4 * Math.sin(i / 400.0)));
        }
        MemoryCall call = new MemoryCall();
        call.whenPromptStarts(1, realTime(talk));
        long started = System.nanoTime();
        FlowRun run = run(flow, call, null);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(8));
        assertThat(run.outcome()).isEqualTo(CallOutcome.MESSAGE_TAKEN);
        assertThat(transcript).contains("CALLER: [message recorded]", "BOT: Thank you.");
    }

    @Test
    void aTransferNobodyCanTakeFallsBackToItsNextNode() throws Exception {
        Flow flow = flow(List.of(), new Node.Transfer("staff", TransferTo.extension("201"), null, 5,
                        Prompt.text("Connecting."), Prompt.text("Nobody is free."), "bye"),
                new Node.Hangup("bye", Prompt.text("Goodbye.")));
        FlowRun run = run(flow, new MemoryCall(), null);
        assertThat(run.visited()).containsExactly("staff", "bye");
        assertThat(transcript).containsExactly("BOT: [TRANSFER: extension 201 not reachable]", "BOT: Nobody is free.",
                "BOT: Goodbye.");
        assertThat(run.values()).containsEntry("transfer", "unavailable");
    }

    @Test
    void japaneseSpeechOverAPromptStopsIt() throws Exception {
        short[] japanese;
        try (SpeechEngines voices = SpeechEngines.create(SpeechSettings.defaults().withRecognizer("none"))) {
            // Open JTalk speaks the caller here: what barge-in must notice is Japanese speech, whatever is recognised
            japanese = Resampler.resample(voices.synthesizer().orElseThrow()
                    .synthesize("すみません、予約の変更をお願いしたいのですが。", "ja-JP"), 8000).samples();
        }
        Flow flow = flow(List.of(), new Node.Say("greeting", Prompt.text("A long greeting the caller talks over."),
                        "ask"), new Node.Hear("ask", Prompt.text("How can I help?"), null, 2, "bye", "bye"),
                new Node.Hangup("bye", null));
        MemoryCall call = new MemoryCall().whenPromptStarts(1, MemoryCall.saying(japanese));
        run(flow, call, speech.recognizer().orElseThrow());
        assertThat(call.stops()).as("the greeting stopped when the caller spoke").isPositive();
    }

    /** Audio frames that arrive as a caller speaks them: the memory call hands them out as fast as asked. */
    private static MediaEvent[] realTime(short[] audio) {
        MediaEvent[] frames = MemoryCall.saying(audio);
        return java.util.Arrays.copyOf(frames, frames.length - 50);
    }
}

package jp.uketsuke.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.SpeechSynthesizer;
import jp.uketsuke.speech.espeak.EspeakSynthesizer;
import jp.uketsuke.voicebot.CallFlow;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.StaffTransfer;
import jp.uketsuke.voicebot.StandardFlows;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The bot's voice with the real espeak-ng: prompts are made once, shared by the calls that want them at once. */
@Timeout(120)
class VoiceTest {

    private static final String GREETING = "Thank you for calling.";

    /** The real engine, counting how often it is asked; {@code failFirst} makes the first request fail. */
    private static final class CountingEspeak implements SpeechSynthesizer {
        final AtomicInteger requests = new AtomicInteger();
        private final EspeakSynthesizer espeak = new EspeakSynthesizer(EspeakSynthesizer.Config.defaults());
        private final boolean failFirst;

        CountingEspeak(boolean failFirst) {
            this.failFirst = failFirst;
        }

        @Override
        public AudioClip synthesize(String text, String language) {
            if (requests.incrementAndGet() == 1 && failFirst) {
                throw new SpeechException("engine not ready");
            }
            return espeak.synthesize(text, language);
        }
    }

    @Test
    void callsAskingForTheSamePromptAtOnceShareOneSynthesis() throws Exception {
        CountingEspeak engine = new CountingEspeak(false);
        Voice voice = new Voice(engine);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<short[]>> calls = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                calls.add(callers.submit(() -> {
                    start.await();
                    return voice.speak(GREETING, "en-US", 8000);
                }));
            }
            start.countDown();
            short[] first = calls.get(0).get();
            assertThat(first.length).as("a second or more of speech, not the chime")
                    .isGreaterThan(8000).isNotEqualTo(Voice.chime(8000).length);
            for (Future<short[]> call : calls) {
                assertThat(call.get()).isEqualTo(first);
            }
        }
        assertThat(engine.requests).hasValue(1);

        short[] again = voice.speak(GREETING, "en-US", 8000);
        again[0] = 12345;
        assertThat(voice.speak(GREETING, "en-US", 8000)[0]).as("each call has its own copy").isNotEqualTo((short) 12345);
        voice.speak(GREETING, "en-US", 16000);
        assertThat(engine.requests).as("another rate is another prompt").hasValue(2);
    }

    @Test
    void aFailedSynthesisPlaysTheChimeAndIsTriedAgainByTheNextCall() {
        CountingEspeak engine = new CountingEspeak(true);
        Voice voice = new Voice(engine);
        assertThat(voice.speak(GREETING, "en-US", 8000)).isEqualTo(Voice.chime(8000));
        assertThat(voice.speak(GREETING, "en-US", 8000).length).isNotEqualTo(Voice.chime(8000).length);
        assertThat(engine.requests).hasValue(2);
    }

    @Test
    void warmupCoversEveryPromptAFlowCanSayOnce() {
        FaqEntry hours = new FaqEntry("hours", List.of("hours"), "We are open from nine to five.", '1');
        FaqEntry sameAnswer = new FaqEntry("open", List.of("open"), "We are open from nine to five.", null);
        CallFlow flow = StandardFlows.english(List.of(hours, sameAnswer))
                .withTransfer(StandardFlows.transferTo("en-US", "201", StaffTransfer.Mode.BRIDGED, 20));
        Map<String, String> prompts = PromptWarmup.prompts(StandardFlows.graph(flow));
        assertThat(prompts).containsKeys(flow.greeting(), flow.question(), flow.goodbye(), flow.notUnderstood(),
                flow.messagePrompt(), flow.transfer().connectingPrompt(), flow.transfer().unavailablePrompt(),
                "We are open from nine to five.", Node.Screen.standardDecline("en-US").text());
        assertThat(prompts).hasSize(11).containsValue("en-US");
    }
}

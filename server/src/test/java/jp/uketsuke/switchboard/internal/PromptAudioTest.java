package jp.uketsuke.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.testing.WavSamples;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import jp.uketsuke.voicebot.PromptRecordings;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** What a call hears for a recorded prompt: the tenant's recording at the call's rate, else the chime, never silence. */
class PromptAudioTest extends RunningServer {

    @Autowired
    PromptRecordings recordings;

    @Test
    void aRecordedPromptPlaysTheTenantsRecordingAtTheCallsRateAndTheChimeWhenItIsNotTheirs() {
        UUID tenant = newTenant();
        UUID other = newTenant();
        Viewer editor = new Viewer("user:editor", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), "192.0.2.1");
        String id = recordings.upload(editor, tenant, "greeting",
                WavSamples.pcm16(44_100, 1, WavSamples.tone(44_100, 1000, 1000))).id();
        PromptAudio prompts = new PromptAudio(new Voice(null), recordings);

        short[] narrow = prompts.audio(tenant, Prompt.recorded(id), "ja-JP", 8000);
        short[] wide = prompts.audio(tenant, Prompt.recorded(id), "ja-JP", 16_000);

        assertThat(narrow).hasSize(8000);
        assertThat(wide).hasSize(16_000);
        assertThat(WavSamples.toneFraction(narrow, 8000, 1000)).isGreaterThan(0.95);
        assertThat(prompts.audio(other, Prompt.recorded(id), "ja-JP", 8000)).isEqualTo(Voice.chime(8000));
        assertThat(prompts.audio(tenant, Prompt.recorded(UUID.randomUUID().toString()), "ja-JP", 16_000))
                .isEqualTo(Voice.chime(16_000));
    }

    @Test
    void theWarmUpFindsEachRecordingAFlowPlaysOnce() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        Flow flow = new Flow("ja-JP", null, List.of(new Node.Say("one", Prompt.recorded(a), "two"),
                new Node.Say("two", Prompt.recorded(b), "three"), new Node.Say("three", Prompt.recorded(a), "bye"),
                new Node.Hangup("bye", Prompt.text("さようなら"))), List.of(), List.of(), null);

        assertThat(PromptWarmup.recordings(flow)).containsExactly(a, b);
        assertThat(PromptWarmup.prompts(flow)).containsOnlyKeys("さようなら");
    }
}

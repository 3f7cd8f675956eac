package jp.uketsuke.voicebot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.testing.WavSamples;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Recorded prompts in the application as wired: the installation's flow resources know each tenant's recordings, so a
 * flow playing its own recording is published and one playing another tenant's is refused.
 */
class RecordedPromptsInFlowsTest extends RunningServer {

    @Autowired
    PromptRecordings recordings;
    @Autowired
    FlowEditing flows;
    @Autowired
    FlowResources resources;
    @Autowired
    PublishedFlows published;

    private static Viewer editor(UUID tenant) {
        return new Viewer("user:editor", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), "192.0.2.1");
    }

    private static Flow playing(String recording) {
        return new Flow("ja-JP", null, List.of(new Node.Say("greeting", Prompt.recorded(recording), "bye"),
                new Node.Hangup("bye", null)), List.of(), List.of(), null);
    }

    @Test
    void aFlowPlayingTheTenantsOwnRecordingIsPublishedAndAnotherTenantsIsRefused() {
        UUID tenant = newTenant();
        UUID other = newTenant();
        String id = recordings.upload(editor(tenant), tenant, "挨拶",
                WavSamples.pcm16(16_000, 1, WavSamples.tone(16_000, 440, 800))).id();

        assertThat(resources.recordedPrompts(tenant)).containsExactly(id);
        FlowEditing.Draft draft = flows.saveDraft(editor(tenant), tenant, playing(id));
        assertThat(draft.problems()).isEmpty();
        int version = flows.publish(editor(tenant), tenant).number();
        assertThat(published.forCall(tenant, "ja-JP").version()).isEqualTo(version);
        assertThat(recordings.audio(tenant, id, 8000)).get().satisfies(a -> assertThat(a).hasSize(6400));

        FlowEditing.Draft borrowed = flows.saveDraft(editor(other), other, playing(id));
        assertThat(borrowed.problems()).extracting(FlowProblem::message)
                .containsExactly("plays a recorded prompt this tenant does not have");
        assertThatThrownBy(() -> flows.publish(editor(other), other)).isInstanceOf(FlowEditing.FlowRejected.class);
        assertThat(recordings.audio(other, id, 8000)).isEmpty();
    }
}

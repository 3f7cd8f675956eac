package jp.uketsuke.voicebot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The transfer setting as tenants configure it and as it is stored inside the call flow's JSON. */
class StaffTransferTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void defaultsFillWhatIsLeftOut() {
        StaffTransfer transfer = new StaffTransfer(null, "201", null, 0, (char) 0, null, "Connecting.", "Sorry.");
        assertThat(transfer.mode()).isEqualTo(StaffTransfer.Mode.BRIDGED);
        assertThat(transfer.noAnswerSeconds()).isEqualTo(20);
        assertThat(transfer.digit()).isEqualTo('0');
        assertThat(transfer.phrases()).isEmpty();
    }

    @Test
    void badSettingsAreRefusedWithAClearReason() {
        assertThatThrownBy(() -> new StaffTransfer(null, "201", "0312345678", 0, '0', List.of(), "c", "u"))
                .hasMessageContaining("either an extension or a number");
        assertThatThrownBy(() -> new StaffTransfer(null, null, " ", 0, '0', List.of(), "c", "u"))
                .hasMessageContaining("either an extension or a number");
        assertThatThrownBy(() -> new StaffTransfer(null, "20 1", null, 0, '0', List.of(), "c", "u"))
                .hasMessageContaining("extension");
        assertThatThrownBy(() -> new StaffTransfer(null, "201@evil.example", null, 0, '0', List.of(), "c", "u"))
                .hasMessageContaining("extension");
        assertThatThrownBy(() -> new StaffTransfer(null, null, "03-1234-5678", 0, '0', List.of(), "c", "u"))
                .hasMessageContaining("digits");
        assertThatThrownBy(() -> new StaffTransfer(null, "201", null, 301, '0', List.of(), "c", "u"))
                .hasMessageContaining("1-300");
        assertThatThrownBy(() -> new StaffTransfer(null, "201", null, -1, '0', List.of(), "c", "u"))
                .hasMessageContaining("1-300");
        assertThatThrownBy(() -> new StaffTransfer(null, "201", null, 20, 'x', List.of(), "c", "u"))
                .hasMessageContaining("key");
        assertThatThrownBy(() -> new StaffTransfer(null, "201", null, 20, '0', List.of(), " ", "u"))
                .hasMessageContaining("prompts");
    }

    @Test
    void aFlowStoredBeforeTransferExistedReadsBackWithoutOne() {
        CallFlow flow = StandardFlows.english(List.of());
        ObjectNode stored = (ObjectNode) json.valueToTree(flow);
        stored.remove("transfer");

        CallFlow read = json.treeToValue(stored, CallFlow.class);
        assertThat(read.transfer()).isNull();
        assertThat(read).isEqualTo(flow);
    }

    @Test
    void aFlowWithTransferRoundTripsThroughJson() {
        CallFlow flow = StandardFlows.japanese(List.of())
                .withTransfer(StandardFlows.transferTo("ja-JP", "201", StaffTransfer.Mode.BLIND, 15));
        CallFlow read = json.readValue(json.writeValueAsBytes(flow), CallFlow.class);
        assertThat(read).isEqualTo(flow);
        assertThat(read.transfer().phrases()).contains("担当者");
    }

    @Test
    void storedTransferWithOnlyTheEssentialsGetsItsDefaults() {
        ObjectNode stored = (ObjectNode) json.valueToTree(StandardFlows.english(List.of()));
        stored.set("transfer", json.readTree("""
                {"extension": "201", "connectingPrompt": "One moment.", "unavailablePrompt": "Nobody is here."}"""));
        StaffTransfer transfer = json.treeToValue(stored, CallFlow.class).transfer();
        assertThat(transfer.mode()).isEqualTo(StaffTransfer.Mode.BRIDGED);
        assertThat(transfer.noAnswerSeconds()).isEqualTo(20);
        assertThat(transfer.digit()).isEqualTo('0');
    }
}

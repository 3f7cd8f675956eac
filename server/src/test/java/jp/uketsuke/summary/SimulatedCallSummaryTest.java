package jp.uketsuke.summary;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import jp.uketsuke.identity.Permissions;
import jp.uketsuke.identity.Viewer;
import jp.uketsuke.voicebot.FaqEntry;
import jp.uketsuke.voicebot.FlowEditing;
import jp.uketsuke.voicebot.StandardFlows;
import jp.uketsuke.web.RunningServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Proof through the simulator API (F2): a Japanese caller leaving a message with a callback number and a date gets
 * the summary staff would see — callback number and the date resolved against the simulated moment.
 */
class SimulatedCallSummaryTest extends RunningServer {

    @Autowired
    FlowEditing flows;

    @Test
    void aJapaneseMessageInTheSimulatorShowsItsSummaryWithCallbackNumberAndDate() {
        UUID tenant = newTenant();
        Viewer admin = new Viewer("test:admin", Set.of(tenant), Set.of(Permissions.FLOWS_EDIT), null);
        flows.saveDraft(admin, tenant, StandardFlows.graph(StandardFlows.japanese(List.of(
                new FaqEntry("hours", List.of("診療時間"), "診療時間は平日9時から18時までです。", '1')))));
        flows.publish(admin, tenant);
        String key = identity.createApiKey(tenant, Set.of(Permissions.FLOWS_EDIT), null);

        HttpResponse<String> response = client().postJson("/api/v1/simulations", """
                {"version": 1, "at": "2026-12-07T10:00:00+09:00", "turns": [{"dtmf": "2"},
                 {"say": "山田と申します。来週火曜の午前中に伺いたいので、折り返し〇九〇の八七六五の四三二一にお電話ください"}]}""",
                "Authorization", "Bearer " + key);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\"outcome\":\"MESSAGE_TAKEN\"", "\"summary\":{\"category\":\"CALLBACK\"",
                "\"callerName\":\"山田\"", "\"callbackNumber\":\"09087654321\"", "\"requestedDate\":\"2026-12-15\"",
                "\"requestedPartOfDay\":\"MORNING\"", "\"urgency\":\"NORMAL\"", "\"method\":\"OFFLINE\"");
    }
}

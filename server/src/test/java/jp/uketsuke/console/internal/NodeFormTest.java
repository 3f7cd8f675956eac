package jp.uketsuke.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.FlowDocuments;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A node's form on the flow page: what it shows, and the node it makes of what was typed. */
class NodeFormTest {

    private final FlowTrees trees = new FlowTrees(JsonMapper.shared());

    private final Flow flow = new Flow("ja-JP", "menu", List.of(
            new Node.Menu("menu", new Prompt("1か2を押してください", "ja-JP", null), List.of(
                    new Node.Menu.Option("1", List.of("予約"), "bye")), 2, 5, null, null, "bye"),
            new Node.Hangup("bye", Prompt.text("失礼します"))), List.of(), List.of(), null);

    private ObjectNode menu(ObjectNode tree) {
        return (ObjectNode) tree.get("nodes").get(0);
    }

    @Test
    void theFormShowsPromptsTargetsAndOneEmptyRowToAddAnOption() {
        List<NodeForm.FieldView> fields = NodeForm.view(menu(trees.tree(flow)));

        assertThat(fields).extracting(NodeForm.FieldView::name).startsWith("prompt", "options", "retries");
        assertThat(fields.get(0).value()).isEqualTo("1か2を押してください");
        assertThat(fields.get(1).rows()).extracting(NodeForm.Row::key, NodeForm.Row::words, NodeForm.Row::next)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1", "予約", "bye"),
                        org.assertj.core.groups.Tuple.tuple("", "", ""));
    }

    @Test
    void anEditedMenuKeepsWhatTheFormDoesNotShowAndAddsTheNewOption() {
        ObjectNode tree = trees.tree(flow);
        ObjectNode edited = NodeForm.edited(menu(tree), Map.of("f.prompt", "ご用件の番号を押してください",
                "f.options.0.key", "1", "f.options.0.words", "予約、予約したい", "f.options.0.next", "bye",
                "f.options.1.key", "2", "f.options.1.words", "", "f.options.1.next", "menu",
                "f.retries", "3", "f.noMatch", "bye"), Set.of("menu", "bye"));
        ((ArrayNode) tree.get("nodes")).set(0, edited);

        Node.Menu menu = (Node.Menu) trees.flow(tree).nodesById().get("menu");

        assertThat(menu.prompt()).isEqualTo(new Prompt("ご用件の番号を押してください", "ja-JP", null));
        assertThat(menu.options()).extracting(Node.Menu.Option::digit).containsExactly("1", "2");
        assertThat(menu.options().get(0).phrases()).containsExactly("予約", "予約したい");
        assertThat(menu.retries()).isEqualTo(3);
        assertThat(menu.noInput()).isNull();
    }

    @Test
    void targetsThatAreNoNodeAndNumbersThatAreNoNumberAreRefused() {
        ObjectNode node = menu(trees.tree(flow));
        Set<String> ids = Set.of("menu", "bye");
        assertThatThrownBy(() -> NodeForm.edited(node, Map.of("f.noMatch", "elsewhere"), ids))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> NodeForm.edited(node, Map.of("f.options.0.key", "1", "f.options.0.next", "x"), ids))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> NodeForm.edited(node, Map.of("f.retries", "-1"), ids))
                .hasMessageContaining("whole number");
    }

    @Test
    void aNewNodeOfEveryTypeIsAValidNode() {
        for (String type : NodeForm.TYPES) {
            ObjectNode tree = trees.tree(flow);
            ((ArrayNode) tree.get("nodes")).add(NodeForm.created(type, "added", "bye", "ここに案内文"));
            Flow withNode = trees.flow(tree);
            assertThat(withNode.nodesById().get("added").type()).as(type).isEqualTo(type);
        }
        assertThatThrownBy(() -> NodeForm.created("script", "x", "bye", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anSmsNodesLinkAndTextAreEditedAndALinkThatWouldCarryPersonalDataIsRefused() {
        ObjectNode tree = trees.tree(flow);
        ObjectNode sms = NodeForm.created("sms", "sms", "bye", "ご案内");
        ObjectNode edited = NodeForm.edited(sms, Map.of("f.url", "https://www.example.jp/map", "f.text",
                "地図はこちら {url}", "f.next", "bye", "f.failed", "menu"), Set.of("menu", "bye", "sms"));
        ((ArrayNode) tree.get("nodes")).add(edited);
        Node.Sms node = (Node.Sms) trees.flow(tree).nodesById().get("sms");
        assertThat(node.url()).isEqualTo("https://www.example.jp/map");
        assertThat(node.text()).isEqualTo("地図はこちら {url}");
        assertThat(node.failed()).isEqualTo("menu");

        ObjectNode leaky = trees.tree(flow);
        ((ArrayNode) leaky.get("nodes")).add(NodeForm.edited(sms, Map.of("f.url",
                "https://www.example.jp/?tel={caller}", "f.next", "bye"), Set.of("menu", "bye", "sms")));
        assertThatThrownBy(() -> trees.flow(leaky)).hasMessageContaining("placeholders");
    }

    @Test
    void anExportedFlowReadsBackUnchanged() {
        assertThat(FlowDocuments.read(FlowDocuments.write(flow))).isEqualTo(flow);
    }
}

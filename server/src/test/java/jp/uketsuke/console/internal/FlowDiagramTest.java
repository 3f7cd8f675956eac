package jp.uketsuke.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.Node;
import jp.uketsuke.voicebot.Prompt;
import org.junit.jupiter.api.Test;

/** The flow diagram's layout: rows by distance from the start, labelled arrows, loops drawn back up. */
class FlowDiagramTest {

    private static Prompt say(String text) {
        return Prompt.text(text);
    }

    private static Flow flow(String start, Node... nodes) {
        return new Flow("ja-JP", start, List.of(nodes), List.of(), List.of(), null);
    }

    private static Map<String, FlowDiagram.Box> boxes(FlowDiagram.Layout layout) {
        return layout.boxes().stream().collect(Collectors.toMap(FlowDiagram.Box::id, Function.identity()));
    }

    @Test
    void nodesAreInRowsByTheirDistanceFromTheStartAndUnreachableOnesComeLast() {
        Flow flow = flow("hours",
                new Node.Hangup("orphan", null),
                new Node.Hours("hours", "greet", "closed", null),
                new Node.Say("greet", say("こんにちは"), "bye"),
                new Node.Say("closed", say("営業時間外です"), "bye"),
                new Node.Hangup("bye", say("失礼します")));

        Map<String, FlowDiagram.Box> boxes = boxes(FlowDiagram.of(flow, Set.of()));

        assertThat(boxes.get("hours").row()).isZero();
        assertThat(boxes.get("hours").start()).isTrue();
        assertThat(boxes.get("greet").row()).isEqualTo(1);
        assertThat(boxes.get("closed").row()).isEqualTo(1);
        assertThat(boxes.get("bye").row()).isEqualTo(2);
        assertThat(boxes.get("orphan").row()).isEqualTo(3);
        assertThat(boxes.get("greet").y()).isEqualTo(boxes.get("closed").y()).isLessThan(boxes.get("bye").y());
        assertThat(boxes.get("greet").x()).isNotEqualTo(boxes.get("closed").x());
        assertThat(boxes.get("hours").type()).isEqualTo("hours");
    }

    @Test
    void arrowsAreLabelledWithTheirBranchAndExitsToTheSameNodeShareOneArrow() {
        Node.Menu menu = new Node.Menu("menu", say("1か2を押してください"), List.of(
                new Node.Menu.Option("1", List.of(), "one"), new Node.Menu.Option("2", List.of(), "bye")),
                1, 5, null, "bye", "bye");
        Flow flow = flow("menu", menu, new Node.Hangup("one", null), new Node.Hangup("bye", null));

        List<FlowDiagram.Arrow> arrows = FlowDiagram.of(flow, Set.of()).arrows();

        assertThat(arrows).extracting(FlowDiagram.Arrow::to, FlowDiagram.Arrow::label)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("one", "1"),
                        org.assertj.core.groups.Tuple.tuple("bye", "2 / noInput / noMatch"));
        assertThat(arrows).noneMatch(FlowDiagram.Arrow::back);
    }

    @Test
    void aLoopBackToAnEarlierNodeIsDrawnRoundTheSideAndMissingTargetsHaveNoArrow() {
        Node.Hear ask = new Node.Hear("ask", say("ご用件をどうぞ"), null, 5, "again", "nowhere");
        Flow flow = flow("ask", ask, new Node.Goto("again", "ask"));

        FlowDiagram.Layout layout = FlowDiagram.of(flow, Set.of("ask"));

        assertThat(layout.arrows()).extracting(FlowDiagram.Arrow::from, FlowDiagram.Arrow::to,
                        FlowDiagram.Arrow::label, FlowDiagram.Arrow::back)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ask", "again", "next", false),
                        org.assertj.core.groups.Tuple.tuple("again", "ask", "goto", true));
        FlowDiagram.Arrow back = layout.arrows().get(1);
        FlowDiagram.Box askBox = boxes(layout).get("ask");
        assertThat(back.labelX()).isGreaterThan(askBox.x() + FlowDiagram.BOX_WIDTH);
        assertThat(back.path()).startsWith("M").contains(" C");
        assertThat(boxes(layout).get("ask").faulty()).isTrue();
        assertThat(layout.width()).isGreaterThan(back.labelX());
        assertThat(layout.height()).isGreaterThan(boxes(layout).get("again").y() + FlowDiagram.BOX_HEIGHT - 1);
    }

    @Test
    void aStartThatDoesNotExistLeavesEveryNodeInOneRow() {
        Flow flow = flow("missing", new Node.Say("a", say("あ"), "b"), new Node.Hangup("b", null));

        assertThat(FlowDiagram.of(flow, Set.of()).boxes()).extracting(FlowDiagram.Box::row).containsOnly(0);
    }
}

package jp.uketsuke.console.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jp.uketsuke.voicebot.Flow;
import jp.uketsuke.voicebot.Node;

/**
 * A flow's graph laid out for an inline SVG: nodes in rows by their distance from the start (nodes the start cannot
 * reach in a last row), arrows down to later rows and curving round the right side back up to earlier ones, each
 * arrow labelled with the exits it stands for. Computed on the server so the page needs no script.
 */
final class FlowDiagram {

    static final int BOX_WIDTH = 160;
    static final int BOX_HEIGHT = 46;
    private static final int COLUMN_GAP = 36;
    private static final int ROW_GAP = 74;
    private static final int MARGIN = 20;
    /** Room on the right for arrows that go back up. */
    private static final int RETURN_LANE = 150;

    /** A node's box: top-left corner. */
    record Box(String id, String type, int x, int y, int row, boolean start, boolean faulty) {
        public String label() {
            return id.length() > 18 ? id.substring(0, 17) + "…" : id;
        }

        public int centreX() {
            return x + BOX_WIDTH / 2;
        }
    }

    /** One arrow: an SVG path, its label and where the label sits; {@code back} when it goes up or sideways. */
    record Arrow(String from, String to, String label, String path, int labelX, int labelY, boolean back) {
    }

    record Layout(int width, int height, List<Box> boxes, List<Arrow> arrows) {
    }

    private FlowDiagram() {
    }

    static Layout of(Flow flow, Set<String> faultyNodes) {
        Map<String, Node> byId = flow.nodesById();
        Map<String, Integer> rowOf = rows(flow, byId);
        int rows = rowOf.values().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        List<List<String>> byRow = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            byRow.add(new ArrayList<>());
        }
        rowOf.forEach((id, row) -> byRow.get(row).add(id));
        int columns = byRow.stream().mapToInt(List::size).max().orElse(1);
        int step = BOX_WIDTH + COLUMN_GAP;
        Map<String, Box> boxes = new LinkedHashMap<>();
        for (int r = 0; r < rows; r++) {
            List<String> ids = byRow.get(r);
            int indent = (columns - ids.size()) * step / 2; // each row centred under the widest
            for (int c = 0; c < ids.size(); c++) {
                String id = ids.get(c);
                boxes.put(id, new Box(id, byId.get(id).type(), MARGIN + indent + c * step,
                        MARGIN + r * (BOX_HEIGHT + ROW_GAP), r, id.equals(flow.start()), faultyNodes.contains(id)));
            }
        }
        List<Arrow> arrows = new ArrayList<>();
        for (Node node : byId.values()) {
            Map<String, List<String>> labels = new LinkedHashMap<>();
            for (Exits.Exit exit : Exits.of(node)) {
                if (byId.containsKey(exit.target())) { // a missing target is a problem listed beside the diagram
                    labels.computeIfAbsent(exit.target(), t -> new ArrayList<>()).add(exit.label());
                }
            }
            labels.forEach((target, names) -> arrows.add(arrow(boxes.get(node.id()), boxes.get(target),
                    String.join(" / ", names.stream().distinct().toList()))));
        }
        int width = 2 * MARGIN + columns * step - COLUMN_GAP + RETURN_LANE;
        int height = 2 * MARGIN + rows * (BOX_HEIGHT + ROW_GAP) - ROW_GAP;
        return new Layout(width, height, List.copyOf(boxes.values()), arrows);
    }

    /** Rows by breadth-first distance from the start, then the unreachable nodes in flow order. */
    private static Map<String, Integer> rows(Flow flow, Map<String, Node> byId) {
        Map<String, Integer> rowOf = new LinkedHashMap<>();
        Deque<String> todo = new ArrayDeque<>();
        if (byId.containsKey(flow.start())) {
            rowOf.put(flow.start(), 0);
            todo.add(flow.start());
        }
        int deepest = -1;
        while (!todo.isEmpty()) {
            String id = todo.poll();
            int row = rowOf.get(id);
            deepest = Math.max(deepest, row);
            for (String target : byId.get(id).targets()) {
                if (byId.containsKey(target) && !rowOf.containsKey(target)) {
                    rowOf.put(target, row + 1);
                    todo.add(target);
                }
            }
        }
        int unreachableRow = deepest + 1;
        byId.keySet().stream().filter(id -> !rowOf.containsKey(id)).forEach(id -> rowOf.put(id, unreachableRow));
        return rowOf;
    }

    private static Arrow arrow(Box from, Box to, String label) {
        if (to.row() > from.row()) {
            int sx = from.centreX();
            int sy = from.y() + BOX_HEIGHT;
            int tx = to.centreX();
            int ty = to.y();
            int bend = (ty - sy) / 2;
            String path = "M" + sx + "," + sy + " C" + sx + "," + (sy + bend) + " " + tx + "," + (ty - bend) + " "
                    + tx + "," + ty;
            return new Arrow(from.id(), to.id(), label, path, (sx + tx) / 2, (sy + ty) / 2 + 4, false);
        }
        // back up, sideways or to itself: leave by the right edge and come in at the target's right edge
        int sx = from.x() + BOX_WIDTH;
        int tx = to.x() + BOX_WIDTH;
        int sy = from.y() + (from == to ? BOX_HEIGHT / 4 : BOX_HEIGHT / 2);
        int ty = to.y() + (from == to ? 3 * BOX_HEIGHT / 4 : BOX_HEIGHT / 2);
        int bend = 40 + 24 * (from.row() - to.row());
        int out = Math.max(sx, tx) + bend;
        String path = "M" + sx + "," + sy + " C" + out + "," + sy + " " + out + "," + ty + " " + tx + "," + ty;
        return new Arrow(from.id(), to.id(), label, path, Math.max(sx, tx) + bend * 3 / 4, (sy + ty) / 2, true);
    }
}

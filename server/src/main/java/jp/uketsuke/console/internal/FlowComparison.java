package jp.uketsuke.console.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Two flows side by side, for the versions page: a row per node id (of either flow) with each side's settings as
 * "field: value" lines, and rows for the start, the FAQ and the hours; rows that differ are marked.
 */
final class FlowComparison {

    /** One row; a side is null where that flow has no such node. */
    record Row(String name, boolean node, String left, String right) {
        public boolean changed() {
            return !Objects.equals(left, right);
        }
    }

    private FlowComparison() {
    }

    static List<Row> of(ObjectNode left, ObjectNode right) {
        Map<String, JsonNode> leftNodes = byId(left);
        Map<String, JsonNode> rightNodes = byId(right);
        Set<String> ids = new LinkedHashSet<>(leftNodes.keySet());
        ids.addAll(rightNodes.keySet());
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("start", false, left.path("start").asString(""), right.path("start").asString("")));
        for (String id : ids) {
            rows.add(new Row(id, true, settings(leftNodes.get(id)), settings(rightNodes.get(id))));
        }
        rows.add(new Row("faq", false, settings(left.get("faq")), settings(right.get("faq"))));
        rows.add(new Row("hours", false, settings(left.get("hours")), settings(right.get("hours"))));
        rows.add(new Row("departments", false, settings(left.get("departments")), settings(right.get("departments"))));
        return rows;
    }

    private static Map<String, JsonNode> byId(ObjectNode flow) {
        Map<String, JsonNode> nodes = new LinkedHashMap<>();
        flow.path("nodes").forEach(n -> nodes.putIfAbsent(n.path("id").asString(""), n));
        return nodes;
    }

    /** The JSON as one line per leaf value, "prompt.text: …", without the id the row already names. */
    static String settings(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        List<String> lines = new ArrayList<>();
        flatten("", node, lines);
        return String.join("\n", lines);
    }

    private static void flatten(String path, JsonNode node, List<String> lines) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                if (!(path.isEmpty() && e.getKey().equals("id"))) {
                    flatten(path.isEmpty() ? e.getKey() : path + "." + e.getKey(), e.getValue(), lines);
                }
            }
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode item : node) {
                flatten(path + "[" + i++ + "]", item, lines);
            }
        } else {
            lines.add(path + ": " + node.asString(""));
        }
    }
}

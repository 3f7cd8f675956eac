package jp.uketsuke.voicebot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/** The checks every {@link Node} record makes of its own fields, each failing with a message that names the node. */
final class NodeChecks {

    private NodeChecks() {
    }

    static String checkId(String id) {
        if (id == null || !Node.ID.matcher(id.strip()).matches()) {
            throw new IllegalArgumentException("a node's id is 1-40 letters, digits, - or _ (got '" + clip(id) + "')");
        }
        return id.strip();
    }

    static String checkTarget(String target, String node, String field) {
        if (target == null || target.isBlank()) {
            return null;
        }
        if (!Node.ID.matcher(target.strip()).matches()) {
            throw invalid(node, field + " must name a node, not '" + clip(target) + "'");
        }
        return target.strip();
    }

    static <T> T require(T value, String node, String what) {
        if (value == null) {
            throw invalid(node, "needs " + what);
        }
        return value;
    }

    static Integer bounded(Integer value, int fallback, int min, int max, String node, String field) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw invalid(node, field + " must be " + min + " to " + max);
        }
        return v;
    }

    static List<String> checkPhrases(List<String> given) {
        if (given == null) {
            return List.of();
        }
        if (given.size() > 20) {
            throw new IllegalArgumentException("at most 20 phrases per choice");
        }
        List<String> out = new ArrayList<>();
        for (String p : given) {
            if (p == null || p.isBlank()) {
                continue;
            }
            if (p.length() > 100) {
                throw new IllegalArgumentException("a phrase is at most 100 characters");
            }
            out.add(p.strip());
        }
        return List.copyOf(out);
    }

    static List<String> present(String... targets) {
        return Arrays.stream(targets).filter(Objects::nonNull).toList();
    }

    static IllegalArgumentException invalid(String node, String message) {
        return new IllegalArgumentException("node " + node + ": " + message);
    }

    /** Part of a bad value, for a message: enough to find it, never a whole hostile string. */
    static String clip(String value) {
        if (value == null) {
            return "";
        }
        String s = value.replaceAll("\\p{Cntrl}", "?");
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}

package jp.uketsuke.console.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The form of one node on the flow page, per node type: which of its JSON fields the form edits and how (a prompt's
 * text, a target chosen from the flow's nodes, a number, a choice, menu options, branch cases). Editing works on the
 * node's JSON: fields the form does not show (a prompt's language, a recorded prompt) are kept as they were, and the
 * result is read back through the flow document's own checks.
 */
final class NodeForm {

    enum Kind { PROMPT, TARGET, NUMBER, TEXT, CHOICE, LINES, OPTIONS, CASES, TRANSFER }

    /** A field of a node type; {@code required} fields are marked on the form (the node record enforces them). */
    record Field(String name, Kind kind, boolean required, List<String> choices) {
        Field(String name, Kind kind, boolean required) {
            this(name, kind, required, List.of());
        }
    }

    /** A field as the form shows it. */
    record FieldView(String name, Kind kind, boolean required, String value, boolean recorded, List<String> choices,
                     List<Row> rows, String toKind) {
    }

    /** A menu option or branch case: key or test, words or values (comma separated), next node. */
    record Row(int index, String key, String words, String next) {
    }

    static final int MAX_ROWS = 30;
    private static final List<String> TRANSFER_KINDS = List.of("EXTENSION", "DEPARTMENT", "NUMBER");
    private static final Pattern SEPARATOR = Pattern.compile("[,、]");
    /** What a new sms node links to until the tenant names its own page. */
    private static final String EXAMPLE_LINK = "https://www.example.jp/";

    private static final Map<String, List<Field>> FIELDS = new LinkedHashMap<>();

    static {
        Field prompt = new Field("prompt", Kind.PROMPT, true);
        Field timeout = new Field("timeoutSeconds", Kind.NUMBER, false);
        FIELDS.put("say", List.of(prompt, target("next", false)));
        FIELDS.put("menu", List.of(prompt, new Field("options", Kind.OPTIONS, true),
                new Field("retries", Kind.NUMBER, false), timeout, new Field("retryPrompt", Kind.PROMPT, false),
                target("noInput", false), target("noMatch", false)));
        FIELDS.put("hours", List.of(target("open", true), target("closed", true), target("holiday", false)));
        FIELDS.put("caller", List.of(target("anonymous", false), target("vip", false), target("listed", false),
                target("other", true), new Field("vipNumbers", Kind.LINES, false),
                new Field("listedNumbers", Kind.LINES, false)));
        FIELDS.put("hear", List.of(prompt, new Field("into", Kind.TEXT, false), timeout, target("next", true),
                target("silence", false)));
        FIELDS.put("faq", List.of(prompt, new Field("notUnderstood", Kind.PROMPT, false),
                new Field("attempts", Kind.NUMBER, false), timeout, target("answered", true),
                target("unanswered", true)));
        FIELDS.put("transfer", List.of(new Field("to", Kind.TRANSFER, true),
                new Field("mode", Kind.CHOICE, false, List.of("BRIDGED", "BLIND")),
                new Field("noAnswerSeconds", Kind.NUMBER, false), new Field("connecting", Kind.PROMPT, true),
                new Field("unavailable", Kind.PROMPT, false), target("fallback", true)));
        FIELDS.put("message", List.of(prompt, new Field("maxSeconds", Kind.NUMBER, false),
                new Field("thanks", Kind.PROMPT, false), target("next", false)));
        FIELDS.put("branch", List.of(new Field("on", Kind.TEXT, true), new Field("cases", Kind.CASES, true),
                target("otherwise", true)));
        FIELDS.put("goto", List.of(target("target", true)));
        FIELDS.put("hangup", List.of(new Field("prompt", Kind.PROMPT, false)));
        FIELDS.put("sms", List.of(new Field("url", Kind.TEXT, true), new Field("text", Kind.TEXT, false),
                new Field("prompt", Kind.PROMPT, false), new Field("askNumber", Kind.PROMPT, false),
                new Field("sent", Kind.PROMPT, false), target("next", true), target("failed", false)));
        FIELDS.put("screen", List.of(prompt, timeout, new Field("decline", Kind.PROMPT, false),
                target("voicemail", false), target("next", true)));
    }

    static final List<String> TYPES = List.copyOf(FIELDS.keySet());
    static final List<String> TESTS = List.of("EQUALS", "MENTIONS", "EMPTY");

    private NodeForm() {
    }

    private static Field target(String name, boolean required) {
        return new Field(name, Kind.TARGET, required);
    }

    /** The fields of a node's form, filled from its JSON; menus and branches get one empty row to add a choice. */
    static List<FieldView> view(JsonNode node) {
        List<FieldView> views = new ArrayList<>();
        for (Field f : FIELDS.getOrDefault(node.path("type").asString(""), List.of())) {
            JsonNode value = node.path(f.name());
            views.add(switch (f.kind()) {
                case PROMPT -> new FieldView(f.name(), f.kind(), f.required(), value.path("text").asString(""),
                        value.has("audio"), List.of(), List.of(), null);
                case LINES -> new FieldView(f.name(), f.kind(), f.required(), String.join("\n", strings(value)),
                        false, List.of(), List.of(), null);
                case OPTIONS, CASES -> new FieldView(f.name(), f.kind(), f.required(), "", false,
                        f.kind() == Kind.CASES ? TESTS : List.of(), rows(f.kind(), value), null);
                case TRANSFER -> new FieldView(f.name(), f.kind(), f.required(), value.path("value").asString(""),
                        false, TRANSFER_KINDS, List.of(), value.path("kind").asString("EXTENSION"));
                default -> new FieldView(f.name(), f.kind(), f.required(), value.isMissingNode() || value.isNull()
                        ? "" : value.asString(""), false, f.choices(), List.of(), null);
            });
        }
        return views;
    }

    /**
     * The node's JSON with the form's fields applied ({@code f.<field>}, rows as {@code f.<field>.<n>.key|words|next}).
     *
     * @param nodeIds the flow's node ids: a target must be one of them
     * @throws IllegalArgumentException with a message for the administrator when a value cannot be right
     */
    static ObjectNode edited(ObjectNode node, Map<String, String> form, Set<String> nodeIds) {
        ObjectNode out = node.deepCopy();
        for (Field f : FIELDS.getOrDefault(node.path("type").asString(""), List.of())) {
            String key = "f." + f.name();
            switch (f.kind()) {
                case PROMPT -> prompt(out, f.name(), form.get(key));
                case TARGET -> {
                    String target = form.getOrDefault(key, "").strip();
                    if (target.isEmpty()) {
                        out.remove(f.name());
                    } else if (!nodeIds.contains(target)) {
                        throw new IllegalArgumentException(f.name() + " names a node that does not exist");
                    } else {
                        out.put(f.name(), target);
                    }
                }
                case NUMBER -> {
                    String number = form.getOrDefault(key, "").strip();
                    if (number.isEmpty()) {
                        out.remove(f.name());
                    } else if (!number.matches("[0-9]{1,4}")) {
                        throw new IllegalArgumentException(f.name() + " is a whole number");
                    } else {
                        out.put(f.name(), Integer.parseInt(number));
                    }
                }
                case TEXT, CHOICE -> {
                    String text = form.getOrDefault(key, "").strip();
                    if (f.kind() == Kind.CHOICE && !text.isEmpty() && !f.choices().contains(text)) {
                        throw new IllegalArgumentException(f.name() + " is one of " + f.choices());
                    }
                    if (text.isEmpty()) {
                        out.remove(f.name());
                    } else {
                        out.put(f.name(), text);
                    }
                }
                case LINES -> {
                    ArrayNode lines = out.putArray(f.name());
                    form.getOrDefault(key, "").lines().map(String::strip).filter(l -> !l.isEmpty())
                            .forEach(lines::add);
                }
                case OPTIONS, CASES -> rows(out, f, form, nodeIds);
                case TRANSFER -> {
                    String kind = form.getOrDefault(key + ".kind", "");
                    if (!TRANSFER_KINDS.contains(kind)) {
                        throw new IllegalArgumentException("a transfer names an extension, a department or a number");
                    }
                    ObjectNode to = out.putObject(f.name());
                    to.put("kind", kind);
                    to.put("value", form.getOrDefault(key + ".value", "").strip());
                }
            }
        }
        return out;
    }

    /** A new node of the type: its required targets go to {@code target}, its required prompts say {@code text}. */
    static ObjectNode created(String type, String id, String target, String text) {
        if (!FIELDS.containsKey(type)) {
            throw new IllegalArgumentException("there is no node type " + type);
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", type);
        node.put("id", id);
        for (Field f : FIELDS.get(type)) {
            if (!f.required()) {
                continue;
            }
            switch (f.kind()) {
                case PROMPT -> node.putObject(f.name()).put("text", text);
                case TARGET -> node.put(f.name(), target);
                case TEXT -> node.put(f.name(), f.name().equals("url") ? EXAMPLE_LINK : "purpose");
                case OPTIONS -> {
                    ObjectNode option = node.putArray(f.name()).addObject();
                    option.put("digit", "1");
                    option.put("next", target);
                }
                case CASES -> {
                    ObjectNode c = node.putArray(f.name()).addObject();
                    c.put("test", "MENTIONS");
                    c.putArray("values").add("1");
                    c.put("next", target);
                }
                case TRANSFER -> node.putObject(f.name()).put("kind", "EXTENSION").put("value", "100");
                default -> {
                }
            }
        }
        return node;
    }

    private static void prompt(ObjectNode out, String name, String text) {
        if (out.path(name).has("audio") || text == null) {
            return; // a recorded prompt is changed in the JSON, not by this form
        }
        if (text.isBlank()) {
            out.remove(name);
            return;
        }
        ObjectNode prompt = out.path(name).isObject() ? (ObjectNode) out.get(name) : out.putObject(name);
        prompt.put("text", text.strip().replace("\r\n", "\n"));
    }

    private static void rows(ObjectNode out, Field f, Map<String, String> form, Set<String> nodeIds) {
        ArrayNode rows = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < MAX_ROWS; i++) {
            String prefix = "f." + f.name() + "." + i + ".";
            String key = form.get(prefix + "key");
            String words = form.get(prefix + "words");
            String next = form.get(prefix + "next");
            if (key == null && words == null && next == null) {
                break;
            }
            key = key == null ? "" : key.strip();
            List<String> phrases = words == null ? List.of() : Arrays.stream(SEPARATOR.split(words))
                    .map(String::strip).filter(s -> !s.isEmpty()).toList();
            next = next == null ? "" : next.strip();
            boolean blank = phrases.isEmpty() && next.isEmpty() && (f.kind() == Kind.CASES || key.isEmpty());
            if (blank) {
                continue; // the empty row left for adding one
            }
            if (!nodeIds.contains(next)) {
                throw new IllegalArgumentException(f.name() + " " + (i + 1) + " names a node that does not exist");
            }
            ObjectNode row = rows.addObject();
            if (f.kind() == Kind.OPTIONS) {
                if (!key.isEmpty()) {
                    row.put("digit", key);
                }
                phrases.forEach(row.putArray("phrases")::add);
            } else {
                if (!TESTS.contains(key)) {
                    throw new IllegalArgumentException("a branch case tests " + TESTS);
                }
                row.put("test", key);
                phrases.forEach(row.putArray("values")::add);
            }
            row.put("next", next);
        }
        out.set(f.name(), rows);
    }

    private static List<Row> rows(Kind kind, JsonNode value) {
        List<Row> rows = new ArrayList<>();
        int i = 0;
        for (JsonNode row : value) {
            rows.add(kind == Kind.OPTIONS
                    ? new Row(i++, row.path("digit").asString(""), String.join(", ", strings(row.path("phrases"))),
                            row.path("next").asString(""))
                    : new Row(i++, row.path("test").asString("EQUALS"),
                            String.join(", ", strings(row.path("values"))), row.path("next").asString("")));
        }
        rows.add(new Row(i, kind == Kind.OPTIONS ? "" : "MENTIONS", "", ""));
        return rows;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asString("")));
        return out;
    }
}

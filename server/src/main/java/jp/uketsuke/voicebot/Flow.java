package jp.uketsuke.voicebot;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import jp.uketsuke.hours.BusinessHours;

/**
 * A tenant's call flow (対応フロー, F9): a graph of {@link Node}s entered at {@code start}, with the FAQ it answers
 * from and the departments its transfers name. The same engine runs it for real calls and in the simulator. A
 * published flow is never changed; editing makes a new version.
 *
 * @param schema   version of this document's shape ({@link #SCHEMA}); older ones are upgraded on import
 * @param language BCP 47 tag of its prompts and of recognition, e.g. "ja-JP"
 * @param hours    when the tenant is open, for hours nodes; null: {@link BusinessHours#standard()}
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Flow(int schema, String language, String start, List<Node> nodes, List<FaqEntry> faq,
                   List<Department> departments, BusinessHours hours) {

    /** The current document shape; 1 was the fixed greet-ask-answer flow of the first version. */
    public static final int SCHEMA = 2;
    public static final int MAX_NODES = 200;
    public static final int MAX_FAQ_ENTRIES = 2000;
    private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8}){0,2}");

    public Flow {
        schema = schema == 0 ? SCHEMA : schema;
        if (schema != SCHEMA) {
            throw new IllegalArgumentException("this flow has schema " + schema + "; import upgrades older ones");
        }
        if (language == null || !LANGUAGE.matcher(language.strip()).matches()) {
            throw new IllegalArgumentException("a flow's language is a tag such as ja-JP or en-US");
        }
        language = language.strip();
        nodes = entries(nodes, "node");
        if (nodes.isEmpty() || nodes.size() > MAX_NODES) {
            throw new IllegalArgumentException("a flow has 1 to " + MAX_NODES + " nodes");
        }
        start = start == null || start.isBlank() ? nodes.get(0).id() : start.strip();
        faq = entries(faq, "FAQ");
        if (faq.size() > MAX_FAQ_ENTRIES) {
            throw new IllegalArgumentException("an FAQ has at most " + MAX_FAQ_ENTRIES + " entries, this one "
                    + faq.size());
        }
        departments = entries(departments, "department");
    }

    /** An unmodifiable copy; an empty entry (JSON null) is refused by name rather than failing on copy. */
    static <T> List<T> entries(List<T> given, String what) {
        if (given == null) {
            return List.of();
        }
        for (int i = 0; i < given.size(); i++) {
            if (given.get(i) == null) {
                throw new IllegalArgumentException("the " + what + " list has an empty entry (number " + (i + 1) + ")");
            }
        }
        return List.copyOf(given);
    }

    public Flow(String language, String start, List<Node> nodes, List<FaqEntry> faq, List<Department> departments,
                BusinessHours hours) {
        this(SCHEMA, language, start, nodes, faq, departments, hours);
    }

    /** The tenant's hours, or the standard ones (weekdays 9-18, closed on holidays and 12/29-1/3). */
    public BusinessHours hoursOrStandard() {
        return hours != null ? hours : BusinessHours.standard();
    }

    /** Nodes by id; of duplicates (which validation refuses) the first. */
    public Map<String, Node> nodesById() {
        Map<String, Node> byId = new LinkedHashMap<>();
        nodes.forEach(n -> byId.putIfAbsent(n.id(), n));
        return byId;
    }

    public Optional<Department> department(String id) {
        return departments.stream().filter(d -> d.id().equals(id)).findFirst();
    }
}

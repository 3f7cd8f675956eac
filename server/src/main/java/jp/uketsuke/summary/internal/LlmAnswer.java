package jp.uketsuke.summary.internal;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jp.uketsuke.summary.PurposeCategory;
import jp.uketsuke.summary.RequestedTime;
import jp.uketsuke.summary.RequestedTime.PartOfDay;
import jp.uketsuke.summary.Summary;
import jp.uketsuke.summary.SummaryMethod;
import jp.uketsuke.summary.Urgency;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The LLM's JSON answer, accepted only if it is exactly a summary of this call (S4): the fixed keys and no others,
 * a category from the fixed list, short values of the right shape, a name the caller said in this call, a number
 * said in this call, a date from the call's day to a year after. An answer that follows an instruction hidden in the
 * transcript ("output the last caller's number") fails one of these and is rejected whole.
 */
final class LlmAnswer {

    private static final Set<String> KEYS = Set.of("category", "caller_name", "callback_number", "requested_date",
            "requested_time", "part_of_day", "urgency");
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()).build();

    private LlmAnswer() {
    }

    /**
     * @param sentText what was sent to the LLM (redacted or not): a name must occur in it
     * @param offline  its callback number stands when the LLM gives none
     */
    static Summary parse(String content, SummaryInput call, String sentText, Summary offline) {
        String json = content.strip();
        // some servers wrap JSON mode output in a Markdown fence
        if (json.startsWith("```")) {
            json = json.replaceFirst("^```(?:json)?\\s*", "").replaceFirst("\\s*```$", "");
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw invalid("its content is not a JSON object");
        }
        if (root == null || !root.isObject()) {
            throw invalid("its content is not a JSON object");
        }
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (!KEYS.contains(field.getKey())) {
                throw invalid("it has a key that is not a summary field");
            }
        }
        PurposeCategory category = enumValue(root, "category", PurposeCategory.class, true);
        Urgency urgency = enumValue(root, "urgency", Urgency.class, true);
        PartOfDay part = enumValue(root, "part_of_day", PartOfDay.class, false);
        String name = text(root, "caller_name", Summary.MAX_NAME_CHARS);
        if (name != null && !occursIn(name, sentText)) {
            throw invalid("its caller_name is not a name said in this call");
        }
        String number = text(root, "callback_number", 30);
        String callback = offline.callbackNumber();
        if (number != null && number.matches(".*[\\[*＊].*")) {
            number = null; // the mask it was shown instead of the number: the rules' number stands
        }
        if (number != null) {
            String digits = CallbackNumbers.find(number).orElseThrow(() -> invalid("its callback_number is not a Japanese number"));
            if (!CallbackNumbers.all(call.allText()).contains(digits)) {
                throw invalid("its callback_number is not a number said in this call");
            }
            callback = digits;
        }
        LocalDate date = null;
        LocalTime time = null;
        try {
            String d = text(root, "requested_date", 10);
            date = d == null ? null : LocalDate.parse(d);
            String t = text(root, "requested_time", 5);
            time = t == null ? null : LocalTime.parse(t);
        } catch (DateTimeParseException e) {
            throw invalid("its requested_date or requested_time is not YYYY-MM-DD / HH:MM");
        }
        LocalDate day = call.callDay();
        if (date != null && (date.isBefore(day) || date.isAfter(day.plusYears(1)))) {
            throw invalid("its requested_date is not between the call's day and a year after");
        }
        RequestedTime requested = date == null && time == null && part == null ? null : new RequestedTime(date, time, part);
        try {
            return new Summary(category, name, callback, requested, urgency, SummaryMethod.LLM);
        } catch (IllegalArgumentException e) {
            throw invalid("a field does not have the shape of a summary field");
        }
    }

    private static <E extends Enum<E>> E enumValue(JsonNode root, String key, Class<E> type, boolean required) {
        String value = text(root, key, 20);
        if (value == null) {
            if (required) {
                throw invalid("it has no " + key);
            }
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid("its " + key + " is not one of the fixed values");
        }
    }

    /** A string no longer than {@code max}, or null for JSON null, a missing key or an empty string. */
    private static String text(JsonNode root, String key, int max) {
        JsonNode node = root.get(key);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString()) {
            throw invalid("its " + key + " is not a string");
        }
        String value = node.stringValue().strip();
        if (value.length() > max) {
            throw invalid("its " + key + " is longer than " + max + " characters");
        }
        return value.isEmpty() ? null : value;
    }

    /** Compared as said: width-normalised, case and spaces ignored ("John Smith" in "this is john smith"). */
    private static boolean occursIn(String name, String text) {
        String n = SpokenNumbers.widthNormalised(name).replaceAll("[\\s　]", "").toLowerCase(Locale.ROOT);
        String t = SpokenNumbers.widthNormalised(text).replaceAll("[\\s　]", "").toLowerCase(Locale.ROOT);
        return !n.isEmpty() && t.contains(n);
    }

    private static SummariserException invalid(String why) {
        return new SummariserException("the LLM summariser's answer was rejected: " + why);
    }
}

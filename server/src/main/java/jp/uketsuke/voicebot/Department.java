package jp.uketsuke.voicebot;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A group of staff phones a transfer can name (営業部, 受付): its extensions are rung in turn until one answers.
 *
 * @param id         what transfer nodes name
 * @param name       what the console shows
 * @param extensions staff phones' extensions, in the order they are tried
 */
public record Department(String id, String name, List<String> extensions) {

    public static final int MAX_EXTENSIONS = 20;
    private static final Pattern EXTENSION = Pattern.compile("[0-9A-Za-z_-]{1,32}");

    public Department {
        id = id == null ? "" : id.strip();
        if (!EXTENSION.matcher(id).matches()) {
            throw new IllegalArgumentException("a department's id is 1-32 letters, digits, - or _");
        }
        name = name == null || name.isBlank() ? id : name.strip();
        if (name.length() > 100) {
            throw new IllegalArgumentException("department " + id + ": a name is at most 100 characters");
        }
        extensions = Flow.entries(extensions, "extension");
        if (extensions.isEmpty() || extensions.size() > MAX_EXTENSIONS) {
            throw new IllegalArgumentException("department " + id + " has 1 to " + MAX_EXTENSIONS + " extensions");
        }
        for (String e : extensions) {
            if (e == null || !EXTENSION.matcher(e).matches()) {
                throw new IllegalArgumentException("department " + id + ": an extension is 1-32 letters, digits, - or _");
            }
        }
    }
}

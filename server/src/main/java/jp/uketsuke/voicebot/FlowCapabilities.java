package jp.uketsuke.voicebot;

import java.util.Locale;
import java.util.Set;

/**
 * What a flow may use on this installation for this tenant: validation refuses anything else.
 *
 * @param languages       primary language subtags the installation can speak ("en", "ja"); none when synthesis is
 *                        off, and every prompt is a chime
 * @param recordedPrompts ids of the tenant's own uploaded prompts
 * @param extensions      the tenant's staff phones and desk phones
 */
public record FlowCapabilities(Set<String> languages, Set<String> recordedPrompts, Set<String> extensions) {

    public FlowCapabilities {
        languages = languages.stream().map(l -> primary(l)).collect(java.util.stream.Collectors.toUnmodifiableSet());
        recordedPrompts = Set.copyOf(recordedPrompts);
        extensions = Set.copyOf(extensions);
    }

    public boolean speaks(String language) {
        return languages.contains(primary(language));
    }

    static String primary(String language) {
        int dash = language.indexOf('-');
        return (dash < 0 ? language : language.substring(0, dash)).toLowerCase(Locale.ROOT);
    }
}

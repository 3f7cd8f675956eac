package jp.uketsuke.speech;

import java.util.Locale;
import java.util.Map;

/**
 * Sends each prompt to the engine for its language (by primary subtag: "ja" takes ja and ja-JP) and every
 * other language to one general engine, because no single free engine speaks both Japanese and English well.
 */
public final class LanguageRoutedSynthesizer implements SpeechSynthesizer {

    private final Map<String, SpeechSynthesizer> byLanguage;
    private final SpeechSynthesizer otherwise;

    /**
     * @param byLanguage engines by lower-case primary language subtag, e.g. "ja"
     * @param otherwise engine for every other language, or null when none is installed
     */
    public LanguageRoutedSynthesizer(Map<String, SpeechSynthesizer> byLanguage, SpeechSynthesizer otherwise) {
        this.byLanguage = Map.copyOf(byLanguage);
        this.otherwise = otherwise;
    }

    @Override
    public AudioClip synthesize(String text, String language) {
        SpeechSynthesizer engine = byLanguage.getOrDefault(primaryLanguage(language), otherwise);
        if (engine == null) {
            throw new SpeechException("no speech synthesizer is installed for the language "
                    + (language == null ? "null" : "'" + language + "'"));
        }
        return engine.synthesize(text, language);
    }

    static String primaryLanguage(String language) {
        if (language == null) {
            return "";
        }
        int dash = language.indexOf('-');
        return (dash < 0 ? language : language.substring(0, dash)).toLowerCase(Locale.ROOT);
    }
}

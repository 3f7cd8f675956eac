package jp.uketsuke.speech;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import jp.uketsuke.speech.espeak.EspeakSynthesizer;
import jp.uketsuke.speech.http.HttpRecognizer;
import jp.uketsuke.speech.openjtalk.OpenJTalkSynthesizer;
import jp.uketsuke.speech.pocketsphinx.PocketsphinxRecognizer;
import jp.uketsuke.speech.vosk.VoskRecognizer;
import jp.uketsuke.speech.whisper.WhisperRecognizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The speech engines this installation can use, built from {@link SpeechSettings}. An engine that is
 * not installed is absent, with a message naming what to install, so the server still starts and
 * falls back to DTMF menus and recorded prompts.
 */
public final class SpeechEngines implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SpeechEngines.class);

    // Adding an engine: one class implementing the interface, one line here.
    private static final Map<String, Function<SpeechSettings, SpeechRecognizer>> RECOGNIZERS = Map.of(
            "pocketsphinx", s -> new PocketsphinxRecognizer(pocketsphinxConfig(s)),
            "vosk", s -> new VoskRecognizer(s.voskModel()),
            "whisper", s -> new WhisperRecognizer(WhisperRecognizer.Config.of(s.whisperModel())),
            "http", s -> new HttpRecognizer(httpConfig(s)));
    private static final Map<String, Function<SpeechSettings, SpeechSynthesizer>> SYNTHESIZERS = Map.of(
            "espeak", s -> new EspeakSynthesizer(new EspeakSynthesizer.Config(s.espeakBinary(),
                    s.espeakWordsPerMinute(), Duration.ofSeconds(20), 2000)));

    private final SpeechRecognizer recognizer;
    private final SpeechSynthesizer synthesizer;
    private final Set<String> languages;
    private final List<String> problems;

    private SpeechEngines(SpeechRecognizer recognizer, SpeechSynthesizer synthesizer, Set<String> languages,
                          List<String> problems) {
        this.recognizer = recognizer;
        this.synthesizer = synthesizer;
        this.languages = java.util.Set.copyOf(languages);
        this.problems = List.copyOf(problems);
    }

    /** Builds what can be built; never throws for a missing engine, only for an unknown engine name. */
    public static SpeechEngines create(SpeechSettings settings) {
        List<String> problems = new ArrayList<>();
        SpeechRecognizer recognizer = null;
        if (!settings.recognizer().equals("auto")) {
            recognizer = build("recognizer", settings.recognizer(), RECOGNIZERS, settings, problems);
        } else if (settings.voskModel() != null) {
            recognizer = build("recognizer", "vosk", RECOGNIZERS, settings, problems);
        } else if (settings.whisperModel() != null) {
            recognizer = build("recognizer", "whisper", RECOGNIZERS, settings, problems);
        } else if (pocketsphinxConfig(settings).problems().isEmpty()) {
            recognizer = build("recognizer", "pocketsphinx", RECOGNIZERS, settings, problems);
        } else {
            problems.add("no speech recognizer is installed: install the Debian packages libpocketsphinx3 and "
                    + "pocketsphinx-en-us, or configure a Vosk model directory or a whisper model file");
        }
        SpeechSynthesizer synthesizer = build("synthesizer", settings.synthesizer(), SYNTHESIZERS, settings,
                problems);
        // espeak-ng is trusted with English only: its Japanese voice says "Chinese letter" for every kanji
        Set<String> languages = new TreeSet<>();
        if (synthesizer != null) {
            languages.add("en");
        }
        if (!settings.synthesizer().equals("none")) {
            SpeechSynthesizer japanese = japanese(settings, problems);
            if (japanese != null) {
                synthesizer = new LanguageRoutedSynthesizer(Map.of("ja", japanese), synthesizer);
                languages.add("ja");
            }
        }
        if (synthesizer != null && settings.promptCacheSize() > 0) {
            synthesizer = new PromptCache(synthesizer, settings.promptCacheSize());
        }
        problems.forEach(p -> log.warn("speech: {}", p));
        return new SpeechEngines(recognizer, synthesizer, languages, problems);
    }

    private static <T> T build(String kind, String name, Map<String, Function<SpeechSettings, T>> engines,
            SpeechSettings settings, List<String> problems) {
        if (name.equals("none")) {
            problems.add("speech " + kind + " is switched off");
            return null;
        }
        Function<SpeechSettings, T> factory = engines.get(name);
        if (factory == null) {
            throw new SpeechException("unknown speech " + kind + " '" + name + "'; choose one of "
                    + engines.keySet() + (kind.equals("recognizer") ? ", auto" : "") + " or none");
        }
        try {
            return factory.apply(settings);
        } catch (SpeechException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    /** Open JTalk, or null with the reason: espeak-ng then speaks Japanese too, badly ("Chinese letter"). */
    private static SpeechSynthesizer japanese(SpeechSettings s, List<String> problems) {
        try {
            return new OpenJTalkSynthesizer(new OpenJTalkSynthesizer.Config(s.openJtalkBinary(),
                    s.openJtalkDictionary(), s.openJtalkVoice(), 1.0, Duration.ofSeconds(20), 2000));
        } catch (SpeechException e) {
            problems.add("Japanese prompts fall back to " + s.synthesizer() + ", which cannot read kanji: "
                    + e.getMessage());
            return null;
        }
    }

    private static HttpRecognizer.Config httpConfig(SpeechSettings s) {
        if (s.httpRecognizer() == null) {
            throw new SpeechException("the HTTP recogniser is chosen but no server URL is configured");
        }
        return s.httpRecognizer();
    }

    private static PocketsphinxRecognizer.Config pocketsphinxConfig(SpeechSettings s) {
        return PocketsphinxRecognizer.Config.of(s.pocketsphinxLibraries(), s.pocketsphinxModel(),
                Math.max(1, s.pocketsphinxDecoders()));
    }

    public Optional<SpeechRecognizer> recognizer() {
        return Optional.ofNullable(recognizer);
    }

    public Optional<SpeechSynthesizer> synthesizer() {
        return Optional.ofNullable(synthesizer);
    }

    /** Primary language subtags prompts can be spoken in ("en" by espeak-ng, "ja" by Open JTalk). */
    public Set<String> languages() {
        return languages;
    }

    /** Why an engine is missing and what to install; empty when everything configured works. */
    public List<String> problems() {
        return problems;
    }

    @Override
    public void close() {
        if (recognizer instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                log.warn("speech recognizer did not close cleanly: {}", e.getClass().getSimpleName());
            }
        }
    }
}

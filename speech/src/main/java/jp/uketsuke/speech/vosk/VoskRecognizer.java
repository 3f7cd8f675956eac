package jp.uketsuke.speech.vosk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Recognition;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.RecognitionStream;
import jp.uketsuke.speech.SpeechRecognizer;
import jp.uketsuke.speech.StreamingRecognizer;
import jp.uketsuke.speech.Vocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Offline recognition with Vosk (Kaldi), the on-premises engine for Japanese. The model directory
 * (e.g. vosk-model-small-ja-0.22) is configured by the administrator; nothing is downloaded. The
 * vocabulary's phrases become the recogniser's grammar, with "[unk]" for anything else; an empty
 * vocabulary (a message) is recognised against the full model.
 */
public final class VoskRecognizer implements SpeechRecognizer, StreamingRecognizer, AutoCloseable {

    public static final int SAMPLE_RATE = 16_000;

    private static final Logger log = LoggerFactory.getLogger(VoskRecognizer.class);
    static final int MAX_SECONDS = 60;
    private static final int MAX_PHRASES = 1000;
    private static final int MAX_PHRASE_LENGTH = 200;
    private static final Pattern TEXT = Pattern.compile("\"text\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern PARTIAL = Pattern.compile("\"partial\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern CONFIDENCE = Pattern.compile("\"conf\"\\s*:\\s*([0-9.eE+-]+)");

    private final Model model;

    public VoskRecognizer(Path modelDirectory) {
        List<String> problems = problems(modelDirectory);
        if (!problems.isEmpty()) {
            throw new SpeechException(String.join("; ", problems));
        }
        try {
            LibVosk.setLogLevel(LogLevel.WARNINGS);
            this.model = new Model(modelDirectory.toString());
        } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
            throw new SpeechException("Vosk could not load the model in " + modelDirectory + " (" + e.getMessage()
                    + "); download a Vosk model (e.g. vosk-model-small-ja-0.22) and unpack it there", e);
        }
    }

    /** What is wrong with a model directory, checked before the native library ever sees it. */
    public static List<String> problems(Path modelDirectory) {
        if (modelDirectory == null) {
            return List.of("no Vosk model directory is configured");
        }
        if (!Files.isDirectory(modelDirectory)) {
            return List.of("Vosk model directory " + modelDirectory + " does not exist or is not a directory");
        }
        List<String> problems = new ArrayList<>();
        boolean acoustic = Files.isRegularFile(modelDirectory.resolve("am/final.mdl"))
                || Files.isRegularFile(modelDirectory.resolve("final.mdl"));
        boolean features = Files.isRegularFile(modelDirectory.resolve("conf/mfcc.conf"))
                || Files.isRegularFile(modelDirectory.resolve("mfcc.conf"));
        if (!acoustic || !features) {
            problems.add("Vosk model directory " + modelDirectory
                    + " does not hold a Vosk model (am/final.mdl and conf/mfcc.conf are missing)");
        }
        return problems;
    }

    @Override
    public Recognition recognize(AudioClip utterance, Vocabulary vocabulary) {
        if (utterance == null || utterance.samples() == null || vocabulary == null) {
            throw new SpeechException("no audio or vocabulary to recognise");
        }
        if ((long) utterance.samples().length > (long) MAX_SECONDS * utterance.sampleRate()) {
            throw new SpeechException("utterance longer than " + MAX_SECONDS + " s");
        }
        short[] audio = Resampler.resample(utterance, SAMPLE_RATE).samples();
        if (audio.length == 0) {
            return Recognition.NOTHING;
        }
        long started = System.nanoTime();
        try (Recognizer recognizer = newRecognizer(vocabulary)) {
            recognizer.acceptWaveForm(audio, audio.length);
            Recognition result = parse(recognizer.getFinalResult());
            log.debug("recognised {} ms of audio in {} ms: {} characters", audio.length * 1000L / SAMPLE_RATE,
                    (System.nanoTime() - started) / 1_000_000, result.text().length());
            return result;
        }
    }

    /** Vosk hears the utterance as it arrives and revises its partial hypothesis with every frame. */
    @Override
    public RecognitionStream open(int sampleRate, Vocabulary vocabulary) {
        if (vocabulary == null) {
            throw new SpeechException("no vocabulary to recognise against");
        }
        Resampler.Stream resampler = Resampler.stream(sampleRate, SAMPLE_RATE);
        return new VoskStream(newRecognizer(vocabulary), resampler, sampleRate);
    }

    /**
     * A recogniser per utterance: the model is shared and thread-safe, a recogniser is not. No phrases
     * means open dictation (a message): the model's full vocabulary, no grammar.
     */
    private Recognizer newRecognizer(Vocabulary vocabulary) {
        try {
            Recognizer recognizer = vocabulary.phrases().isEmpty() ? new Recognizer(model, SAMPLE_RATE)
                    : new Recognizer(model, SAMPLE_RATE, grammar(vocabulary));
            recognizer.setWords(true);
            return recognizer;
        } catch (IOException e) {
            throw new SpeechException("Vosk could not create a recogniser: " + e.getMessage(), e);
        }
    }

    /** The grammar as a JSON array of phrases; every string is escaped, so phrases cannot break out. */
    static String grammar(Vocabulary vocabulary) {
        if (vocabulary.phrases().size() > MAX_PHRASES) {
            throw new SpeechException("vocabulary has more than " + MAX_PHRASES + " phrases");
        }
        Set<String> phrases = new LinkedHashSet<>();
        for (String phrase : vocabulary.phrases()) {
            if (phrase == null || phrase.isBlank()) {
                continue;
            }
            if (phrase.length() > MAX_PHRASE_LENGTH) {
                throw new SpeechException("a vocabulary phrase is longer than " + MAX_PHRASE_LENGTH + " characters");
            }
            phrases.add(phrase.strip().toLowerCase(Locale.ROOT));
        }
        phrases.add("[unk]");
        StringBuilder json = new StringBuilder("[");
        for (String p : phrases) {
            json.append(json.length() > 1 ? "," : "").append('"');
            p.codePoints().forEach(c -> {
                if (c == '"' || c == '\\') {
                    json.append('\\').appendCodePoint(c);
                } else if (c < 0x20) {
                    json.append(String.format(Locale.ROOT, "\\u%04x", c));
                } else {
                    json.appendCodePoint(c);
                }
            });
            json.append('"');
        }
        return json.append(']').toString();
    }

    /** Reads text and mean word confidence from Vosk's result JSON; "[unk]" is not text. */
    static Recognition parse(String json) {
        if (json == null) {
            return Recognition.NOTHING;
        }
        Matcher text = TEXT.matcher(json);
        if (!text.find()) {
            return Recognition.NOTHING;
        }
        String heard = unescape(text.group(1)).replace("[unk]", " ").replaceAll("\\s+", " ").strip();
        if (heard.isEmpty()) {
            return Recognition.NOTHING;
        }
        Matcher conf = CONFIDENCE.matcher(json);
        double sum = 0;
        int words = 0;
        while (conf.find()) {
            try {
                sum += Double.parseDouble(conf.group(1));
                words++;
            } catch (NumberFormatException e) {
                // a malformed number is left out of the average
            }
        }
        double confidence = words == 0 ? 0.5 : Math.max(0, Math.min(1, sum / words));
        return new Recognition(heard, confidence);
    }

    /** Reads the running hypothesis from Vosk's partial-result JSON; "[unk]" is not text. */
    static String partial(String json) {
        Matcher partial = json == null ? null : PARTIAL.matcher(json);
        if (partial == null || !partial.find()) {
            return "";
        }
        return unescape(partial.group(1)).replace("[unk]", " ").replaceAll("\\s+", " ").strip();
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'n', 'r', 't' -> out.append(' ');
                case 'u' -> {
                    if (i + 4 < s.length() && s.substring(i + 1, i + 5).matches("[0-9a-fA-F]{4}")) {
                        out.append((char) Integer.parseInt(s.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                }
                default -> out.append(next);
            }
        }
        return out.toString();
    }

    @Override
    public void close() {
        model.close();
    }
}

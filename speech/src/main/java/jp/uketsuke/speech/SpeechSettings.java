package jp.uketsuke.speech;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import jp.uketsuke.speech.http.HttpRecognizer;
import jp.uketsuke.speech.openjtalk.OpenJTalkSynthesizer;

/**
 * How speech engines are chosen; every field has a default that works on a Debian laptop.
 *
 * @param recognizer "auto", "pocketsphinx", "vosk", "whisper", "http" or "none"; auto = Vosk when a model directory
 *     is configured, else whisper when a model file is, else pocketsphinx when its library and model are installed
 * @param voskModel Vosk model directory, or null
 * @param pocketsphinxLibraries directory holding libpocketsphinx.so.3 and libsphinxbase.so.3, or null
 *     for the system's multiarch directory
 * @param pocketsphinxModel directory holding en-us/ and cmudict-en-us.dict, or null for the Debian one
 * @param pocketsphinxDecoders how many utterances pocketsphinx decodes at once
 * @param synthesizer "espeak" or "none"; with espeak, Japanese prompts go to Open JTalk when it is installed
 * @param espeakBinary path of the espeak-ng program
 * @param espeakWordsPerMinute speaking rate
 * @param promptCacheSize how many synthesised prompts are kept in memory (0 = no cache)
 * @param openJtalkBinary the open_jtalk program that speaks Japanese prompts (null = Debian's)
 * @param openJtalkDictionary its MeCab dictionary directory (null = Debian's naist-jdic)
 * @param openJtalkVoice its HTS voice file (null = $UKETSUKE_OPENJTALK_VOICE, else the launcher's
 *     $UKETSUKE_DATA_DIR/voices/mei_normal.htsvoice)
 * @param whisperModel whisper.cpp ggml model file, or null
 * @param httpRecognizer the on-premises transcription server, or null
 */
public record SpeechSettings(String recognizer, Path voskModel, Path pocketsphinxLibraries, Path pocketsphinxModel,
        int pocketsphinxDecoders, String synthesizer, Path espeakBinary, int espeakWordsPerMinute,
        int promptCacheSize, Path openJtalkBinary, Path openJtalkDictionary, Path openJtalkVoice, Path whisperModel,
        HttpRecognizer.Config httpRecognizer) {

    public SpeechSettings {
        recognizer = recognizer == null ? "auto" : recognizer.strip().toLowerCase(Locale.ROOT);
        synthesizer = synthesizer == null ? "espeak" : synthesizer.strip().toLowerCase(Locale.ROOT);
        if (espeakBinary == null) {
            espeakBinary = Path.of("/usr/bin/espeak-ng");
        }
        if (openJtalkBinary == null) {
            openJtalkBinary = OpenJTalkSynthesizer.Config.DEFAULT_BINARY;
        }
        if (openJtalkDictionary == null) {
            openJtalkDictionary = OpenJTalkSynthesizer.Config.DEFAULT_DICTIONARY;
        }
        if (openJtalkVoice == null) {
            openJtalkVoice = OpenJTalkSynthesizer.Config.defaultVoice();
        }
        if (promptCacheSize < 0) {
            throw new SpeechException("prompt cache size must not be negative");
        }
    }

    public static SpeechSettings defaults() {
        return new SpeechSettings("auto", null, null, null, 2, "espeak", null, 160, 200, null, null, null, null, null);
    }

    public SpeechSettings withRecognizer(String name) {
        return new SpeechSettings(name, voskModel, pocketsphinxLibraries, pocketsphinxModel, pocketsphinxDecoders,
                synthesizer, espeakBinary, espeakWordsPerMinute, promptCacheSize, openJtalkBinary, openJtalkDictionary,
                openJtalkVoice, whisperModel, httpRecognizer);
    }

    public SpeechSettings withVoskModel(Path directory) {
        return new SpeechSettings(recognizer, directory, pocketsphinxLibraries, pocketsphinxModel,
                pocketsphinxDecoders, synthesizer, espeakBinary, espeakWordsPerMinute, promptCacheSize, openJtalkBinary,
                openJtalkDictionary, openJtalkVoice, whisperModel, httpRecognizer);
    }

    public SpeechSettings withPocketsphinx(Path libraries, Path model) {
        return new SpeechSettings(recognizer, voskModel, libraries, model, pocketsphinxDecoders, synthesizer,
                espeakBinary, espeakWordsPerMinute, promptCacheSize, openJtalkBinary, openJtalkDictionary,
                openJtalkVoice, whisperModel, httpRecognizer);
    }

    public SpeechSettings withSynthesizer(String name, Path binary) {
        return new SpeechSettings(recognizer, voskModel, pocketsphinxLibraries, pocketsphinxModel,
                pocketsphinxDecoders, name, binary, espeakWordsPerMinute, promptCacheSize, openJtalkBinary,
                openJtalkDictionary, openJtalkVoice, whisperModel, httpRecognizer);
    }

    /** Open JTalk for Japanese prompts; a null path keeps the default. */
    public SpeechSettings withOpenJtalk(Path binary, Path dictionary, Path voice) {
        return new SpeechSettings(recognizer, voskModel, pocketsphinxLibraries, pocketsphinxModel,
                pocketsphinxDecoders, synthesizer, espeakBinary, espeakWordsPerMinute, promptCacheSize, binary,
                dictionary, voice, whisperModel, httpRecognizer);
    }

    public SpeechSettings withWhisperModel(Path file) {
        return new SpeechSettings(recognizer, voskModel, pocketsphinxLibraries, pocketsphinxModel,
                pocketsphinxDecoders, synthesizer, espeakBinary, espeakWordsPerMinute, promptCacheSize, openJtalkBinary,
                openJtalkDictionary, openJtalkVoice, file, httpRecognizer);
    }

    /** The transcription server at {@code baseUrl}; model, token and time-out may be null for defaults. */
    public SpeechSettings withHttpRecognizer(URI baseUrl, String model, String token, Duration timeout) {
        HttpRecognizer.Config server = new HttpRecognizer.Config(baseUrl, model, token,
                timeout != null ? timeout : HttpRecognizer.Config.DEFAULT_TIMEOUT);
        return new SpeechSettings(recognizer, voskModel, pocketsphinxLibraries, pocketsphinxModel,
                pocketsphinxDecoders, synthesizer, espeakBinary, espeakWordsPerMinute, promptCacheSize, openJtalkBinary,
                openJtalkDictionary, openJtalkVoice, whisperModel, server);
    }
}

package jp.uketsuke.speech.whisper;

import io.github.givimad.whisperjni.WhisperContext;
import io.github.givimad.whisperjni.WhisperContextParams;
import io.github.givimad.whisperjni.WhisperFullParams;
import io.github.givimad.whisperjni.WhisperJNI;
import io.github.givimad.whisperjni.WhisperSamplingStrategy;
import io.github.givimad.whisperjni.WhisperState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Recognition;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.SpeechRecognizer;
import jp.uketsuke.speech.Vocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline recognition with whisper.cpp (through whisper-jni, which bundles the native library for
 * Linux x86_64/arm64, macOS and Windows). The administrator supplies a ggml model file, e.g. a
 * multilingual ggml-small.bin or ggml-large-v3-turbo.bin for Japanese; nothing is downloaded.
 *
 * <p>Whisper transcribes openly, so the vocabulary's phrases are a hint (the initial prompt), not a
 * grammar. One model is shared by a fixed pool of decoding states, all made at start-up.
 */
public final class WhisperRecognizer implements SpeechRecognizer, AutoCloseable {

    public static final int SAMPLE_RATE = 16_000;

    private static final Logger log = LoggerFactory.getLogger(WhisperRecognizer.class);
    private static final int MAX_SECONDS = 60;
    // whisper.cpp skips input under one second; short answers ("はい") are padded with silence instead.
    private static final int MIN_SAMPLES = SAMPLE_RATE * 11 / 10;
    // Whisper reads at most half its 448-token text context of prompt; more characters are wasted.
    private static final int MAX_HINT_CHARACTERS = 200;
    // whisper-jni reports no token probabilities, so a transcript's confidence is unknown.
    private static final double UNKNOWN_CONFIDENCE = 0.5;
    private static final Set<String> LANGUAGES = Set.of(("en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi"
            + " vi he uk el ms cs ro da hu ta no th ur hr bg lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is"
            + " hy ne mn bs kk sq sw gl mr pa si km sn yo so af oc ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb"
            + " my bo tl mg as tt haw ln ha ba jw su yue").split(" "));
    /**
     * whisper-jni keeps its native objects in global maps without a lock: creating or freeing a model
     * or state takes this lock exclusively, decoding shares it.
     */
    private static final ReentrantReadWriteLock NATIVE = new ReentrantReadWriteLock();
    private static String libraryProblem;
    private static boolean libraryLoaded;

    /**
     * @param model the whisper.cpp ggml model file
     * @param states how many utterances are decoded at once; each holds its own buffers (tens to
     *     hundreds of MB, by model size)
     * @param threads CPU threads per decoding; 0 shares the processors among the states
     */
    public record Config(Path model, int states, int threads) {

        public Config {
            if (states < 1 || states > 16) {
                throw new SpeechException("whisper decoding states must be 1–16, not " + states);
            }
            if (threads < 0 || threads > 64) {
                throw new SpeechException("whisper threads must be 0–64, not " + threads);
            }
        }

        public static Config of(Path model) {
            return new Config(model, 2, 0);
        }
    }

    private final WhisperJNI whisper = new WhisperJNI();
    private final WhisperContext context;
    private final List<WhisperState> states;
    private final BlockingQueue<WhisperState> idle;
    private final boolean multilingual;
    private final int threads;
    private volatile boolean closed;

    public WhisperRecognizer(Config config) {
        WhisperModelFile.check(config.model());
        loadLibrary();
        this.threads = config.threads() > 0 ? config.threads()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / config.states());
        NATIVE.writeLock().lock();
        try {
            WhisperContextParams params = new WhisperContextParams();
            params.useGPU = false;
            this.context = whisper.initNoState(config.model(), params);
            if (context == null) {
                throw new SpeechException("whisper.cpp could not load the model in " + config.model()
                        + "; it is damaged or of a format this whisper.cpp (1.7) does not read");
            }
            this.multilingual = whisper.isMultilingual(context);
            this.states = new ArrayList<>();
            for (int i = 0; i < config.states(); i++) {
                WhisperState state = whisper.initState(context);
                if (state == null) {
                    states.forEach(WhisperState::close);
                    context.close();
                    throw new SpeechException("whisper.cpp could not allocate decoding state " + (i + 1) + " of "
                            + config.states() + " for " + config.model() + " (out of memory?)");
                }
                states.add(state);
            }
            this.idle = new LinkedBlockingQueue<>(states);
        } catch (IOException e) {
            throw new SpeechException("whisper.cpp could not open " + config.model() + ": " + e.getMessage(), e);
        } finally {
            NATIVE.writeLock().unlock();
        }
        log.info("whisper model {} loaded: {}, {} decoding states of {} threads", config.model().getFileName(),
                multilingual ? "multilingual" : "English only", states.size(), threads);
    }

    /** Loads the bundled native library once; its log is switched off (it would go to stderr). */
    private static synchronized void loadLibrary() {
        if (libraryLoaded) {
            return;
        }
        if (libraryProblem == null) {
            try {
                WhisperJNI.loadLibrary();
                WhisperJNI.setLibraryLogger(null);
                libraryLoaded = true;
                return;
            } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
                libraryProblem = "whisper.cpp's native library could not be loaded (" + e.getMessage() + "); it "
                        + "needs Linux x86_64 or arm64 with glibc 2.31 or later and libgomp1, and a temporary "
                        + "directory that allows executables (or -Dio.github.givimad.whisperjni.libdir)";
            }
        }
        throw new SpeechException(libraryProblem);
    }

    @Override
    public Recognition recognize(AudioClip utterance, Vocabulary vocabulary) {
        if (utterance == null || utterance.samples() == null || vocabulary == null) {
            throw new SpeechException("no audio or vocabulary to recognise");
        }
        if ((long) utterance.samples().length > (long) MAX_SECONDS * utterance.sampleRate()) {
            throw new SpeechException("utterance longer than " + MAX_SECONDS + " s");
        }
        WhisperFullParams params = params(vocabulary);
        short[] audio = Resampler.resample(utterance, SAMPLE_RATE).samples();
        if (audio.length == 0) {
            return Recognition.NOTHING;
        }
        float[] samples = new float[Math.max(audio.length, MIN_SAMPLES)];
        for (int i = 0; i < audio.length; i++) {
            samples[i] = audio[i] / 32768f;
        }
        long started = System.nanoTime();
        WhisperState state = acquire();
        NATIVE.readLock().lock();
        try {
            if (closed) { // closed while this call waited for the lock: the state is freed
                throw new SpeechException("whisper recognizer is closed");
            }
            int status = whisper.fullWithState(context, state, params, samples, samples.length);
            if (status != 0) {
                throw new SpeechException("whisper.cpp could not transcribe the utterance (status " + status + ")");
            }
            StringBuilder text = new StringBuilder();
            int segments = whisper.fullNSegmentsFromState(state);
            for (int i = 0; i < segments; i++) {
                text.append(whisper.fullGetSegmentTextFromState(state, i));
            }
            String heard = text.toString().replaceAll("\\s+", " ").strip();
            log.debug("recognised {} ms of audio in {} ms: {} characters", audio.length * 1000L / SAMPLE_RATE,
                    (System.nanoTime() - started) / 1_000_000, heard.length());
            return heard.isEmpty() ? Recognition.NOTHING : new Recognition(heard, UNKNOWN_CONFIDENCE);
        } finally {
            NATIVE.readLock().unlock();
            idle.add(state);
        }
    }

    private WhisperFullParams params(Vocabulary vocabulary) {
        String language = language(vocabulary.language());
        if (!multilingual && !language.equals("en")) {
            throw new SpeechException("the whisper model is English only; configure a multilingual model (one "
                    + "without .en in its name) to recognise " + vocabulary.language());
        }
        WhisperFullParams params = new WhisperFullParams(WhisperSamplingStrategy.GREEDY);
        params.language = language;
        params.detectLanguage = false;
        params.translate = false;
        params.noTimestamps = true;
        params.noContext = true;
        params.suppressNonSpeechTokens = true;
        params.printProgress = false;
        params.printRealtime = false;
        params.printTimestamps = false;
        params.printSpecial = false;
        params.nThreads = threads;
        params.initialPrompt = vocabulary.prompt(MAX_HINT_CHARACTERS);
        return params;
    }

    /** "ja-JP" → "ja"; a language whisper does not know is refused here, not passed to the native side. */
    static String language(String tag) {
        String primary = tag == null ? "" : tag.strip().toLowerCase(Locale.ROOT).split("[-_]", 2)[0];
        if (!LANGUAGES.contains(primary)) {
            throw new SpeechException("whisper does not recognise the language '" + tag + "'");
        }
        return primary;
    }

    private WhisperState acquire() {
        try {
            while (!closed) {
                WhisperState state = idle.poll(200, TimeUnit.MILLISECONDS);
                if (state != null) {
                    return state;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted while waiting for a whisper decoding state", e);
        }
        throw new SpeechException("whisper recognizer is closed");
    }

    /** Waits for decodings under way, then frees the states and the model. */
    @Override
    public void close() {
        NATIVE.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            states.forEach(WhisperState::close);
            context.close();
        } finally {
            NATIVE.writeLock().unlock();
        }
    }
}

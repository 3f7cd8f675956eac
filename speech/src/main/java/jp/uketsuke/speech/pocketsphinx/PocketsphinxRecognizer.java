package jp.uketsuke.speech.pocketsphinx;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Recognition;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.SpeechRecognizer;
import jp.uketsuke.speech.Vocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline English recognition with CMU pocketsphinx (Debian {@code libpocketsphinx3} and
 * {@code pocketsphinx-en-us}) through JNA.
 *
 * <p>Each vocabulary becomes a JSGF grammar whose alternatives are its phrases (words missing from
 * the dictionary are left out). Whole-phrase alternatives recognise espeak-ng and telephone-band
 * audio far better than a free word loop or keyword spotting, which split "business hours" into
 * filler words on 8 kHz input. The price: out-of-vocabulary speech is forced onto the nearest phrase,
 * so callers should weigh {@link Recognition#confidence()} and confirm important choices.
 *
 * <p>A decoder is heavy (acoustic model and dictionary) and not thread-safe, so decoders are pooled;
 * each keeps the grammars it has already compiled.
 */
public final class PocketsphinxRecognizer implements SpeechRecognizer, AutoCloseable {

    public static final int SAMPLE_RATE = 16_000;

    private static final Logger log = LoggerFactory.getLogger(PocketsphinxRecognizer.class);
    private static final String PACKAGES = "install the Debian packages libpocketsphinx3 and pocketsphinx-en-us";
    private static final int MAX_SECONDS = 60;
    private static final int MAX_PHRASES = 1000;
    private static final int MAX_WORDS_PER_PHRASE = 40;
    private static final int GRAMMARS_PER_DECODER = 32;
    private static final int CACHED_GRAMMARS = 256;
    // Beams wider than the defaults: with them long phrases on 8 kHz audio still reach the grammar's end.
    private static final String BEAM = "1e-80";
    private static final String WORD_BEAM = "1e-60";
    // Hypothesis score per 10 ms frame that maps to confidence 1/e; calibrated on espeak-ng speech.
    private static final double SCORE_SCALE = 50.0;

    /**
     * @param decoders how many utterances can be decoded at once; each decoder holds its own copy of
     *     the model and dictionary in memory
     */
    public record Config(Path sphinxbaseLibrary, Path pocketsphinxLibrary, Path acousticModel, Path dictionary,
            Path languageModel, int decoders) {

        public static final Path DEFAULT_MODEL_DIRECTORY = Path.of("/usr/share/pocketsphinx/model/en-us");

        public Config {
            if (sphinxbaseLibrary == null || pocketsphinxLibrary == null || acousticModel == null
                    || dictionary == null) {
                throw new SpeechException("pocketsphinx library and model paths must all be set");
            }
            if (decoders < 1 || decoders > 64) {
                throw new SpeechException("pocketsphinx decoder pool size must be 1–64, not " + decoders);
            }
        }

        /** The Debian layout; {@code libraryDirectory} null means the multiarch directory of this machine. */
        public static Config of(Path libraryDirectory, Path modelDirectory, int decoders) {
            Path libs = libraryDirectory != null ? libraryDirectory : defaultLibraryDirectory();
            Path model = modelDirectory != null ? modelDirectory : DEFAULT_MODEL_DIRECTORY;
            return new Config(libs.resolve("libsphinxbase.so.3"), libs.resolve("libpocketsphinx.so.3"),
                    model.resolve("en-us"), model.resolve("cmudict-en-us.dict"), model.resolve("en-us.lm.bin"),
                    decoders);
        }

        public static Config defaults() {
            return of(null, null, 2);
        }

        private static Path defaultLibraryDirectory() {
            for (String dir : List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/usr/lib")) {
                if (Files.exists(Path.of(dir, "libpocketsphinx.so.3"))) {
                    return Path.of(dir);
                }
            }
            return Path.of("/usr/lib/x86_64-linux-gnu");
        }

        /** What is missing, or an empty list when everything needed is in place. */
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (!Files.isRegularFile(sphinxbaseLibrary) || !Files.isRegularFile(pocketsphinxLibrary)) {
                problems.add("pocketsphinx library not found at " + pocketsphinxLibrary + " (or " + sphinxbaseLibrary
                        + "); install the Debian package libpocketsphinx3");
            }
            for (String file : List.of("mdef", "means", "variances", "transition_matrices", "feat.params")) {
                if (!Files.isRegularFile(acousticModel.resolve(file))) {
                    problems.add("pocketsphinx acoustic model incomplete: " + acousticModel.resolve(file)
                            + " is missing; install the Debian package pocketsphinx-en-us");
                    break;
                }
            }
            if (!Files.isRegularFile(dictionary)) {
                problems.add("pocketsphinx dictionary not found at " + dictionary
                        + "; install the Debian package pocketsphinx-en-us");
            }
            return problems;
        }
    }

    private final Config config;
    private final PocketsphinxNative lib;
    private final BlockingQueue<Decoder> idle = new LinkedBlockingQueue<>();
    private final AtomicInteger created = new AtomicInteger();
    private final AtomicLong grammarNames = new AtomicLong();
    private final Map<Vocabulary, Grammar> grammars = Collections.synchronizedMap(lru(CACHED_GRAMMARS));
    private volatile boolean closed;

    public PocketsphinxRecognizer(Config config) {
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new SpeechException(String.join("; ", problems));
        }
        this.config = config;
        try {
            this.lib = PocketsphinxNative.load(config.sphinxbaseLibrary(), config.pocketsphinxLibrary());
        } catch (UnsatisfiedLinkError e) {
            throw new SpeechException("cannot load pocketsphinx from " + config.pocketsphinxLibrary() + " ("
                    + e.getMessage() + "); " + PACKAGES, e);
        }
        created.incrementAndGet();
        idle.add(newDecoder()); // fail now, not on the first call, if the model does not load
    }

    @Override
    public Recognition recognize(AudioClip utterance, Vocabulary vocabulary) {
        if (utterance == null || utterance.samples() == null) {
            throw new SpeechException("no audio to recognise");
        }
        if (vocabulary == null) {
            throw new SpeechException("no vocabulary to recognise against");
        }
        if (!vocabulary.language().toLowerCase(Locale.ROOT).startsWith("en")) {
            throw new SpeechException("pocketsphinx has an English model only; cannot recognise "
                    + vocabulary.language() + " (configure Vosk with a model for that language)");
        }
        if ((long) utterance.samples().length > (long) MAX_SECONDS * utterance.sampleRate()) {
            throw new SpeechException("utterance longer than " + MAX_SECONDS + " s");
        }
        AudioClip audio = Resampler.resample(utterance, SAMPLE_RATE);
        if (audio.samples().length == 0) {
            return Recognition.NOTHING;
        }
        long started = System.nanoTime();
        Decoder decoder = acquire();
        boolean healthy = false;
        try {
            Recognition result = decoder.decode(grammarFor(vocabulary, decoder), audio.samples());
            healthy = true;
            log.debug("recognised {} ms of audio in {} ms: {} characters, confidence {}",
                    audio.duration().toMillis(), (System.nanoTime() - started) / 1_000_000, result.text().length(),
                    String.format(Locale.ROOT, "%.2f", result.confidence()));
            return result;
        } finally {
            release(decoder, healthy);
        }
    }

    private Grammar grammarFor(Vocabulary vocabulary, Decoder decoder) {
        if (vocabulary.phrases().isEmpty()) {
            return DICTATION;
        }
        Grammar cached = grammars.get(vocabulary);
        if (cached != null) {
            return cached;
        }
        Grammar grammar = new Grammar("vocabulary" + grammarNames.incrementAndGet(), jsgf(vocabulary, decoder));
        grammars.put(vocabulary, grammar);
        return grammar;
    }

    /** One alternative per phrase, written only with dictionary words so nothing can break the syntax. */
    private String jsgf(Vocabulary vocabulary, Decoder decoder) {
        if (vocabulary.phrases().size() > MAX_PHRASES) {
            throw new SpeechException("vocabulary has " + vocabulary.phrases().size() + " phrases, more than "
                    + MAX_PHRASES);
        }
        Set<String> alternatives = new LinkedHashSet<>();
        int unknownWords = 0;
        for (String phrase : vocabulary.phrases()) {
            String[] words = phrase == null ? new String[0]
                    : phrase.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9']+", " ").trim().split(" +");
            if (words.length > MAX_WORDS_PER_PHRASE) {
                throw new SpeechException("a vocabulary phrase has " + words.length + " words, more than "
                        + MAX_WORDS_PER_PHRASE);
            }
            List<String> known = new ArrayList<>();
            for (String word : words) {
                if (word.isEmpty()) {
                    continue;
                }
                if (decoder.knows(word)) {
                    known.add(word);
                } else {
                    unknownWords++;
                }
            }
            if (!known.isEmpty()) {
                alternatives.add(String.join(" ", known));
            }
        }
        if (unknownWords > 0) {
            log.info("{} vocabulary words are not in the pocketsphinx dictionary and were left out", unknownWords);
        }
        if (alternatives.isEmpty()) {
            throw new SpeechException("none of the vocabulary's " + vocabulary.phrases().size()
                    + " phrases has a word in the pocketsphinx dictionary");
        }
        return "#JSGF V1.0;\ngrammar vocabulary;\npublic <utterance> = " + String.join(" | ", alternatives) + " ;\n";
    }

    private Decoder acquire() {
        if (closed) {
            throw new SpeechException("pocketsphinx recognizer is closed");
        }
        Decoder decoder = idle.poll();
        if (decoder != null) {
            return decoder;
        }
        if (created.incrementAndGet() <= config.decoders()) {
            try {
                return newDecoder();
            } catch (RuntimeException e) {
                created.decrementAndGet();
                throw e;
            }
        }
        created.decrementAndGet();
        try {
            return idle.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechException("interrupted while waiting for a pocketsphinx decoder", e);
        }
    }

    private void release(Decoder decoder, boolean healthy) {
        if (healthy && !closed) {
            idle.add(decoder);
            if (closed && idle.remove(decoder)) { // closed while we were returning it
                decoder.free();
            }
            return;
        }
        decoder.free();
        created.decrementAndGet();
    }

    /**
     * Creating decoders is serialised process-wide: sphinxbase's start-up (configuration parsing,
     * model and dictionary loading) uses global state, and parallel ps_init calls were seen to
     * deadlock inside the library. Decoding itself runs in parallel, one decoder per thread.
     */
    private static final Object NATIVE_SETUP = new Object();

    private Decoder newDecoder() {
        synchronized (NATIVE_SETUP) {
            return createDecoder();
        }
    }

    private Decoder createDecoder() {
        Pointer configuration = lib.sphinxbase.cmd_ln_init(null, lib.pocketsphinx.ps_args(), 1,
                "-hmm", config.acousticModel().toString(),
                "-dict", config.dictionary().toString(),
                "-samprate", Integer.toString(SAMPLE_RATE),
                "-beam", BEAM, "-pbeam", BEAM, "-wbeam", WORD_BEAM,
                // Filler words ([SPEECH], [NOISE]) between phrase words let "no" plus filler swallow a long
                // telephone-band phrase; without them noise alone yields no hypothesis at all.
                "-fsgusefiller", "no",
                "-logfn", "/dev/null",
                null);
        if (configuration == null) {
            throw new SpeechException("pocketsphinx rejected its configuration");
        }
        Pointer ps = lib.pocketsphinx.ps_init(configuration);
        lib.sphinxbase.cmd_ln_free_r(configuration); // the decoder keeps its own reference
        if (ps == null) {
            throw new SpeechException("pocketsphinx could not load the model in " + config.acousticModel() + "; "
                    + PACKAGES);
        }
        return new Decoder(ps);
    }

    /** Frees every idle decoder; decoders in use are freed when their recognition finishes. */
    @Override
    public void close() {
        closed = true;
        Decoder decoder;
        while ((decoder = idle.poll()) != null) {
            decoder.free();
        }
    }

    /** What a search is built from: a JSGF grammar, or the general language model (jsgf null). */
    private record Grammar(String name, String jsgf) {
    }

    /** Open dictation over the general English language model, for messages: no vocabulary to expect. */
    private static final Grammar DICTATION = new Grammar("dictation", null);

    private static <K, V> LinkedHashMap<K, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** One native decoder; used by one thread at a time, which the pool guarantees. */
    private final class Decoder {
        private final Pointer ps;
        private final LinkedHashMap<String, Boolean> loaded = lru(Integer.MAX_VALUE);
        private boolean freed;

        Decoder(Pointer ps) {
            this.ps = ps;
        }

        boolean knows(String word) {
            return lib.pocketsphinx.ps_lookup_word(ps, word) != null;
        }

        Recognition decode(Grammar grammar, short[] samples) {
            if (loaded.get(grammar.name()) == null) {
                synchronized (NATIVE_SETUP) {
                    load(grammar);
                }
            }
            check(lib.pocketsphinx.ps_set_search(ps, grammar.name()), "select the grammar");
            check(lib.pocketsphinx.ps_start_utt(ps), "start an utterance");
            check(lib.pocketsphinx.ps_process_raw(ps, samples, samples.length, 0, 1), "process audio");
            check(lib.pocketsphinx.ps_end_utt(ps), "end the utterance");
            IntByReference score = new IntByReference();
            String hypothesis = lib.pocketsphinx.ps_get_hyp(ps, score);
            if (hypothesis == null || hypothesis.isBlank()) {
                return Recognition.NOTHING;
            }
            double frames = Math.max(1, samples.length / (SAMPLE_RATE / 100.0));
            double confidence = Math.exp(Math.min(0, score.getValue()) / frames / SCORE_SCALE);
            return new Recognition(hypothesis.trim(), confidence);
        }

        /** Compiles a grammar (or loads the dictation model) into this decoder, evicting the eldest. */
        private void load(Grammar grammar) {
            if (grammar.jsgf() == null) {
                if (config.languageModel() == null || !Files.isRegularFile(config.languageModel())
                        || lib.pocketsphinx.ps_set_lm_file(ps, grammar.name(), config.languageModel().toString()) < 0) {
                    throw new SpeechException("pocketsphinx cannot load the language model for dictation at "
                            + config.languageModel() + "; install the Debian package pocketsphinx-en-us");
                }
            } else if (lib.pocketsphinx.ps_set_jsgf_string(ps, grammar.name(), grammar.jsgf()) < 0) {
                throw new SpeechException("pocketsphinx rejected the vocabulary grammar");
            }
            loaded.put(grammar.name(), Boolean.TRUE);
            if (loaded.size() > GRAMMARS_PER_DECODER) {
                String eldest = loaded.keySet().iterator().next();
                loaded.remove(eldest);
                lib.pocketsphinx.ps_unset_search(ps, eldest);
            }
        }

        private void check(int status, String what) {
            if (status < 0) {
                throw new SpeechException("pocketsphinx could not " + what + " (status " + status + ")");
            }
        }

        void free() {
            if (!freed) {
                freed = true;
                synchronized (NATIVE_SETUP) {
                    lib.pocketsphinx.ps_free(ps);
                }
            }
        }
    }
}

package jp.uketsuke.speech;

import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;

/**
 * Finds caller utterances in a stream of audio frames (voice activity detection with end-of-utterance).
 *
 * <p>A frame is speech when its energy stands well above a noise floor, estimated as the quietest
 * frame of the last two seconds: steady line noise raises the floor within that time, while the
 * pauses between words keep it down during speech. An utterance ends after a stretch of trailing
 * silence and is returned with a little audio from before its start (pre-roll), so the first
 * consonant is not lost. Not thread-safe: one detector per call leg.
 */
public final class UtteranceDetector {

    /**
     * @param trailingSilence silence that ends an utterance
     * @param preRoll audio kept from before the first speech frame
     * @param minSpeech utterances with less speech than this (clicks, coughs) are dropped
     * @param maxUtterance longer utterances are cut and returned at this length
     * @param onsetDb energy above the noise floor that starts speech
     * @param sustainDb energy above the noise floor that continues speech
     * @param minSpeechDbfs absolute level below which nothing is speech
     */
    public record Settings(Duration trailingSilence, Duration preRoll, Duration minSpeech, Duration maxUtterance,
            double onsetDb, double sustainDb, double minSpeechDbfs) {

        public Settings {
            for (Duration d : new Duration[] {trailingSilence, preRoll, minSpeech, maxUtterance}) {
                if (d == null || d.isNegative() || d.toMillis() > 120_000) {
                    throw new SpeechException("utterance detector durations must be between 0 and 120 s");
                }
            }
            if (maxUtterance.compareTo(minSpeech) <= 0 || trailingSilence.isZero()) {
                throw new SpeechException("utterance detector needs maxUtterance > minSpeech and trailingSilence > 0");
            }
            if (!(onsetDb > 0 && sustainDb > 0 && sustainDb <= onsetDb && minSpeechDbfs < 0)) {
                throw new SpeechException("utterance detector thresholds must satisfy 0 < sustain <= onset");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofMillis(700), Duration.ofMillis(250), Duration.ofMillis(200),
                    Duration.ofSeconds(15), 12, 8, -50);
        }

        public Settings withTrailingSilence(Duration value) {
            return new Settings(value, preRoll, minSpeech, maxUtterance, onsetDb, sustainDb, minSpeechDbfs);
        }

        public Settings withMaxUtterance(Duration value) {
            return new Settings(trailingSilence, preRoll, minSpeech, value, onsetDb, sustainDb, minSpeechDbfs);
        }
    }

    private static final int FLOOR_WINDOW_MS = 2000;
    private static final int MAX_FRAME_MS = 120;
    private static final double SILENT_DB = -96;
    // Trailing silence kept in an emitted utterance: the recogniser wants some, not all 700 ms.
    private static final int POST_ROLL_MS = 200;

    private final int sampleRate;
    private final Settings settings;
    private final int trailingSilence;
    private final int minSpeech;
    private final int maxUtterance;
    private final int postRoll;
    private final short[] preRoll;
    private final double[] recentEnergy;

    private int preRollFill;
    private int preRollNext;
    private int energyCount;
    private int energyNext;
    private short[] utterance = new short[0];
    private int utteranceLength;
    private boolean inUtterance;
    private int speechSamples;
    private int silenceSamples;

    public UtteranceDetector(int sampleRate) {
        this(sampleRate, Settings.defaults());
    }

    public UtteranceDetector(int sampleRate, Settings settings) {
        if (sampleRate != 8000 && sampleRate != 16000) {
            throw new SpeechException("utterance detector works at 8000 or 16000 Hz, not " + sampleRate);
        }
        this.sampleRate = sampleRate;
        this.settings = settings;
        this.trailingSilence = samples(settings.trailingSilence());
        this.minSpeech = samples(settings.minSpeech());
        this.maxUtterance = samples(settings.maxUtterance());
        this.postRoll = Math.min(trailingSilence, sampleRate * POST_ROLL_MS / 1000);
        this.preRoll = new short[samples(settings.preRoll())];
        this.recentEnergy = new double[FLOOR_WINDOW_MS / 20]; // one entry per typical 20 ms frame
    }

    /**
     * Feeds the next frame (normally 20 ms; 10–120 ms accepted).
     *
     * @return the utterance this frame completed, if any
     */
    public Optional<AudioClip> accept(short[] frame) {
        if (frame == null || frame.length == 0) {
            throw new SpeechException("empty audio frame");
        }
        if (frame.length > sampleRate * MAX_FRAME_MS / 1000) {
            throw new SpeechException("audio frame of " + frame.length + " samples is longer than " + MAX_FRAME_MS
                    + " ms at " + sampleRate + " Hz");
        }
        double energy = energyDb(frame);
        double floor = noiseFloor(energy);
        boolean voiced = energy > settings.minSpeechDbfs()
                && energy > floor + (inUtterance ? settings.sustainDb() : settings.onsetDb());
        if (!inUtterance) {
            if (voiced) {
                inUtterance = true;
                utteranceLength = 0;
                speechSamples = 0;
                silenceSamples = 0;
                appendPreRoll();
            } else {
                remember(frame);
                return Optional.empty();
            }
        }
        append(frame);
        if (voiced) {
            speechSamples += frame.length;
            silenceSamples = 0;
        } else {
            silenceSamples += frame.length;
        }
        if (silenceSamples >= trailingSilence) {
            return finish(utteranceLength - silenceSamples + postRoll);
        }
        if (utteranceLength >= maxUtterance) {
            return finish(utteranceLength);
        }
        return Optional.empty();
    }

    /** True while the caller is talking, once past the minimum speech length: the cue for barge-in. */
    public boolean isSpeaking() {
        return inUtterance && silenceSamples < trailingSilence && speechSamples >= minSpeech;
    }

    /** Returns what has been heard so far as an utterance, e.g. when the call ends mid-sentence. */
    public Optional<AudioClip> flush() {
        return inUtterance ? finish(utteranceLength) : Optional.empty();
    }

    /** Forgets everything, including the noise floor: for a new call or after a prompt was played. */
    public void reset() {
        inUtterance = false;
        utteranceLength = 0;
        utterance = new short[0];
        speechSamples = 0;
        silenceSamples = 0;
        preRollFill = 0;
        preRollNext = 0;
        energyCount = 0;
        energyNext = 0;
    }

    public int sampleRate() {
        return sampleRate;
    }

    private Optional<AudioClip> finish(int length) {
        boolean enoughSpeech = speechSamples >= minSpeech;
        short[] audio = Arrays.copyOf(utterance, Math.min(length, utteranceLength));
        inUtterance = false;
        utteranceLength = 0;
        speechSamples = 0;
        silenceSamples = 0;
        preRollFill = 0;
        preRollNext = 0;
        return enoughSpeech ? Optional.of(new AudioClip(sampleRate, audio)) : Optional.empty();
    }

    private double noiseFloor(double energy) {
        recentEnergy[energyNext] = energy;
        energyNext = (energyNext + 1) % recentEnergy.length;
        energyCount = Math.min(energyCount + 1, recentEnergy.length);
        double floor = Double.MAX_VALUE;
        for (int i = 0; i < energyCount; i++) {
            floor = Math.min(floor, recentEnergy[i]);
        }
        return floor;
    }

    private static double energyDb(short[] frame) {
        double sum = 0;
        for (short s : frame) {
            sum += (double) s * s;
        }
        double rms = Math.sqrt(sum / frame.length) / 32768.0;
        return rms <= 0 ? SILENT_DB : Math.max(SILENT_DB, 20 * Math.log10(rms));
    }

    private void remember(short[] frame) {
        if (preRoll.length == 0) {
            return;
        }
        for (short s : frame) {
            preRoll[preRollNext] = s;
            preRollNext = (preRollNext + 1) % preRoll.length;
        }
        preRollFill = Math.min(preRollFill + frame.length, preRoll.length);
    }

    private void appendPreRoll() {
        int start = (preRollNext - preRollFill + preRoll.length) % Math.max(1, preRoll.length);
        for (int i = 0; i < preRollFill; i++) {
            appendSample(preRoll[(start + i) % preRoll.length]);
        }
    }

    private void append(short[] frame) {
        for (short s : frame) {
            appendSample(s);
        }
    }

    private void appendSample(short s) {
        if (utteranceLength == utterance.length) {
            utterance = Arrays.copyOf(utterance, Math.max(sampleRate, utterance.length * 2));
        }
        utterance[utteranceLength++] = s;
    }

    private int samples(Duration d) {
        return (int) (d.toMillis() * sampleRate / 1000);
    }
}

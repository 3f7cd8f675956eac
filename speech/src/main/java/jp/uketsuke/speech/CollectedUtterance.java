package jp.uketsuke.speech;

import java.util.Arrays;

/** A stream for engines that hear whole utterances: the audio is kept and recognised at the end. */
final class CollectedUtterance implements RecognitionStream {

    // As long as the engines accept; the utterance detector cuts callers off well before.
    static final int MAX_SECONDS = 60;

    private final SpeechRecognizer recognizer;
    private final int sampleRate;
    private final Vocabulary vocabulary;
    private short[] audio = new short[0];
    private int length;
    private boolean done;

    CollectedUtterance(SpeechRecognizer recognizer, int sampleRate, Vocabulary vocabulary) {
        if (sampleRate <= 0 || vocabulary == null) {
            throw new SpeechException("a recognition stream needs a positive sample rate and a vocabulary");
        }
        this.recognizer = recognizer;
        this.sampleRate = sampleRate;
        this.vocabulary = vocabulary;
    }

    @Override
    public String accept(short[] samples) {
        if (done) {
            throw new SpeechException("recognition stream is already finished");
        }
        if ((long) length + samples.length > (long) MAX_SECONDS * sampleRate) {
            throw new SpeechException("utterance longer than " + MAX_SECONDS + " s");
        }
        if (length + samples.length > audio.length) {
            audio = Arrays.copyOf(audio, Math.max(length + samples.length, audio.length * 2));
        }
        System.arraycopy(samples, 0, audio, length, samples.length);
        length += samples.length;
        return "";
    }

    @Override
    public Recognition finish() {
        if (done) {
            throw new SpeechException("recognition stream is already finished");
        }
        done = true;
        short[] utterance = Arrays.copyOf(audio, length);
        audio = new short[0];
        return recognizer.recognize(new AudioClip(sampleRate, utterance), vocabulary);
    }

    @Override
    public void close() {
        done = true;
        audio = new short[0];
    }
}

package jp.uketsuke.speech.vosk;

import java.util.ArrayList;
import java.util.List;
import jp.uketsuke.speech.Recognition;
import jp.uketsuke.speech.RecognitionStream;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.SpeechException;
import org.vosk.Recognizer;

/**
 * One utterance fed to a Vosk recogniser frame by frame. Vosk closes a segment of its own at a pause
 * inside the utterance; the segments heard so far stay in front of the running hypothesis.
 */
final class VoskStream implements RecognitionStream {

    private final Recognizer recognizer;
    private final Resampler.Stream resampler;
    private final long maxSamples;
    private final List<Recognition> segments = new ArrayList<>();
    private long received;
    private boolean done;
    private boolean closed;

    VoskStream(Recognizer recognizer, Resampler.Stream resampler, int sampleRate) {
        this.recognizer = recognizer;
        this.resampler = resampler;
        this.maxSamples = (long) VoskRecognizer.MAX_SECONDS * sampleRate;
    }

    @Override
    public String accept(short[] samples) {
        if (done) {
            throw new SpeechException("recognition stream is already finished");
        }
        received += samples.length;
        if (received > maxSamples) {
            throw new SpeechException("utterance longer than " + VoskRecognizer.MAX_SECONDS + " s");
        }
        short[] audio = resampler.accept(samples);
        if (audio.length > 0 && recognizer.acceptWaveForm(audio, audio.length)) {
            segments.add(VoskRecognizer.parse(recognizer.getResult()));
            return heard("");
        }
        return heard(VoskRecognizer.partial(recognizer.getPartialResult()));
    }

    @Override
    public Recognition finish() {
        if (done) {
            throw new SpeechException("recognition stream is already finished");
        }
        done = true;
        try {
            short[] rest = resampler.finish();
            if (rest.length > 0) {
                recognizer.acceptWaveForm(rest, rest.length);
            }
            segments.add(VoskRecognizer.parse(recognizer.getFinalResult()));
            String text = heard("");
            double confidence = segments.stream().filter(r -> !r.isEmpty()).mapToDouble(Recognition::confidence)
                    .average().orElse(0);
            return text.isEmpty() ? Recognition.NOTHING : new Recognition(text, confidence);
        } finally {
            close();
        }
    }

    private String heard(String running) {
        StringBuilder text = new StringBuilder();
        for (Recognition segment : segments) {
            if (!segment.isEmpty()) {
                text.append(text.isEmpty() ? "" : " ").append(segment.text());
            }
        }
        if (!running.isEmpty()) {
            text.append(text.isEmpty() ? "" : " ").append(running);
        }
        return text.toString();
    }

    @Override
    public void close() {
        done = true;
        if (!closed) {
            closed = true;
            recognizer.close();
        }
    }
}

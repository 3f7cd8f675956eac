package jp.uketsuke.speech;

import java.time.Duration;

/** Mono 16-bit linear PCM at a given sample rate. */
public record AudioClip(int sampleRate, short[] samples) {

    public AudioClip {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRate);
        }
    }

    public Duration duration() {
        return Duration.ofMillis(samples.length * 1000L / sampleRate);
    }
}

package jp.uketsuke.voicebot.internal;

import jp.uketsuke.speech.AudioClip;
import jp.uketsuke.speech.Resampler;
import jp.uketsuke.speech.SpeechException;
import jp.uketsuke.speech.WavFiles;
import jp.uketsuke.speech.WavRejected;
import jp.uketsuke.voicebot.PromptRecordings;
import jp.uketsuke.voicebot.PromptRecordings.Problem;
import jp.uketsuke.voicebot.PromptRecordings.Rejected;

/** What an upload must be before it is stored: a display name, and a WAV file converted to the stored form. */
final class RecordingUpload {

    /** The one form recordings are kept in: wideband, which calls at 8 kHz and 16 kHz both play well. */
    static final int STORED_RATE = 16_000;

    private static final WavFiles.Limits LIMITS = new WavFiles.Limits(PromptRecordings.MAX_BYTES, 2,
            PromptRecordings.MIN_SAMPLE_RATE, PromptRecordings.MAX_SAMPLE_RATE, PromptRecordings.MAX_DURATION);

    private RecordingUpload() {
    }

    /** The uploaded file as 16 kHz mono. */
    static AudioClip audio(byte[] wav) {
        AudioClip clip;
        try {
            clip = WavFiles.readUpload(wav, LIMITS);
        } catch (WavRejected e) {
            throw new Rejected(problem(e.reason()), e.getMessage());
        }
        try {
            return Resampler.resample(clip, STORED_RATE);
        } catch (SpeechException e) {
            // a rate such as 8001 Hz, whose ratio to 16 kHz is too fine for the resampler
            throw new Rejected(Problem.SAMPLE_RATE, "a sample rate of " + clip.sampleRate()
                    + " Hz cannot be converted; use 8000, 11025, 16000, 22050, 32000, 44100 or 48000 Hz");
        }
    }

    /** The name stripped; 1 to 100 characters, none of them control or text-direction characters. */
    static String name(String name) {
        String stripped = name == null ? "" : name.strip();
        int length = stripped.codePointCount(0, stripped.length());
        if (length < 1 || length > PromptRecordings.MAX_NAME_LENGTH) {
            throw new Rejected(Problem.NAME, "a recording's name is 1 to " + PromptRecordings.MAX_NAME_LENGTH
                    + " characters");
        }
        if (stripped.codePoints().anyMatch(RecordingUpload::hidden)) {
            throw new Rejected(Problem.NAME, "a recording's name has control characters");
        }
        return stripped;
    }

    /** Characters that hide or reorder what a list shows (bidi overrides make one name look like another). */
    private static boolean hidden(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || type == Character.SURROGATE
                || type == Character.UNASSIGNED;
    }

    private static Problem problem(WavRejected.Reason reason) {
        return switch (reason) {
            case NOT_WAV -> Problem.NOT_WAV;
            case UNSUPPORTED_FORMAT -> Problem.UNSUPPORTED_FORMAT;
            case CHANNELS -> Problem.CHANNELS;
            case SAMPLE_RATE -> Problem.SAMPLE_RATE;
            case TOO_LARGE -> Problem.TOO_LARGE;
            case TOO_LONG -> Problem.TOO_LONG;
            case NO_AUDIO -> Problem.NO_AUDIO;
            case MALFORMED -> Problem.MALFORMED;
        };
    }
}

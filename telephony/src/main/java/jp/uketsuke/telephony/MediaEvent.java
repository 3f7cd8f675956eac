package jp.uketsuke.telephony;

/** What arrives from the caller's side of an established call, in order. */
public sealed interface MediaEvent {

    /** 20 ms of the caller's audio, 16-bit linear PCM at {@link Call#sampleRate()}. */
    record Audio(short[] samples) implements MediaEvent {
    }

    /** A DTMF key the caller pressed (RFC 4733 telephone-event), reported once per key press. */
    record Digit(char digit) implements MediaEvent {
    }

    /** The call is over (caller hung up, RTP timed out, or we hung up); no more events follow. */
    record Ended(String reason) implements MediaEvent {
    }
}

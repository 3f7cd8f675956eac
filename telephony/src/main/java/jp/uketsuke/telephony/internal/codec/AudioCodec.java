package jp.uketsuke.telephony.internal.codec;

/** One direction-pair of a codec for one call; instances keep state (G.722) and are not shared. */
public interface AudioCodec {

    String name();

    /** Static RTP payload type (RFC 3551). */
    int payloadType();

    /** Sample rate of the PCM this codec takes and gives. */
    int sampleRate();

    /** RTP timestamp units per 20 ms frame (160 for all three codecs; G.722 uses an 8 kHz RTP clock). */
    default int timestampStep() {
        return 160;
    }

    byte[] encode(short[] pcm);

    short[] decode(byte[] payload, int offset, int length);
}

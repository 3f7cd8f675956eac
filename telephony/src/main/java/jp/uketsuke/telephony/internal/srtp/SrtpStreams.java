package jp.uketsuke.telephony.internal.srtp;

/**
 * One call's SRTP, both directions: the caller's master key checks and decrypts what arrives, our own
 * (fresh for this call) encrypts what we send. RTCP is not used by our media, so there is no SRTCP.
 */
public record SrtpStreams(SrtpReceiver fromCaller, SrtpSender toCaller) implements AutoCloseable {

    /** Derives the session keys of both master keys, then overwrites the master keys. */
    public static SrtpStreams of(SrtpMasterKey callerKey, SrtpMasterKey ourKey) {
        try {
            return new SrtpStreams(new SrtpReceiver(callerKey), new SrtpSender(ourKey));
        } finally {
            callerKey.destroy();
            ourKey.destroy();
        }
    }

    @Override
    public void close() {
        fromCaller.close();
        toCaller.close();
    }
}

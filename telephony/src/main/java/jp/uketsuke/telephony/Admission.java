package jp.uketsuke.telephony;

/** What the application decides for an incoming call: answer it with a session, or reject it. */
public sealed interface Admission {

    /**
     * Answer the call; {@code session} runs on its own virtual thread once the call is established.
     * {@code security} decides whether the call's audio must, may or must not be encrypted (null: PREFERRED).
     */
    record Answer(CallSession session, MediaSecurity security) implements Admission {
        public Answer {
            security = security == null ? MediaSecurity.PREFERRED : security;
        }

        public Answer(CallSession session) {
            this(session, MediaSecurity.PREFERRED);
        }
    }

    /** Reject with a final SIP status (e.g. 404 unknown number, 480 temporarily unavailable). */
    record Reject(int status, String reason) implements Admission {
        public Reject {
            if (status < 400 || status > 699) {
                throw new IllegalArgumentException("a rejection needs a 4xx-6xx status, not " + status);
            }
        }
    }

    /** Answer with {@link MediaSecurity#PREFERRED}: SRTP when the caller offers it over TLS. */
    static Admission answer(CallSession session) {
        return new Answer(session);
    }

    static Admission answer(CallSession session, MediaSecurity security) {
        return new Answer(session, security);
    }

    static Admission reject(int status, String reason) {
        return new Reject(status, reason);
    }
}

package jp.uketsuke.telephony;

/** What the application decides for an incoming call: answer it with a session, or reject it. */
public sealed interface Admission {

    /** Answer the call; {@code session} runs on its own virtual thread once the call is established. */
    record Answer(CallSession session) implements Admission {
    }

    /** Reject with a final SIP status (e.g. 404 unknown number, 480 temporarily unavailable). */
    record Reject(int status, String reason) implements Admission {
        public Reject {
            if (status < 400 || status > 699) {
                throw new IllegalArgumentException("a rejection needs a 4xx-6xx status, not " + status);
            }
        }
    }

    static Admission answer(CallSession session) {
        return new Answer(session);
    }

    static Admission reject(int status, String reason) {
        return new Reject(status, reason);
    }
}

package jp.uketsuke.telephony;

/** The conversation with one answered caller. When {@link #run} returns or throws, the call is hung up. */
@FunctionalInterface
public interface CallSession {

    void run(Call call) throws Exception;
}

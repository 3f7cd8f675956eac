package jp.uketsuke.telephony;

/** The application's side of telephony: told of every new inbound call, decides what happens to it. */
@FunctionalInterface
public interface CallListener {

    /** Called on a SIP thread for each new INVITE; must return quickly (no I/O-bound work here). */
    Admission onIncomingCall(CallRequest request);
}

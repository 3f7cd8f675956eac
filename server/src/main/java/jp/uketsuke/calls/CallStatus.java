package jp.uketsuke.calls;

/**
 * Where the team is with a call (F7): every call starts 未対応 and moves forward as staff take it up. Independent of
 * {@link CallOutcome}, which says how the call itself ended.
 */
public enum CallStatus {
    /** 未対応: nobody has dealt with it yet. */
    OPEN,
    /** 対応中: someone is on it (calling back, looking into it). */
    IN_PROGRESS,
    /** 対応済み: nothing more to do. */
    DONE
}

package jp.uketsuke.incidents;

/** What happened, in the words of Japanese incident handling; the console labels them from the message bundles. */
public enum IncidentKind {
    /** 不正アクセス */
    UNAUTHORISED_ACCESS,
    /** 誤送信 */
    MISDELIVERY,
    /** 紛失・盗難 */
    LOST_DEVICE,
    /** マルウェア */
    MALWARE,
    /** 内部不正 */
    INSIDER,
    /** 発信の悪用: the bot's outbound calls or messages used against others */
    OUTBOUND_ABUSE,
    OTHER
}

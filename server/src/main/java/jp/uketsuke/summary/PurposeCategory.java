package jp.uketsuke.summary;

/**
 * Why the caller called, from a fixed list (F2): a summariser may only choose one of these, so neither a caller nor an
 * LLM can put free text where staff expect a category. Labels come from the message bundles ({@code summary.category.*}).
 */
public enum PurposeCategory {
    /** 問い合わせ */
    INQUIRY,
    /** 予約 (booking, changing or cancelling) */
    APPOINTMENT,
    /** 折り返し依頼 */
    CALLBACK,
    /** 苦情 */
    COMPLAINT,
    /** 営業 */
    SALES,
    /** 伝言 */
    MESSAGE,
    /** その他 */
    OTHER
}

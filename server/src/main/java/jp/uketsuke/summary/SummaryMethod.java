package jp.uketsuke.summary;

/** What made a summary: the offline rules, or the configured LLM (whose answer passed validation). */
public enum SummaryMethod {
    OFFLINE,
    LLM
}

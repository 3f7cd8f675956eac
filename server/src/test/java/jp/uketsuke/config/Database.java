package jp.uketsuke.config;

/** The databases every data test runs against. */
public enum Database {
    H2,
    POSTGRES
}

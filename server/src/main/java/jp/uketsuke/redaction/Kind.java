package jp.uketsuke.redaction;

/** What a {@link Finding} is; each has its own mask (see {@link Redactor#redact}). */
public enum Kind {
    /** A Japanese phone number in any national or +81 form, or any number written after "+". */
    PHONE,
    /** An e-mail address, written or spoken ("taro at example dot com"). */
    EMAIL,
    /** A payment card number: 13 to 19 digits passing the Luhn check. */
    CARD,
    /** A My Number (個人番号): 12 digits whose last is the check digit of 総務省令第八十五号 第5条. */
    MY_NUMBER,
    /** A postal code (〒123-4567) and the address after it, or an address down to its block number. */
    POSTAL_ADDRESS
}

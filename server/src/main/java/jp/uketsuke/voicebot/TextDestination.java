package jp.uketsuke.voicebot;

/**
 * Which Japanese numbers can receive a text message (F6): mobile numbers (070, 080, 090 and eight digits) alone.
 * The others are told apart so the caller hears why theirs cannot: a landline, an IP phone, free dial, navi dial, a
 * premium-rate line.
 */
public enum TextDestination {
    MOBILE, LANDLINE, IP_PHONE, FREE_DIAL, NAVI_DIAL, PREMIUM, NOT_A_NUMBER;

    /** @param digits a number as the caller keyed it or as tenancy normalised it (national digits) */
    public static TextDestination of(String digits) {
        if (digits == null || !digits.matches("0[0-9]{8,12}")) {
            return NOT_A_NUMBER;
        }
        if (digits.startsWith("0120") || digits.startsWith("0800")) {
            return FREE_DIAL; // 0800 before the mobile 080: it is never a mobile number
        }
        if (digits.matches("0[789]0[0-9]{8}")) {
            return MOBILE;
        }
        if (digits.startsWith("0570")) {
            return NAVI_DIAL;
        }
        if (digits.startsWith("0990") || digits.startsWith("0180")) {
            return PREMIUM; // dial Q2 and telephone information services: charged to the caller
        }
        if (digits.matches("050[0-9]{8}")) {
            return IP_PHONE;
        }
        if (digits.length() == 10 && digits.charAt(1) != '0') {
            return LANDLINE;
        }
        return NOT_A_NUMBER;
    }
}

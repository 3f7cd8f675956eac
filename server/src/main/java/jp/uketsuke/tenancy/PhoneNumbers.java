package jp.uketsuke.tenancy;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The one place phone numbers are normalised and masked. Japanese numbers take their national form
 * ("0500000000"), whatever shape a trunk, a SIP URI or a person wrote them in; other countries' numbers keep
 * their E.164 form ("+14155550100"); anything else is not a number and becomes "".
 */
public final class PhoneNumbers {

    /** Longer input is not a phone number, whatever it contains. */
    private static final int MAX_INPUT = 128;
    private static final String SEPARATORS = "-‐‑‒–—―−ー－ ()（）.　/";

    private PhoneNumbers() {
    }

    /**
     * "0500000000", "+81500000000", "81500000000", "050-0000-0000", "tel:+81-50-0000-0000",
     * "sip:0500000000@host;user=phone", "０５０…" → national digits; "anonymous", "", null, garbage → "".
     */
    public static String normalise(String raw) {
        if (raw == null || raw.isEmpty() || raw.length() > MAX_INPUT) {
            return "";
        }
        // full-width digits and signs (０５０、＋) become ASCII
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("tel:")) {
            s = s.substring(4);
        } else if (s.startsWith("sip:") || s.startsWith("sips:")) {
            s = s.substring(s.indexOf(':') + 1);
            int at = s.indexOf('@');
            if (at >= 0) {
                s = s.substring(0, at);
            }
        }
        int parameters = s.indexOf(';');
        if (parameters >= 0) {
            s = s.substring(0, parameters);
        }
        var digits = new StringBuilder(s.length());
        boolean plus = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c == '+' && i == 0) {
                plus = true;
            } else if (SEPARATORS.indexOf(c) < 0) {
                return "";
            }
        }
        String d = digits.toString();
        if (plus || (d.startsWith("81") && !d.startsWith("0"))) {
            if (d.startsWith("81")) {
                String national = d.substring(2);
                // "+81 (0)50 …" is a common way to write it: the trunk prefix is dropped, not doubled
                return national(national.startsWith("0") ? national : "0" + national);
            }
            if (!plus || d.isEmpty() || d.startsWith("0") || d.length() < 8 || d.length() > 15) {
                return "";
            }
            return "+" + d;
        }
        return national(d);
    }

    /** A number for display to staff who may not see it whole: first 3 and last 4 digits, e.g. "090-****-5678". */
    public static String mask(String number) {
        String n = normalise(number);
        if (n.isEmpty()) {
            return "";
        }
        return n.substring(0, 3) + "-****-" + n.substring(n.length() - 4);
    }

    private static String national(String digits) {
        // Japanese national numbers: 0 + 9 or 10 digits (fixed lines, 050, 070/080/090, 0120, 0570, 0800)
        if (digits.length() < 10 || digits.length() > 11 || digits.charAt(0) != '0' || digits.charAt(1) == '0') {
            return "";
        }
        return digits;
    }
}

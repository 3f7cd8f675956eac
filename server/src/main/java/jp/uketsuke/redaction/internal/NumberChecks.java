package jp.uketsuke.redaction.internal;

/**
 * The checks a run of digits is put to. Each looks at {@code length} digits of {@code d} from {@code from}, so a
 * long run is searched without copying it.
 */
final class NumberChecks {

    private NumberChecks() {
    }

    /**
     * A Japanese number: 10 digits "0X…" (fixed lines, 0120, 0570), 11 digits "0X0…" (070/080/090, 050, 0800, 020),
     * or either after the country code, "81 90 …" or "81 (0)90 …".
     */
    static boolean isJapanesePhone(String d, int from, int length) {
        if (length >= 11 && d.charAt(from) == '8' && d.charAt(from + 1) == '1') {
            int rest = from + 2;
            int restLength = length - 2;
            if (d.charAt(rest) == '0') {
                rest++;
                restLength--;
            }
            return isNationalSignificant(d, rest, restLength);
        }
        return length >= 10 && d.charAt(from) == '0' && isNationalSignificant(d, from + 1, length - 1);
    }

    /** The number without its trunk prefix 0: 9 digits, or 10 digits whose second is 0 (90…, 80…, 50…, 800…). */
    private static boolean isNationalSignificant(String d, int from, int length) {
        if (length < 9 || length > 10 || d.charAt(from) == '0') {
            return false;
        }
        return length == 9 || d.charAt(from + 1) == '0';
    }

    /** Luhn (ISO/IEC 7812) over 13 to 19 digits, the lengths card numbers have. */
    static boolean isCard(String d, int from, int length) {
        if (length < 13 || length > 19) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < length; i++) {
            int digit = d.charAt(from + length - 1 - i) - '0';
            if (i % 2 == 1) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    /**
     * 個人番号: 11 digits and a check digit, 総務省令第八十五号 第5条. With P(n) the n-th of the 11 digits counted from
     * the lowest and Q(n) = n + 1 for n ≤ 6, n − 5 for n ≥ 7, the check digit is 11 − (Σ P(n)·Q(n) mod 11), or 0 when
     * that remainder is 0 or 1.
     */
    static boolean isMyNumber(String d, int from, int length) {
        return length == 12 && d.charAt(from + 11) - '0' == myNumberCheckDigit(d, from);
    }

    /** The check digit for the 11 digits of {@code d} from {@code from}. */
    static int myNumberCheckDigit(String d, int from) {
        int sum = 0;
        for (int n = 1; n <= 11; n++) {
            int p = d.charAt(from + 11 - n) - '0';
            int q = n <= 6 ? n + 1 : n - 5;
            sum += p * q;
        }
        int remainder = sum % 11;
        return remainder <= 1 ? 0 : 11 - remainder;
    }
}

package jp.uketsuke.identity.internal;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** What a password must be (S4), and the one-time passwords we hand out. */
final class PasswordPolicy {

    static final int MIN_LENGTH = 12;
    /** Argon2 hashes any length, but an upper bound keeps a login request from being a CPU weapon. */
    static final int MAX_LENGTH = 128;

    /** Rejection reasons; each is a message key under {@code password.rejected.}. */
    enum Rejection { TOO_SHORT, TOO_LONG, COMMON, CONTAINS_USERNAME }

    /** Alphabet without look-alikes (0/O, 1/l/I) so a password read off a screen is typed right. */
    private static final char[] ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Passwords of at least 12 characters that lists of breached passwords show people still choose. */
    private static final Set<String> COMMON = Set.of(
            "123456789012", "1234567890123", "12345678901234", "123456123456", "111111111111",
            "000000000000", "123123123123", "qwertyuiopas", "qwertyuiop123", "qwerty123456",
            "1qaz2wsx3edc", "1q2w3e4r5t6y", "zaq12wsxcde3", "asdfghjkl123", "passwordpassword",
            "password1234", "password12345", "password123456", "password!123", "p@ssw0rd1234",
            "passw0rd1234", "iloveyou1234", "letmein12345", "welcome12345", "welcome123456",
            "administrator", "administrator1", "admin1234567", "adminadmin123", "changeme1234",
            "abc123abc123", "abcdefghijkl", "abcd1234abcd", "aaaaaaaaaaaa", "qwertyqwerty",
            "football1234", "baseball1234", "princess1234", "sunshine1234", "superman1234",
            "trustno11234", "monkey123456", "dragon123456", "master123456", "michael12345",
            "uketsuke1234", "uketsuke12345", "uketsukeuketsuke", "receptionist", "reception123",
            "konnichiwa123", "arigatou1234", "sakura123456", "tokyo1234567", "nihon1234567");

    private PasswordPolicy() {
    }

    static Optional<Rejection> check(String username, String password) {
        if (password == null || password.codePointCount(0, password.length()) < MIN_LENGTH) {
            return Optional.of(Rejection.TOO_SHORT);
        }
        if (password.length() > MAX_LENGTH) {
            return Optional.of(Rejection.TOO_LONG);
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (COMMON.contains(lower) || lower.chars().distinct().count() <= 2) {
            return Optional.of(Rejection.COMMON);
        }
        String user = UserAccounts.normalise(username);
        if (user.length() >= 3 && lower.contains(user)) {
            return Optional.of(Rejection.CONTAINS_USERNAME);
        }
        return Optional.empty();
    }

    /** 20 random characters (~116 bits) in groups of five, e.g. "k7Qm2-xPa9d-…". */
    static String oneTimePassword() {
        StringBuilder out = new StringBuilder(23);
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                out.append('-');
            }
            out.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return out.toString();
    }
}

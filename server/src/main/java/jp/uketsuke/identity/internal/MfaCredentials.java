package jp.uketsuke.identity.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import jp.uketsuke.vault.TenantCipher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tables {@code user_mfa} and {@code mfa_recovery_codes}. TOTP secrets are sealed with the user's keys
 * ({@link AccountCiphers}: their tenant's, or the platform's).
 */
@Repository
class MfaCredentials {

    static final int RECOVERY_CODES = 10;
    static final int SECRET_BYTES = 20;

    // no 0/o, 1/l/i: recovery codes are read off paper
    private static final String RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final AccountCiphers ciphers;
    private final Clock clock;

    MfaCredentials(JdbcClient jdbc, AccountCiphers ciphers, Clock clock) {
        this.jdbc = jdbc;
        this.ciphers = ciphers;
        this.clock = clock;
    }

    static byte[] newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        RANDOM.nextBytes(secret);
        return secret;
    }

    boolean enrolled(UUID userId) {
        return jdbc.sql("SELECT COUNT(*) FROM user_mfa WHERE user_id = ?").param(userId).query(Long.class).single() > 0;
    }

    /** Stores the confirmed secret and returns fresh recovery codes, replacing any earlier ones. */
    @Transactional
    List<String> enrol(UserAccount account, byte[] secret, long confirmedStep) {
        byte[] sealed = cipher(account).seal(secret, context(account.id()));
        jdbc.sql("DELETE FROM user_mfa WHERE user_id = ?").param(account.id()).update();
        jdbc.sql("INSERT INTO user_mfa (user_id, sealed_secret, last_step, enrolled_at) VALUES (?, ?, ?, ?)")
                .params(account.id(), sealed, confirmedStep, clock.instant().atOffset(ZoneOffset.UTC)).update();
        jdbc.sql("DELETE FROM mfa_recovery_codes WHERE user_id = ?").param(account.id()).update();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String code = newRecoveryCode();
            jdbc.sql("INSERT INTO mfa_recovery_codes (user_id, code_hash) VALUES (?, ?)")
                    .params(account.id(), recoveryHash(account, code)).update();
            codes.add(code);
        }
        return codes;
    }

    /**
     * Accepts a current TOTP code once: the step is claimed with a conditional update, so two requests racing with
     * the same code cannot both win.
     */
    boolean acceptTotp(UserAccount account, String code) {
        Optional<byte[]> sealed = jdbc.sql("SELECT sealed_secret FROM user_mfa WHERE user_id = ?").param(account.id())
                .query((rs, n) -> rs.getBytes(1)).optional();
        if (sealed.isEmpty()) {
            return false;
        }
        byte[] secret = cipher(account).open(sealed.get(), context(account.id()));
        OptionalLong step = Totp.matchingStep(secret, code, clock.instant());
        return step.isPresent() && jdbc.sql("UPDATE user_mfa SET last_step = ? WHERE user_id = ? AND last_step < ?")
                .params(step.getAsLong(), account.id(), step.getAsLong()).update() == 1;
    }

    /** Spends a recovery code; each works once. */
    boolean acceptRecoveryCode(UserAccount account, String code) {
        String typed = normaliseRecoveryCode(code);
        if (typed.length() != 10) {
            return false;
        }
        return jdbc.sql("UPDATE mfa_recovery_codes SET used_at = ? WHERE user_id = ? AND code_hash = ? AND used_at IS NULL")
                .params(clock.instant().atOffset(ZoneOffset.UTC), account.id(), recoveryHash(account, typed)).update() == 1;
    }

    @Transactional
    void remove(UUID userId) {
        jdbc.sql("DELETE FROM user_mfa WHERE user_id = ?").param(userId).update();
        jdbc.sql("DELETE FROM mfa_recovery_codes WHERE user_id = ?").param(userId).update();
    }

    int unusedRecoveryCodes(UUID userId) {
        return jdbc.sql("SELECT COUNT(*) FROM mfa_recovery_codes WHERE user_id = ? AND used_at IS NULL").param(userId)
                .query(Long.class).single().intValue();
    }

    static String normaliseRecoveryCode(String code) {
        return code == null ? "" : code.replaceAll("[\\s-]", "").toLowerCase(Locale.ROOT);
    }

    private static String newRecoveryCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            code.append(RECOVERY_ALPHABET.charAt(RANDOM.nextInt(RECOVERY_ALPHABET.length())));
            if (i == 4) {
                code.append('-');
            }
        }
        return code.toString();
    }

    /** Keyed with the vault's PRF: a copy of the database alone is not enough to search for the codes offline. */
    private String recoveryHash(UserAccount account, String code) {
        return cipher(account).index("mfa-recovery:" + account.id() + ":" + normaliseRecoveryCode(code));
    }

    private static String context(UUID userId) {
        return "user:" + userId + ":totp";
    }

    private TenantCipher cipher(UserAccount account) {
        return ciphers.of(account.tenantId());
    }
}

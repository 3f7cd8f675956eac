package jp.uketsuke.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import jp.uketsuke.identity.internal.PasswordPolicy.Rejection;
import org.junit.jupiter.api.Test;

class PasswordPolicyTest {

    @Test
    void passwordsUnderTwelveCharactersAreRefused() {
        assertThat(PasswordPolicy.check("alice", "elevenchars")).contains(Rejection.TOO_SHORT);
        assertThat(PasswordPolicy.check("alice", "")).contains(Rejection.TOO_SHORT);
        assertThat(PasswordPolicy.check("alice", null)).contains(Rejection.TOO_SHORT);
        assertThat(PasswordPolicy.check("alice", "twelve chars")).isEmpty();
    }

    @Test
    void japaneseCharactersCountAsOneEach() {
        assertThat(PasswordPolicy.check("alice", "受付の合言葉はとても長い")).isEmpty();
        assertThat(PasswordPolicy.check("alice", "受付の合言葉")).contains(Rejection.TOO_SHORT);
    }

    @Test
    void commonPasswordsAreRefusedWhateverTheCase() {
        assertThat(PasswordPolicy.check("alice", "password1234")).contains(Rejection.COMMON);
        assertThat(PasswordPolicy.check("alice", "PassWord1234")).contains(Rejection.COMMON);
        assertThat(PasswordPolicy.check("alice", "1qaz2wsx3edc")).contains(Rejection.COMMON);
        assertThat(PasswordPolicy.check("alice", "abababababab")).contains(Rejection.COMMON);
    }

    @Test
    void passwordsContainingTheUserNameAreRefused() {
        assertThat(PasswordPolicy.check("Suzuki", "my name is suzuki!")).contains(Rejection.CONTAINS_USERNAME);
    }

    @Test
    void overlongPasswordsAreRefused() {
        assertThat(PasswordPolicy.check("alice", "x1".repeat(65))).contains(Rejection.TOO_LONG);
    }

    @Test
    void oneTimePasswordsPassThePolicyAndDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String password = PasswordPolicy.oneTimePassword();
            assertThat(password).matches("[a-zA-Z2-9]{5}(-[a-zA-Z2-9]{5}){3}");
            assertThat(PasswordPolicy.check("admin", password)).isEmpty();
            assertThat(seen.add(password)).isTrue();
        }
    }
}
